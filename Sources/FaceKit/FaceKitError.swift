/// Why face analysis could not run. Decoding failures of a video are `MediaKit.MediaError`,
/// passed through unchanged.
public enum FaceKitError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No landmark model file at this path (Debian's libdlib-data installs the default one).
    case landmarkModelNotFound(path: String)
    /// The file exists but dlib cannot read it as a shape predictor.
    case landmarkModelUnreadable(path: String, reason: String)
    /// A picture file that cannot be read as PNG or JPEG.
    case imageUnreadable(path: String, reason: String)
    /// A JPEG that could not be written.
    case imageNotWritten(path: String, reason: String)
    /// dlib failed inside a detection or a landmark fit (out of memory, or a bug here);
    /// `reason` is dlib's message.
    case engineFailed(reason: String)

    public var description: String {
        switch self {
        case .landmarkModelNotFound(let path):
            "Face landmark model not found: \(path) (install libdlib-data or set the model path)"
        case .landmarkModelUnreadable(let path, let reason):
            "Face landmark model cannot be read: \(path) (\(reason))"
        case .imageUnreadable(let path, let reason):
            "Picture cannot be read: \(path) (\(reason))"
        case .imageNotWritten(let path, let reason):
            "Picture cannot be written: \(path) (\(reason))"
        case .engineFailed(let reason):
            "Face analysis failed inside dlib (\(reason))"
        }
    }
}
