// Whisper, part 7 of 7: transcribing a recording of any length.
//
// Features for the whole recording are computed once; a 30 s window is cut at `seek`, encoded
// and decoded (with temperature fallback); its timestamp tokens split it into segments and
// decide where the next window starts. This follows faster-whisper 1.2.1's `generate_segments`.

import Foundation

/// A speech recognizer: samples in, transcript out.
public protocol SpeechRecognizer: Sendable {
    /// Transcribes 16 kHz mono float samples. `progress`, if given, is called after each 30 s
    /// window with the seconds of audio processed so far and the total.
    func transcribe(samples: [Float], options: DecodingOptions,
                    progress: (@Sendable (_ processedSeconds: Double, _ totalSeconds: Double) -> Void)?) throws -> Transcript
}

extension SpeechRecognizer {
    /// Transcribes without progress reports.
    public func transcribe(samples: [Float], options: DecodingOptions) throws -> Transcript {
        try transcribe(samples: samples, options: options, progress: nil)
    }
}

/// A Whisper model loaded from a CTranslate2 model directory (as used by faster-whisper):
/// `model.bin`, `config.json`, `vocabulary.json` (or `vocabulary.txt`) and `tokenizer.json`.
///
/// Weights stored as float16, bfloat16 or float32 are held as float32. The instance is
/// immutable, so `transcribe` may be called from several tasks at once; the calls then share
/// the process-wide OpenBLAS thread pool, so for throughput call it from one task at a time.
public final class WhisperModel: SpeechRecognizer {
    public let dimensions: ModelDimensions
    public let config: ModelConfig
    public let tokenizer: Tokenizer
    /// Number of OpenBLAS threads used for the matrix products.
    public let threads: Int
    let encoder: AudioEncoder
    let decoder: TextDecoder
    let melExtractor: LogMelExtractor
    /// The ids suppressed when `suppressTokens` contains -1 (faster-whisper's non-speech symbols).
    let nonSpeechTokens: [Int]

    /// Loads the model in `directory`. `threads` sets OpenBLAS's (process-wide) thread count.
    /// Throws `WhisperError` when a file is missing or inconsistent.
    public init(directory: URL, threads: Int = 2) throws {
        let weights = try ModelWeights(contentsOf: directory.appendingPathComponent("model.bin"))
        guard weights.specName == "WhisperSpec" || weights.specName.isEmpty else {
            throw WhisperError.malformedModelFile("model.bin", "spec \(weights.specName), expected WhisperSpec")
        }
        let conv1 = try weights.tensor("encoder/conv1/weight")
        let audioPositions = try weights.tensor("encoder/position_encodings/encodings")
        let embeddings = try weights.tensor("decoder/embeddings/weight")
        let textPositions = try weights.tensor("decoder/position_encodings/encodings")
        guard conv1.shape.count == 3, audioPositions.shape.count == 2, embeddings.shape.count == 2,
              textPositions.shape.count == 2 else {
            throw WhisperError.malformedModelFile("model.bin", "unexpected tensor ranks")
        }
        func countLayers(_ prefix: String) -> Int {
            var n = 0
            while weights.variables["\(prefix)/layer_\(n)/ffn/linear_0/weight"] != nil { n += 1 }
            return n
        }
        dimensions = ModelDimensions(
            melBins: conv1.shape[1], audioContext: audioPositions.shape[0], audioWidth: conv1.shape[0],
            audioHeads: try weights.scalar("encoder/num_heads"), audioLayers: countLayers("encoder"),
            vocabularySize: embeddings.shape[0], textContext: textPositions.shape[0], textWidth: embeddings.shape[1],
            textHeads: try weights.scalar("decoder/num_heads"), textLayers: countLayers("decoder"))
        config = try ModelConfig(contentsOf: directory.appendingPathComponent("config.json"))
        tokenizer = try Tokenizer(directory: directory, languageTokenIds: config.languageTokenIds)
        guard tokenizer.tokens.count == dimensions.vocabularySize else {
            throw WhisperError.malformedModelFile("vocabulary", "\(tokenizer.tokens.count) tokens for \(dimensions.vocabularySize) embeddings")
        }
        guard CompressionRatio.isAvailable else {
            throw WhisperError.missingSystemLibrary("libz.so.1 (zlib, for the compression-ratio check)")
        }
        encoder = try AudioEncoder(weights, dims: dimensions)
        decoder = try TextDecoder(weights, dims: dimensions)
        melExtractor = LogMelExtractor(melBins: dimensions.melBins)
        nonSpeechTokens = try tokenizer.nonSpeechTokens()
        self.threads = max(1, threads)
        Kernels.setThreadCount(self.threads)
    }

