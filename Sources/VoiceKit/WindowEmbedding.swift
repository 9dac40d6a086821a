/// The speaker embedding of one window of a recording.
public struct WindowEmbedding: Sendable, Equatable {
    /// Window start in seconds from the start of the audio given to `embedWindows`.
    public let startSeconds: Double
    /// Window end in seconds (exclusive).
    public let endSeconds: Double
    /// 256 non-negative floats, unit norm.
    public let embedding: [Float]
}
