import Foundation

/// How to decode. The defaults are faster-whisper 1.2.1's `transcribe` defaults, so a default
/// `DecodingOptions()` reproduces its output (up to float32 rounding).
public struct DecodingOptions: Sendable, Equatable {
    /// What the decoder writes.
    public enum Task: String, Sendable, Codable {
        /// Text in the spoken language.
        case transcribe
        /// English text, whatever the spoken language.
        case translate
    }

    /// ISO 639-1 code of the spoken language (`"en"`, `"de"`, …); `nil` detects it from the
    /// first 30 s.
    public var language: String?
    public var task: Task = .transcribe
    /// Beam width at temperature 0; 1 is greedy decoding.
    public var beamSize: Int = 5
    /// Number of sampled candidates at temperatures above 0.
    public var bestOf: Int = 5
    /// Beam search stops after `round(beamSize · patience)` finished hypotheses.
    public var patience: Double = 1
    /// Hypothesis score = sum of log-probabilities / length^lengthPenalty.
    public var lengthPenalty: Double = 1
    /// Temperatures tried in order until a window's result passes the thresholds below.
    public var temperatures: [Double] = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    /// A result whose gzip compression ratio is above this is too repetitive (retry hotter).
    public var compressionRatioThreshold: Double? = 2.4
    /// A result whose average log-probability is below this is too unlikely (retry hotter).
    public var logProbThreshold: Double? = -1.0
    /// A window is silent when its no-speech probability is above this and its average
    /// log-probability is below `logProbThreshold`.
    public var noSpeechThreshold: Double? = 0.6
    /// Feed the previous windows' text as a prompt to the next window.
    public var conditionOnPreviousText: Bool = true
    /// Stop conditioning on earlier text after a window that needed a temperature above this.
    public var promptResetOnTemperature: Double = 0.5
    /// Text given to the first window as if it had been said before (vocabulary, spelling).
    public var initialPrompt: String?
    /// Forbid a blank (a lone space or `<|endoftext|>`) as the first sampled token.
    public var suppressBlank: Bool = true
    /// Token ids never sampled; -1 stands for the default set of non-speech symbols.
    public var suppressTokens: [Int] = [-1]
    /// Decode without timestamp tokens (one segment per 30 s window).
    public var withoutTimestamps: Bool = false
    /// The first timestamp of a window may not be later than this (seconds).
    public var maxInitialTimestamp: Double = 1.0
    /// Compute per-word timings from cross-attention (costs one extra decoder pass per window).
    public var wordTimestamps: Bool = false
    /// With word timestamps: punctuation merged into the following word.
    public var prependPunctuations: String = "\"'“¿([{-"
    /// With word timestamps: punctuation merged into the preceding word.
    public var appendPunctuations: String = "\"'.。,，!！?？:：”)]}、"
    /// Seed of the sampler used at temperatures above 0 (results are reproducible per seed).
    public var seed: UInt64 = 0

    public init(language: String? = nil, task: Task = .transcribe, beamSize: Int = 5,
                temperatures: [Double] = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0], wordTimestamps: Bool = false,
                initialPrompt: String? = nil, conditionOnPreviousText: Bool = true) {
        self.language = language
        self.task = task
        self.beamSize = beamSize
        self.temperatures = temperatures
        self.wordTimestamps = wordTimestamps
        self.initialPrompt = initialPrompt
        self.conditionOnPreviousText = conditionOnPreviousText
    }

    func validate() throws {
        guard beamSize >= 1 else { throw WhisperError.invalidOption("beamSize must be at least 1") }
        guard bestOf >= 1 else { throw WhisperError.invalidOption("bestOf must be at least 1") }
        guard patience > 0 else { throw WhisperError.invalidOption("patience must be positive") }
        guard !temperatures.isEmpty, temperatures.allSatisfy({ $0 >= 0 }) else {
            throw WhisperError.invalidOption("temperatures must be a non-empty list of values >= 0")
        }
    }
}
