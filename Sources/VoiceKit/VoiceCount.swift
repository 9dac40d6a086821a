/// How many distinct voices a recording contains, and where the voices other than the dominant
/// one speak. Times are seconds of the analysed recording.
public struct VoiceCount: Sendable, Equatable {
    /// One detected voice.
    public struct Voice: Sendable, Equatable {
        /// Seconds of speech attributed to this voice (windows' hop-length shares).
        public let speakingSeconds: Double
        /// Where this voice speaks, merged into contiguous ranges.
        public let ranges: [SpeechSegment]
        /// Mean embedding of the voice's windows, renormalised (256 floats).
        public let embedding: [Float]
    }

    /// 0 when there is no speech, else 1 or more.
    public let numSpeakers: Int
    /// Mean silhouette (cosine distance) of the best split into voices, in [−1, 1]; 0 when fewer
    /// than two candidate voices were found.
    public let silhouette: Double
    /// Cosine between the mean embeddings of the two largest candidate voices (1 when none).
    public let centroidCosine: Double
    /// Confidence in `numSpeakers`, in [0.5, 1]: how far the deciding cue is from its threshold.
    public let confidence: Double
    /// The voices, dominant (most speech) first. Empty when there is no speech.
    public let voices: [Voice]
    /// Ranges where a voice other than the dominant one speaks (empty for one voice).
    public let secondVoice: [SpeechSegment]
    /// Seconds of speech analysed (after voice activity detection).
    public let speechSeconds: Double
}
