/// One picture of a video, upright and converted, with its place on the file's timeline.
public struct VideoFrame: Sendable, Equatable {
    /// When this picture is on screen, in seconds from the start of the file's timeline: the
    /// output slot `k / framesPerSecond` when the reader resamples the frame rate, else the
    /// decoded frame's presentation time.
    public var timeSeconds: Double
    /// Presentation time of the decoded frame shown, in seconds on the same timeline (equal to
    /// `timeSeconds` without frame-rate resampling; a frame repeated for several slots keeps it).
    public var sourceTimeSeconds: Double
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    public var pixelFormat: PixelFormat
    /// `height` rows of `width * pixelFormat.bytesPerPixel` bytes, top row first.
    public var pixels: [UInt8]

    public init(timeSeconds: Double, sourceTimeSeconds: Double, width: Int, height: Int, pixelFormat: PixelFormat, pixels: [UInt8]) {
        precondition(pixels.count == width * height * pixelFormat.bytesPerPixel, "pixel buffer does not match the size")
        self.timeSeconds = timeSeconds
        self.sourceTimeSeconds = sourceTimeSeconds
        self.width = width
        self.height = height
        self.pixelFormat = pixelFormat
        self.pixels = pixels
    }
}