    /// Language probabilities for the first 30 s window of `mel` (faster-whisper's
    /// `detect_language`): the decoder's logits after `<|startoftranscript|>`, restricted to the
    /// language tokens and normalised. Sorted, most likely first.
    func detectLanguage(mel: LogMelSpectrogram) -> [(code: String, probability: Double)] {
        let encoded = encoder(mel: mel.window(start: 0, count: AudioConstants.framesPerWindow))
        return detectLanguage(memory: decoder.memory(for: encoded))
    }

    private func detectLanguage(memory: CrossAttentionMemory) -> [(code: String, probability: Double)] {
        var cache = decoder.makeCache(batch: 1, capacity: 1)
        let (hidden, _) = decoder.forward([tokenizer.startOfTranscript], batch: 1, cache: &cache, memory: memory)
        let logits = decoder.logits(hidden, rows: [0]).values
        let languageLogits = tokenizer.languages.map { logits[$0.id] }
        let logprobs = Kernels.logSoftmax(languageLogits)
        return zip(tokenizer.languages, logprobs).map { ($0.code, Double(exp($1))) }.sorted { $0.probability > $1.probability }
    }

    /// Detects the spoken language from the first 30 s of `samples`.
    public func detectLanguage(samples: [Float]) -> (code: String, probability: Double) {
        let best = detectLanguage(mel: melExtractor(samples)).first
        return (best?.code ?? "en", best?.probability ?? 0)
    }

    /// Log-mel features of 16 kHz samples for this model's number of mel bins.
    public func logMel(samples: [Float]) -> LogMelSpectrogram { melExtractor(samples) }

