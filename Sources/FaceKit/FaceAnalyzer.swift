import Foundation
import MediaKit

/// The face-analysis engine: one pass over a video gives its `FaceTrack`; a photo gives every
/// face in it.
///
/// Thread-safe: the landmark model is shared read-only and each call makes its own detector,
/// so one analyzer may serve several threads. Calls block and are CPU-bound: run them off the
/// cooperative thread pool.
public final class FaceAnalyzer: Sendable {
    public let configuration: FaceAnalyzerConfiguration
    public let landmarkModel: LandmarkModel
    public let measurer: FaceMeasurer

    /// Loads the landmark model named by the configuration (about a second).
    /// - Throws: `FaceKitError.landmarkModelNotFound`, `.landmarkModelUnreadable`.
    public convenience init(configuration: FaceAnalyzerConfiguration = FaceAnalyzerConfiguration()) throws(FaceKitError) {
        try self.init(configuration: configuration, landmarkModel: LandmarkModel(path: configuration.landmarkModelPath))
    }

    /// Uses an already loaded model, which must be a 68-point one.
    /// - Throws: `FaceKitError.landmarkModelUnreadable` for a model with another markup.
    public init(configuration: FaceAnalyzerConfiguration, landmarkModel: LandmarkModel, measurer: FaceMeasurer = FaceMeasurer()) throws(FaceKitError) {
        guard landmarkModel.pointCount == FaceLandmarks.pointCount else {
            throw .landmarkModelUnreadable(
                path: landmarkModel.path, reason: "it predicts \(landmarkModel.pointCount) points, the 68-point markup is needed")
        }
        self.configuration = configuration
        self.landmarkModel = landmarkModel
        self.measurer = measurer
    }

    /// One pass over the video at `url`: `configuration.framesPerSecond` frames per second,
    /// scaled to at most `configuration.maximumWidth`, each with the face count and the
    /// candidate's face measured (see `FaceTracker` for the detection cadence).
    /// `progress` gets the fraction of the video done, 0...1, after each analysed frame.
    /// - Throws: `MediaError` when the video cannot be decoded (what was decoded before a
    ///   truncation is lost), `FaceKitError.engineFailed`.
    public func analyze(videoAt url: URL, progress: (Double) -> Void = { _ in }) throws -> FaceTrack {
        let info = try MediaProbe.probe(url)
        let codedWidth = info.width ?? configuration.maximumWidth, codedHeight = info.height ?? configuration.maximumWidth
        let reader = VideoFrameReader(options: .init(
            framesPerSecond: configuration.framesPerSecond, width: min(codedWidth, configuration.maximumWidth), pixelFormat: .gray8))
        let search = try FaceSearch()
        var tracker: FaceTracker?
        var frames: [FaceFrame] = []
        var size = (width: 0, height: 0)
        try reader.readFrames(from: url) { frame in
            let image = GrayImage(frame)
            if tracker == nil {
                size = (image.width, image.height)
                // A rotated video is decoded upright: its displayed width is the coded height.
                let turned = (image.height > image.width) != (codedHeight > codedWidth)
                let sourceWidth = Double(turned ? codedHeight : codedWidth)
                tracker = FaceTracker(
                    search: search, model: landmarkModel, measurer: measurer,
                    cadence: .init(
                        detectEveryFrames: configuration.detectEveryFrames,
                        fullSearchEveryFrames: configuration.fullSearchEveryFrames,
                        fullSearchScale: configuration.fullSearchScale(analysedPerSource: Double(image.width) / sourceWidth)))
            }
            frames.append(try tracker!.process(image, time: frame.timeSeconds))
            progress(min(1, frame.timeSeconds / info.durationSeconds))
        }
        progress(1)
        return FaceTrack(
            width: size.width, height: size.height, framesPerSecond: configuration.framesPerSecond,
            durationSeconds: info.durationSeconds, settings: settings, frames: frames)
    }

    /// The track's record of the cadence and model.
    public var settings: FaceTrackSettings {
        FaceTrackSettings(
            detectEveryFrames: configuration.detectEveryFrames,
            fullSearchIntervalSeconds: Double(configuration.fullSearchEveryFrames) / configuration.framesPerSecond,
            minimumFaceWidth: configuration.minimumFaceWidth, landmarkModel: landmarkModel.path)
    }

    /// Every face in the PNG or JPEG file at `url` that is at least `minimumFaceWidth` pixels
    /// wide (default: the configuration's).
    /// - Throws: `FaceKitError.imageUnreadable`, `.engineFailed`.
    public func analyzePhoto(at url: URL, minimumFaceWidth: Int? = nil) throws(FaceKitError) -> PhotoFaces {
        try faces(in: GrayImage(RGBImage(contentsOf: url)), minimumFaceWidth: minimumFaceWidth)
    }

    /// Every face in `image` at least `minimumFaceWidth` pixels wide (default: the
    /// configuration's), found by the same whole-frame search as in videos, each measured.
    public func faces(in image: GrayImage, minimumFaceWidth: Int? = nil) throws(FaceKitError) -> PhotoFaces {
        let search = try FaceSearch()
        var photoConfiguration = configuration
        if let minimumFaceWidth { photoConfiguration.minimumFaceWidth = minimumFaceWidth }
        let scale = photoConfiguration.fullSearchScale()
        var faces: [FaceMeasurement] = []
        for detection in try search.wholeFrame(image, scale: scale, knownFaces: []) {
            let landmarks = try landmarkModel.landmarks(in: image, box: detection.box)
            faces.append(measurer.measure(box: detection.box, landmarks: landmarks, detectionScore: detection.score, in: image))
        }
        return PhotoFaces(width: image.width, height: image.height, faces: faces)
    }
}
