/// The state of one pass over a video: which face is the candidate's, where it is, when the
/// detector last confirmed it, and what the latest whole-frame search found. Feed it the
/// analysed frames in time order.
///
/// Per frame, in this order:
/// 1. A tracked face's box is carried from its previous landmarks (`BoxAnchor`).
/// 2. Every `fullSearchEveryFrames` frames the whole frame is searched for every face: the
///    face count, a refreshed detection of the tracked face, or a face to track (the largest)
///    when none is.
/// 3. Every `detectEveryFrames` frames since its last detection, the tracked face is looked for
///    near its box; not found there, it is lost, and the whole frame is searched at once so the
///    count drops with it and another face can be taken up.
/// 4. While no face is tracked, the place where the last one was is searched on every frame
///    (cheap), so a face that was covered is taken up again on its first visible frame.
/// 5. The tracked face's landmarks are fitted from its box and measured.
///
/// Not thread-safe (it owns a detector).
final class FaceTracker {
    struct Cadence {
        /// Frames between detections of the tracked face (landmarks are tracked in between).
        var detectEveryFrames: Int
        /// Frames between two whole-frame searches.
        var fullSearchEveryFrames: Int
        /// Resampling of the whole-frame search (so the smallest wanted face is found).
        var fullSearchScale: Double
    }

    private struct TrackedFace {
        var box: PixelRect
        var landmarks: FaceLandmarks
        var anchor: BoxAnchor
        var framesSinceDetection: Int
    }

    private let search: FaceSearch
    private let model: LandmarkModel
    private let measurer: FaceMeasurer
    private let cadence: Cadence
    private var tracked: TrackedFace?
    /// Where the last tracked face was when it was lost.
    private var lastSeen: PixelRect?
    /// Index of the next frame to process, and of the next frame due for a whole-frame search.
    private var frameIndex = 0
    private var nextFullSearch = 0
    /// Faces other than the tracked one in the latest whole-frame search.
    private var otherFaces: [PixelRect] = []
    private var latestFaceCount = 0

    init(search: FaceSearch, model: LandmarkModel, measurer: FaceMeasurer, cadence: Cadence) {
        precondition(cadence.detectEveryFrames >= 1 && cadence.fullSearchEveryFrames >= 1, "cadences are at least one frame")
        self.search = search
        self.model = model
        self.measurer = measurer
        self.cadence = cadence
    }

    /// Analyses the next frame, `time` seconds into the video.
    func process(_ image: GrayImage, time: Double) throws(FaceKitError) -> FaceFrame {
        var detection: FaceDetection?
        var fullSearch = false
        if var face = tracked {
            face.box = face.anchor.box(for: face.landmarks)
            face.framesSinceDetection += 1
            tracked = face
        }
        defer { frameIndex += 1 }
        if frameIndex >= nextFullSearch {
            detection = try searchWholeFrame(image)
            fullSearch = true
        }
        if let face = tracked, detection == nil, face.framesSinceDetection >= cadence.detectEveryFrames {
            detection = try search.near(face.box, in: image, threshold: DetectorCalibration.knownFaceThreshold)
            if detection == nil {
                lastSeen = face.box
                tracked = nil
                if !fullSearch {
                    detection = try searchWholeFrame(image)
                    fullSearch = true
                }
            }
        }
        if tracked == nil, detection == nil, let lastSeen {
            detection = try search.near(lastSeen, in: image, threshold: DetectorCalibration.reappearingFaceThreshold)
        }

        var measurement: FaceMeasurement?
        if let detection {
            // A re-detection of the tracked face is averaged with the carried box: the detector's
            // boxes jump by pyramid steps (up to a sixth of the size), which would shake the
            // landmarks and the pose from one detection to the next.
            let box = tracked.map { Self.average(detection.box, $0.box) } ?? detection.box
            let landmarks = try model.landmarks(in: image, box: box)
            tracked = TrackedFace(box: box, landmarks: landmarks, anchor: BoxAnchor(box: box, landmarks: landmarks), framesSinceDetection: 0)
            measurement = measurer.measure(box: box, landmarks: landmarks, detectionScore: detection.score, in: image)
        } else if var face = tracked {
            face.landmarks = try model.landmarks(in: image, box: face.box)
            tracked = face
            measurement = measurer.measure(box: face.box, landmarks: face.landmarks, detectionScore: nil, in: image)
        }
        if tracked != nil { lastSeen = nil }
        if fullSearch { latestFaceCount = otherFaces.count + (tracked == nil ? 0 : 1) }
        return FaceFrame(time: time, faceCount: max(latestFaceCount, tracked == nil ? 0 : 1), fullSearch: fullSearch, face: measurement)
    }

    /// The box midway between two boxes (centres and sizes averaged).
    private static func average(_ a: PixelRect, _ b: PixelRect) -> PixelRect {
        PixelRect(center: (a.center + b.center) / 2, width: (a.width + b.width) / 2, height: (a.height + b.height) / 2)
    }

    /// Searches the whole frame; updates the other faces; returns the detection of the tracked
    /// face (or of the face to track, the largest, when none is), if found.
    private func searchWholeFrame(_ image: GrayImage) throws(FaceKitError) -> FaceDetection? {
        nextFullSearch = frameIndex + cadence.fullSearchEveryFrames
        let known = otherFaces + [tracked?.box].compactMap { $0 }
        var faces = try search.wholeFrame(image, scale: cadence.fullSearchScale, knownFaces: known)
        let mine: FaceDetection?
        if let face = tracked {
            let index = faces.indices.max { faces[$0].box.intersectionOverUnion(face.box) < faces[$1].box.intersectionOverUnion(face.box) }
            if let index, DetectorCalibration.sameFace(faces[index].box, face.box) {
                mine = faces.remove(at: index)
            } else {
                mine = nil  // not found this time: the near search keeps or drops it on schedule
            }
        } else {
            mine = faces.isEmpty ? nil : faces.removeFirst()
        }
        otherFaces = faces.map(\.box)
        return mine
    }
}
