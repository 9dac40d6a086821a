/// How `FaceAnalyzer` samples and searches a video. The defaults suit answer videos from
/// webcams and phones.
public struct FaceAnalyzerConfiguration: Sendable, Equatable {
    /// Analysed frames per second of video. Blinks last 100-400 ms, so 15 sees most blinks on at
    /// least two frames.
    public var framesPerSecond: Double
    /// Frames wider than this are scaled down before analysis (pixels); narrower ones are
    /// analysed at their own size. 1280 keeps 720p whole and halves 1080p.
    public var maximumWidth: Int
    /// Analysed frames between two detections of the tracked face; landmarks are tracked from
    /// the previous frame in between. 3 at 15 fps notices a covered face within 0.2 s.
    public var detectEveryFrames: Int
    /// Seconds between two searches of the whole frame for every face. 0.4 s reports a second
    /// person, or a face that left, within half a second.
    public var fullSearchIntervalSeconds: Double
    /// Smallest face width, in source-video pixels (the detector's box, about cheek to cheek),
    /// the whole-frame search is made to find.
    public var minimumFaceWidth: Int
    /// The 68-point landmark model.
    public var landmarkModelPath: String

    public init(
        framesPerSecond: Double = 15, maximumWidth: Int = 1280, detectEveryFrames: Int = 3,
        fullSearchIntervalSeconds: Double = 0.4, minimumFaceWidth: Int = 60,
        landmarkModelPath: String = LandmarkModel.defaultPath
    ) {
        precondition(framesPerSecond > 0, "framesPerSecond must be positive")
        precondition(maximumWidth >= 16, "maximumWidth is too small")
        precondition(detectEveryFrames >= 1, "detectEveryFrames must be at least 1")
        precondition(fullSearchIntervalSeconds > 0, "fullSearchIntervalSeconds must be positive")
        precondition(minimumFaceWidth > 0, "minimumFaceWidth must be positive")
        self.framesPerSecond = framesPerSecond
        self.maximumWidth = maximumWidth
        self.detectEveryFrames = detectEveryFrames
        self.fullSearchIntervalSeconds = fullSearchIntervalSeconds
        self.minimumFaceWidth = minimumFaceWidth
        self.landmarkModelPath = landmarkModelPath
    }

    /// Analysed frames between whole-frame searches: as many as fit in the interval, at least 1.
    var fullSearchEveryFrames: Int {
        max(1, Int((fullSearchIntervalSeconds * framesPerSecond + 1e-9).rounded(.down)))
    }

    /// The whole-frame search's resampling for a face `minimumFaceWidth` source pixels wide,
    /// shown `analysedPerSource` analysed pixels per source pixel (1.5 for the defaults on a
    /// video analysed at its own size).
    public func fullSearchScale(analysedPerSource: Double = 1) -> Double {
        DetectorCalibration.smallestFaceResampledWidth / (Double(minimumFaceWidth) * analysedPerSource)
    }
}
