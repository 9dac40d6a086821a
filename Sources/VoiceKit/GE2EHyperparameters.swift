/// The fixed parameters of Resemblyzer 0.1.4's GE2E speaker encoder (`hparams.py` and
/// `voice_encoder.py` as installed; see /work/shared/reference/ge2e-reference.md section 4).
/// The pretrained weights only make sense with exactly these values.
public enum GE2EHyperparameters {
    /// Audio sample rate the whole pipeline runs at, in Hz.
    public static let sampleRate = 16_000
    /// Volume normalisation target in dBFS (increase only).
    public static let targetDBFS: Float = -30
    /// Resemblyzer's VAD window: 30 ms = 480 samples at 16 kHz.
    public static let vadWindowSamples = 480
    /// Width of the moving average over VAD window flags.
    public static let vadMovingAverageWidth = 8
    /// Longest run of non-speech windows kept inside speech (dilation reaches half of it each side).
    public static let vadMaxSilenceWindows = 6
    /// STFT window and FFT length: 25 ms.
    public static let melWindowSamples = 400
    /// STFT hop: 10 ms.
    public static let melHopSamples = 160
    /// Number of mel bands (linear power, Slaney scale and area normalisation).
    public static let melBands = 40
    /// Frames per partial utterance: 1.6 s.
    public static let partialFrames = 160
    /// Partial utterances per second of audio in `embedUtterance`.
    public static let partialsPerSecond = 1.3
    /// Minimum fraction of real audio in the last partial for it to be kept.
    public static let minCoverage = 0.75
    /// LSTM hidden size (and embedding size).
    public static let hiddenSize = 256
    /// LSTM layer count.
    public static let layerCount = 3
    /// Size of the speaker embedding.
    public static let embeddingSize = 256

    /// Frame step between partials: round(16000 / 1.3 / 160) = 77 frames.
    public static var partialStepFrames: Int {
        Int((Double(sampleRate) / partialsPerSecond / Double(melHopSamples)).rounded())
    }
}
