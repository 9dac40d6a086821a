import Foundation

/// The detector with FaceKit's policy around it: the whole-frame search for every face (with
/// candidates re-checked before they count) and the search near a known face.
///
/// The whole-frame search is the costly step (the frame is resampled up for small faces), so it
/// runs on two threads: the two largest pyramid levels, where the smallest faces are found and
/// which hold about half the work, on a GCD worker, the rest on the calling thread.
///
/// Not thread-safe (it owns detectors); one per analysis.
final class FaceSearch {
    private let detector: FaceDetector
    private let smallFaces: BackgroundDetector

    /// dlib's pyramid shrinks each level to 5/6 of the one before.
    static let pyramidStep = 5.0 / 6.0
    /// Levels scanned by the small-face half of the whole-frame search.
    static let smallFaceLevels = 2

    init() throws(FaceKitError) {
        detector = try FaceDetector()
        smallFaces = BackgroundDetector(try FaceDetector(maximumPyramidLevels: Self.smallFaceLevels))
    }

    /// Every face in `image`, searched after resampling by `scale`. A candidate counts if it
    /// scores `DetectorCalibration.acceptThreshold` (directly or on a re-check), or overlaps one
    /// of `knownFaces` (then the lower known-face threshold applies). Largest face first.
    func wholeFrame(_ image: GrayImage, scale: Double, knownFaces: [PixelRect]) throws(FaceKitError) -> [FaceDetection] {
        var accepted: [FaceDetection] = []
        for candidate in try candidates(image, scale: scale) {
            let known = knownFaces.contains { DetectorCalibration.sameFace($0, candidate.box) }
            if (known && candidate.score >= DetectorCalibration.knownFaceThreshold) || candidate.score >= DetectorCalibration.acceptThreshold {
                accepted.append(candidate)
            } else if let rechecked = try recheck(candidate, in: image) {
                accepted.append(rechecked)
            }
        }
        return accepted.sorted { $0.box.width > $1.box.width }
    }

    /// The face near `box` (where a face was), or nil: the best detection in the surrounding
    /// region that overlaps `box` as the same face and scores at least `threshold`.
    func near(_ box: PixelRect, in image: GrayImage, threshold: Double) throws(FaceKitError) -> FaceDetection? {
        try near(box, in: image, threshold: threshold, resampledWidth: DetectorCalibration.knownFaceResampledWidth)
    }

    /// The whole frame's candidates, best first: the pyramid from `scale` down, split in two
    /// halves searched at once; a face found in both (at the boundary size) counts once.
    private func candidates(_ image: GrayImage, scale: Double) throws(FaceKitError) -> [FaceDetection] {
        let threshold = DetectorCalibration.candidateThreshold
        smallFaces.start(image, scale: scale, threshold: threshold)
        let largerScale = scale * pow(Self.pyramidStep, Double(Self.smallFaceLevels))
        let larger: Result<[FaceDetection], FaceKitError> = Result { () throws(FaceKitError) in
            try detector.detect(in: image, scale: largerScale, threshold: threshold)
        }
        let smaller = try smallFaces.wait()
        var merged: [FaceDetection] = []
        for detection in try (larger.get() + smaller).sorted(by: { $0.score > $1.score })
        where !merged.contains(where: { $0.box.intersectionOverUnion(detection.box) >= DetectorCalibration.sameFaceOverlap }) {
            merged.append(detection)
        }
        return merged
    }

    private func near(_ box: PixelRect, in image: GrayImage, threshold: Double, resampledWidth: Double) throws(FaceKitError) -> FaceDetection? {
        let region = box.expanded(by: DetectorCalibration.knownFaceMargin)
        let scale = resampledWidth / max(box.width, 1)
        return try detector.detect(in: image, region: region, scale: scale, threshold: threshold)
            .filter { DetectorCalibration.sameFace($0.box, box) }
            .max { $0.score < $1.score }
    }

    /// The candidate's best detection over the re-check sizes if one reaches the accept score.
    private func recheck(_ candidate: FaceDetection, in image: GrayImage) throws(FaceKitError) -> FaceDetection? {
        for width in DetectorCalibration.recheckWidths {
            if let found = try near(candidate.box, in: image, threshold: DetectorCalibration.acceptThreshold, resampledWidth: width) {
                return found
            }
        }
        return nil
    }
}