    public func transcribe(samples: [Float], options: DecodingOptions = DecodingOptions(),
                           progress: (@Sendable (Double, Double) -> Void)? = nil) throws -> Transcript {
        try options.validate()
        Kernels.setThreadCount(threads)
        let mel = melExtractor(samples)
        let duration = Double(samples.count) / Double(AudioConstants.sampleRate)

        var language = options.language ?? "en"
        var languageProbability = 1.0
        if options.language == nil && tokenizer.languages.count > 1 {
            let detected = detectLanguage(mel: mel).first!
            language = detected.code
            languageProbability = detected.probability
        }
        let languageToken = try tokenizer.languageToken(language)
        let task = options.task == .translate ? tokenizer.translate : tokenizer.transcribe
        let startSequence = tokenizer.languages.count > 1 ? [tokenizer.startOfTranscript, languageToken, task]
                                                          : [tokenizer.startOfTranscript]

        var suppressed: [Int] = []
        if options.suppressTokens.contains(-1) { suppressed += nonSpeechTokens }
        suppressed += options.suppressTokens.filter { $0 >= 0 }
        suppressed += [tokenizer.transcribe, tokenizer.translate, tokenizer.startOfTranscript,
                       tokenizer.startOfPrevious, tokenizer.startOfLM, tokenizer.noSpeech]
        let rules = LogitRules(
            suppressed: Array(Set(suppressed)).sorted(),
            suppressedAtBegin: options.suppressBlank ? config.suppressIdsAtBegin : [],
            timestamps: !options.withoutTimestamps,
            maxInitialTimestampIndex: Int((options.maxInitialTimestamp / AudioConstants.timePrecision).rounded()),
            endOfText: tokenizer.endOfText, noTimestamps: tokenizer.noTimestamps, timestampBegin: tokenizer.timestampBegin)

        // faster-whisper treats the last feature frame as padding.
        let contentFrames = mel.frames - 1
        var seek = 0
        var allTokens: [Int] = []
        var promptResetSince = 0
        if let initialPrompt = options.initialPrompt {
            allTokens += try tokenizer.encode(" " + initialPrompt.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        var segments: [Segment] = []
        var lastSpeechTimestamp = 0.0
        var generator = SeededGenerator(seed: options.seed)

        while seek < contentFrames {
            let timeOffset = Double(seek) * AudioConstants.secondsPerFrame
            let segmentSize = min(AudioConstants.framesPerWindow, contentFrames - seek)
            let segmentDuration = Double(segmentSize) * AudioConstants.secondsPerFrame
            let encoded = encoder(mel: mel.window(start: seek, count: segmentSize))
            let memory = decoder.memory(for: encoded)

            var prompt: [Int] = []
            let previous = Array(allTokens[promptResetSince...])
            if !previous.isEmpty {
                prompt.append(tokenizer.startOfPrevious)
                prompt += previous.suffix(dimensions.textContext / 2 - 1)
            }
            prompt += startSequence
            if options.withoutTimestamps { prompt.append(tokenizer.noTimestamps) }

            let window = WindowDecoder(decoder: decoder, memory: memory, rules: rules, endOfText: tokenizer.endOfText,
                                       startOfTranscript: tokenizer.startOfTranscript, noSpeech: tokenizer.noSpeech)
            let (result, compressionRatio) = decodeWithFallback(window, prompt: prompt, options: options, generator: &generator)

            if let noSpeechThreshold = options.noSpeechThreshold {
                var skip = result.noSpeechProbability > noSpeechThreshold
                if let logProbThreshold = options.logProbThreshold, result.averageLogprob > logProbThreshold { skip = false }
                if skip {
                    seek += segmentSize
                    progress?(min(Double(seek), Double(contentFrames)) * AudioConstants.secondsPerFrame, duration)
                    continue
                }
            }

            let previousSeek = seek
            var split = splitByTimestamps(result.tokens, timeOffset: timeOffset, segmentSize: segmentSize,
                                          segmentDuration: segmentDuration, seek: seek)
            seek = split.seek

            if options.wordTimestamps {
                lastSpeechTimestamp = addWordTimestamps(&split.segments, memory: memory, startSequence: startSequence,
                                                        language: language, frames: segmentSize, options: options,
                                                        lastSpeechTimestamp: lastSpeechTimestamp)
                if !split.singleTimestampEnding, let end = Self.lastEnd(split.segments), end > timeOffset {
                    seek = Int((end * Double(AudioConstants.framesPerSecond)).rounded(.toNearestOrEven))
                }
                if let end = Self.lastEnd(split.segments) { lastSpeechTimestamp = end }
            }

            for piece in split.segments {
                let text = tokenizer.decode(piece.tokens)
                if piece.start == piece.end || text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
                allTokens += piece.tokens
                segments.append(Segment(
                    id: segments.count + 1, seek: previousSeek, start: piece.start, end: piece.end, text: text,
                    tokens: piece.tokens, avgLogprob: result.averageLogprob, compressionRatio: compressionRatio,
                    noSpeechProb: result.noSpeechProbability, temperature: result.temperature,
                    words: options.wordTimestamps ? piece.words : nil))
            }
            if !options.conditionOnPreviousText || result.temperature > options.promptResetOnTemperature {
                promptResetSince = allTokens.count
            }
            progress?(min(Double(seek), Double(contentFrames)) * AudioConstants.secondsPerFrame, duration)
        }

        let text = segments.map(\.text).joined().trimmingCharacters(in: .whitespacesAndNewlines)
        return Transcript(text: text, language: language, languageProbability: languageProbability,
                          duration: duration, segments: segments)
    }

    /// Decodes at each temperature in turn until the result is neither too repetitive nor too
    /// unlikely (or is silence); otherwise keeps the best attempt.
    private func decodeWithFallback(_ window: WindowDecoder, prompt: [Int], options: DecodingOptions,
                                    generator: inout SeededGenerator) -> (WindowResult, Double) {
        var attempts: [(WindowResult, Double)] = []
        var belowRatioThreshold: [(WindowResult, Double)] = []
        for temperature in options.temperatures {
            let result: WindowResult
            if temperature > 0 {
                result = window.sample(prompt: prompt, temperature: temperature, candidates: options.bestOf,
                                       lengthPenalty: options.lengthPenalty, generator: &generator)
            } else if options.beamSize > 1 {
                result = window.beamSearch(prompt: prompt, beamSize: options.beamSize, patience: options.patience,
                                           lengthPenalty: options.lengthPenalty)
            } else {
                result = window.sample(prompt: prompt, temperature: 0, candidates: 1,
                                       lengthPenalty: options.lengthPenalty, generator: &generator)
            }
            let text = tokenizer.decode(result.tokens).trimmingCharacters(in: .whitespacesAndNewlines)
            let ratio = CompressionRatio.of(text)
            attempts.append((result, ratio))
            var needsFallback = false
            if let threshold = options.compressionRatioThreshold {
                if ratio > threshold { needsFallback = true } else { belowRatioThreshold.append((result, ratio)) }
            }
            if let threshold = options.logProbThreshold, result.averageLogprob < threshold { needsFallback = true }
            if let noSpeech = options.noSpeechThreshold, result.noSpeechProbability > noSpeech,
               let threshold = options.logProbThreshold, result.averageLogprob < threshold {
                needsFallback = false  // silence: no point in retrying
            }
            if !needsFallback { return (result, ratio) }
        }
        let pool = belowRatioThreshold.isEmpty ? attempts : belowRatioThreshold
        var best = pool.max { $0.0.averageLogprob < $1.0.averageLogprob }!
        best.0.temperature = options.temperatures.last!  // so prompt reset sees the final temperature
        return best
    }

    /// A segment in the making: times, tokens and (later) words.
    struct PendingSegment {
        var seek: Int
        var start: Double
        var end: Double
        var tokens: [Int]
        var words: [Word] = []
    }

    /// Splits a window's tokens at consecutive timestamp pairs and finds the next seek.
    func splitByTimestamps(_ tokens: [Int], timeOffset: Double, segmentSize: Int, segmentDuration: Double,
                           seek: Int) -> (segments: [PendingSegment], seek: Int, singleTimestampEnding: Bool) {
        let begin = tokenizer.timestampBegin
        let precision = AudioConstants.timePrecision
        let singleTimestampEnding = tokens.count >= 2 && tokens[tokens.count - 2] < begin && tokens[tokens.count - 1] >= begin
        let consecutive = tokens.indices.filter { $0 > 0 && tokens[$0] >= begin && tokens[$0 - 1] >= begin }
        var segments: [PendingSegment] = []
        var seek = seek
        if !consecutive.isEmpty {
            var slices = consecutive
            if singleTimestampEnding { slices.append(tokens.count) }
            var lastSlice = 0
            for slice in slices {
                let piece = Array(tokens[lastSlice..<slice])
                segments.append(PendingSegment(seek: seek, start: timeOffset + Double(piece[0] - begin) * precision,
                                               end: timeOffset + Double(piece[piece.count - 1] - begin) * precision,
                                               tokens: piece))
                lastSlice = slice
            }
            if singleTimestampEnding {
                seek += segmentSize
            } else {
                seek += (tokens[lastSlice - 1] - begin) * AudioConstants.inputStride
            }
        } else {
            var duration = segmentDuration
            if let last = tokens.last(where: { $0 >= begin }), last != begin {
                duration = Double(last - begin) * precision
            }
            segments.append(PendingSegment(seek: seek, start: timeOffset, end: timeOffset + duration, tokens: tokens))
            seek += segmentSize
        }
        return (segments, seek, singleTimestampEnding)
    }

    /// The end of the last word of the last segment that has words, else the last segment's end.
    static func lastEnd(_ segments: [PendingSegment]) -> Double? {
        for segment in segments.reversed() { if let word = segment.words.last { return word.end } }
        return segments.last?.end
    }
}
