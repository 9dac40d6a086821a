// Whisper, part 1 of 7: hyper-parameters.
//
// The library reads top to bottom like the paper (Radford et al., "Robust Speech Recognition via
// Large-Scale Weak Supervision", 2022): hyper-parameters (this file), loading (WeightLoader,
// Tokenizer), log-mel features (LogMel), encoder (Encoder), decoder (Decoder), sampling
// (Decoding, Transcription, WordTimestamps). Numerical kernels live in Kernels.swift.

import Foundation

/// Fixed facts of Whisper's audio front end and time grid. Every Whisper model shares them.
public enum AudioConstants {
    /// Input sample rate in Hz; `transcribe` expects mono samples at this rate.
    public static let sampleRate = 16_000
    /// STFT size (25 ms).
    static let fftSize = 400
    /// STFT hop (10 ms): one mel frame per 160 samples.
    static let hopLength = 160
    /// One decoding window is 30 s of audio.
    static let chunkSeconds = 30
    /// Mel frames per 30 s window.
    static let framesPerWindow = chunkSeconds * sampleRate / hopLength  // 3000
    /// Seconds per mel frame.
    static let secondsPerFrame = Double(hopLength) / Double(sampleRate)  // 0.01
    /// Mel frames per second.
    static let framesPerSecond = sampleRate / hopLength  // 100
    /// The encoder's second convolution has stride 2: one encoder position per 2 mel frames.
    static let inputStride = 2
    /// Seconds per timestamp token step (`<|0.02|>` - `<|0.00|>`).
    static let timePrecision = 0.02
    /// Encoder positions per second (50), the time grid of word alignment.
    static let tokensPerSecond = Double(sampleRate) / Double(hopLength * inputStride)
}

/// The shape of a Whisper model, read from the weights themselves (nothing is hard-coded per
/// model size), so tiny … large-v3 and turbo all load through the same path.
public struct ModelDimensions: Sendable, Equatable {
    /// Number of mel bins of the input (80, or 128 for large-v3 and turbo).
    public var melBins: Int
    /// Encoder positions per window (1500).
    public var audioContext: Int
    /// Width of the encoder's residual stream.
    public var audioWidth: Int
    public var audioHeads: Int
    public var audioLayers: Int
    /// Vocabulary size (51865 multilingual, 51866 for large-v3).
    public var vocabularySize: Int
    /// Maximum decoder positions (448).
    public var textContext: Int
    public var textWidth: Int
    public var textHeads: Int
    public var textLayers: Int
}

/// The parts of the CTranslate2 `config.json` that decoding needs.
public struct ModelConfig: Sendable, Equatable {
    /// `[decoder layer, head]` pairs whose cross-attention follows the speech in time; used for
    /// word timestamps.
    public var alignmentHeads: [[Int]]
    /// Token ids of the language tokens, in Whisper's language order.
    public var languageTokenIds: [Int]
    /// Ids suppressed at every step when `suppress_tokens` contains -1.
    public var suppressIds: [Int]
    /// Ids suppressed at the first sampled position when `suppress_blank` is set.
    public var suppressIdsAtBegin: [Int]

    init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw WhisperError.missingModelFile(url.path)
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw WhisperError.malformedModelFile(url.path, "not a JSON object")
        }
        func ints(_ key: String) -> [Int] { (object[key] as? [Any])?.compactMap { ($0 as? NSNumber)?.intValue } ?? [] }
        alignmentHeads = (object["alignment_heads"] as? [[Any]])?.map { $0.compactMap { ($0 as? NSNumber)?.intValue } } ?? []
        languageTokenIds = ints("lang_ids")
        suppressIds = ints("suppress_ids")
        suppressIdsAtBegin = ints("suppress_ids_begin")
    }
}
