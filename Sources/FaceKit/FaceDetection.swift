/// A face found by the HOG detector: its box in pixels of the searched picture and its score.
public struct FaceDetection: Sendable, Equatable {
    /// dlib's box: from about the eyebrows to the chin and cheek to cheek, roughly square.
    public var box: PixelRect
    /// The detector's score (the SVM margin); 0 is dlib's default threshold, real frontal faces
    /// mostly score 0.5 to 3.
    public var score: Double

    public init(box: PixelRect, score: Double) {
        self.box = box
        self.score = score
    }
}
