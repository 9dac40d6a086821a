/// Thresholds of `VoiceCounter`; defaults calibrated on real speech (docs/voice.md, "Counting voices").
public struct VoiceCountConfiguration: Sendable, Equatable {
    /// Analysis window, in 10 ms mel frames: 160 = 1.6 s, the length the encoder was trained on.
    public var windowFrames = 160
    /// Hop between windows in frames: 0.4 s (75 % overlap). With 50 % overlap a 3 s turn gives
    /// only one or two windows that lie wholly inside it, too few to form a voice.
    public var hopFrames = 40
    /// Average-linkage merge threshold on window cosine similarity.
    public var mergeThreshold = 0.65
    /// A candidate voice needs at least this many windows (with the default hop, 3 windows span
    /// 2.4 s of speech); smaller clusters are folded into the most similar voice.
    public var minWindowsPerVoice = 3
    /// Two voices are reported only when the cosine of their mean embeddings is at most this.
    /// Calibration: different real speakers 0.62–0.74; the same reader's utterances ≥ 0.75
    /// (3–7 s each, reference §8), and longer averages of one voice are more alike still.
    public var maxCentroidCosine = 0.80
    /// … and the mean silhouette of the windows (cosine distance) is at least this.
    /// Calibration: two real speakers 0.37–0.50; one reader never formed a second voice.
    public var minSilhouette = 0.20
    /// Confidence scale: a cue this far past its threshold gives confidence ≈ 0.88.
    public var confidenceScale = 0.05

    public init() {}
}
