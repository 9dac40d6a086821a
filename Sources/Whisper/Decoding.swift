// Whisper, part 6 of 7: sampling tokens for one 30 s window.
//
// The logit rules and search strategies follow CTranslate2's Whisper generation, which
// faster-whisper drives: suppressed tokens, blank suppression at the first step, timestamp
// rules, then greedy search, beam search (2·beam candidates per step, finished hypotheses
// collected until beam·patience of them exist, scores normalised by length^penalty), or random
// sampling of `bestOf` candidates at temperatures above 0.

import Foundation

/// The outcome of decoding one window at one temperature.
struct WindowResult: Sendable {
    /// Sampled tokens, without the final `<|endoftext|>`.
    var tokens: [Int]
    /// Sum of the sampled tokens' log-probabilities (the end token's included).
    var sumLogprob: Double
    /// Probability of `<|nospeech|>` at the `<|startoftranscript|>` position.
    var noSpeechProbability: Double
    var temperature: Double

    /// faster-whisper's average log-probability: the sum over `tokens.count + 1` tokens.
    var averageLogprob: Double { sumLogprob / Double(tokens.count + 1) }
}

/// Which tokens may be sampled at a step, given the tokens sampled so far in the window.
struct LogitRules: Sendable {
    let suppressed: [Int]
    let suppressedAtBegin: [Int]
    let timestamps: Bool
    let maxInitialTimestampIndex: Int?
    let endOfText: Int
    let noTimestamps: Int
    let timestampBegin: Int

    /// Sets forbidden logits to -∞ in place. `sampled` are the tokens sampled so far in this window.
    func apply(_ logits: UnsafeMutableBufferPointer<Float>, sampled: [Int]) {
        let vocabulary = logits.count
        for id in suppressed where id < vocabulary { logits[id] = -.infinity }
        if sampled.isEmpty { for id in suppressedAtBegin where id < vocabulary { logits[id] = -.infinity } }
        guard timestamps else { return }
        logits[noTimestamps] = -.infinity
        var checkTimestampMass = false
        if sampled.isEmpty {
            for id in 0..<timestampBegin { logits[id] = -.infinity }
            if let maxInitialTimestampIndex {
                for id in min(vocabulary, timestampBegin + maxInitialTimestampIndex + 1)..<vocabulary { logits[id] = -.infinity }
            }
        } else {
            let last = sampled[sampled.count - 1]
            if last >= timestampBegin {
                let penultimate = sampled.count >= 2 ? sampled[sampled.count - 2] : last
                if penultimate >= timestampBegin {
                    // A pair of timestamps closes a segment: text must follow.
                    for id in timestampBegin..<vocabulary { logits[id] = -.infinity }
                } else {
                    // A single timestamp ends a segment: only another timestamp or the end follows.
                    for id in 0..<endOfText { logits[id] = -.infinity }
                    checkTimestampMass = true
                }
            } else {
                checkTimestampMass = true
            }
            // Timestamps never decrease.
            if let lastTimestamp = sampled.last(where: { $0 >= timestampBegin }) {
                for id in timestampBegin..<lastTimestamp { logits[id] = -.infinity }
            }
        }
        if checkTimestampMass {
            // If the timestamps together are more likely than any single text token, sample a timestamp.
            var maximum = -Float.infinity
            for v in logits where v > maximum { maximum = v }
            var total: Double = 0, timestampTotal: Double = 0, maxText = -Float.infinity
            for id in 0..<vocabulary {
                let v = logits[id]
                guard v > -.infinity else { continue }
                let e = Double(expf(v - maximum))
                total += e
                if id >= timestampBegin { timestampTotal += e } else if v > maxText { maxText = v }
            }
            if timestampTotal > 0 {
                let logTotal = log(total)
                let timestampLogprob = log(timestampTotal) - logTotal
                let maxTextLogprob = Double(maxText - maximum) - logTotal
                if timestampLogprob > maxTextLogprob {
                    for id in 0..<timestampBegin { logits[id] = -.infinity }
                }
            }
        }
    }
}

/// A deterministic random source (SplitMix64) for sampling at temperatures above 0.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Decodes windows with one model: the prompt pass, then greedy, beam or sampled search.
struct WindowDecoder {
    let decoder: TextDecoder
    let memory: CrossAttentionMemory
    let rules: LogitRules
    let endOfText: Int
    let startOfTranscript: Int
    let noSpeech: Int

    /// Runs `prompt` through the decoder. Returns the cache, the logits of the last prompt
    /// position (the first step's) and the no-speech probability at the SOT position.
    private func prime(_ prompt: [Int], batch: Int, capacity: Int) -> (DecoderCache, [Float], Double) {
        var cache = decoder.makeCache(batch: 1, capacity: capacity)
        let (hidden, _) = decoder.forward(prompt, batch: 1, cache: &cache, memory: memory)
        let sotIndex = prompt.firstIndex(of: startOfTranscript) ?? 0
        let logits = decoder.logits(hidden, rows: [sotIndex, prompt.count - 1])
        let sotRow = Array(logits.values[0..<decoder.vocabularySize])
        let noSpeechProbability = Double(exp(Kernels.logSoftmax(sotRow)[noSpeech]))
        let first = Array(logits.values[decoder.vocabularySize...])
        let replicated = batch == 1 ? cache : cache.reordered(Array(repeating: 0, count: batch))
        return (replicated, first, noSpeechProbability)
    }

    /// The maximum number of sampled tokens (CTranslate2: min(448/2, 448 − prompt positions)).
    private func maxLength(promptCount: Int) -> Int {
        max(1, min(decoder.textContext / 2, decoder.textContext - (promptCount - 1)))
    }

    /// Greedy search (temperature 0) or, with `temperature > 0`, `candidates` independent samples.
    /// Returns the candidate with the best length-normalised score.
    func sample(prompt: [Int], temperature: Double, candidates: Int, lengthPenalty: Double,
                generator: inout SeededGenerator) -> WindowResult {
        let batch = temperature > 0 ? candidates : 1
        let limit = maxLength(promptCount: prompt.count)
        var (cache, firstLogits, noSpeechProbability) = prime(prompt, batch: batch, capacity: prompt.count + limit + 1)
        var logits = Matrix(rows: batch, cols: decoder.vocabularySize,
                            values: Array([[Float]](repeating: firstLogits, count: batch).joined()))
        firstLogits = []
        var sequences = [[Int]](repeating: [], count: batch)
        var scores = [Double](repeating: 0, count: batch)
        var finished = [Bool](repeating: false, count: batch)
        for step in 0..<limit {
            var next = [Int](repeating: endOfText, count: batch)
            for b in 0..<batch where !finished[b] {
                var row = Array(logits.values[b * decoder.vocabularySize..<(b + 1) * decoder.vocabularySize])
                row.withUnsafeMutableBufferPointer { rules.apply($0, sampled: sequences[b]) }
                let logprobs = Kernels.logSoftmax(row)
                let token: Int
                if temperature > 0 {
                    token = Self.draw(logprobs, temperature: temperature, generator: &generator)
                } else {
                    var best = 0
                    for i in 1..<logprobs.count where logprobs[i] > logprobs[best] { best = i }
                    token = best
                }
                scores[b] += Double(logprobs[token])
                if token == endOfText {
                    finished[b] = true
                } else {
                    sequences[b].append(token)
                    if step + 1 == limit { finished[b] = true }
                }
                next[b] = token
            }
            if finished.allSatisfy({ $0 }) { break }
            // Finished rows keep decoding a dummy token; their output is ignored.
            let (hidden, _) = decoder.forward(next, batch: batch, cache: &cache, memory: memory)
            logits = decoder.logits(hidden, rows: Array(0..<batch))
        }
        let normalized = (0..<batch).map { scores[$0] / pow(Double(max(1, sequences[$0].count)), lengthPenalty) }
        let best = normalized.indices.max(by: { normalized[$0] < normalized[$1] }) ?? 0
        return WindowResult(tokens: sequences[best], sumLogprob: scores[best],
                            noSpeechProbability: noSpeechProbability, temperature: temperature)
    }

    /// Draws from softmax(logprobs / temperature).
    private static func draw(_ logprobs: [Float], temperature: Double, generator: inout SeededGenerator) -> Int {
        let scaled = logprobs.map { Double($0) / temperature }
        let maximum = scaled.max() ?? 0
        let weights = scaled.map { $0.isFinite ? exp($0 - maximum) : 0 }
        let total = weights.reduce(0, +)
        var target = Double.random(in: 0..<total, using: &generator)
        for (i, w) in weights.enumerated() {
            target -= w
            if target < 0 && w > 0 { return i }
        }
        return weights.lastIndex(where: { $0 > 0 }) ?? 0
    }

    /// Beam search at temperature 0, as CTranslate2 does it.
    func beamSearch(prompt: [Int], beamSize: Int, patience: Double, lengthPenalty: Double) -> WindowResult {
        let limit = maxLength(promptCount: prompt.count)
        let maxFinished = max(1, Int((Double(beamSize) * patience).rounded()))
        var (cache, firstLogits, noSpeechProbability) = prime(prompt, batch: 1, capacity: prompt.count + limit + 1)
        var logits = Matrix(rows: 1, cols: decoder.vocabularySize, values: firstLogits)
        firstLogits = []
        var beams: [(tokens: [Int], score: Double)] = [([], 0)]
        var finished: [(tokens: [Int], score: Double)] = []
        let vocabulary = decoder.vocabularySize
        let candidateCount = 2 * beamSize
        for step in 0..<limit {
            // Top 2·beam (beam, token) pairs by cumulative log-probability.
            var candidates: [(beam: Int, token: Int, score: Double)] = []
            for (b, beam) in beams.enumerated() {
                var row = Array(logits.values[b * vocabulary..<(b + 1) * vocabulary])
                row.withUnsafeMutableBufferPointer { rules.apply($0, sampled: beam.tokens) }
                let logprobs = Kernels.logSoftmax(row)
                for (token, lp) in Self.topK(logprobs, candidateCount) {
                    candidates.append((b, token, beam.score + Double(lp)))
                }
            }
            candidates.sort { $0.score != $1.score ? $0.score > $1.score : ($0.beam, $0.token) < ($1.beam, $1.token) }
            candidates = Array(candidates.prefix(candidateCount))
            let lastStep = step + 1 == limit
            var nextBeams: [(tokens: [Int], score: Double)] = []
            var origins: [Int] = []
            var nextTokens: [Int] = []
            var secondary = beamSize
            for k in 0..<min(beamSize, candidates.count) {
                var chosen = k
                let candidate = candidates[k]
                if candidate.token == endOfText || lastStep {
                    let tokens = beams[candidate.beam].tokens + (candidate.token == endOfText ? [] : [candidate.token])
                    finished.append((tokens, candidate.score))
                    // Replace the finished beam with the next unfinished candidate.
                    while secondary < candidates.count && candidates[secondary].token == endOfText { secondary += 1 }
                    if secondary < candidates.count {
                        chosen = secondary
                        secondary += 1
                    }
                }
                let replacement = candidates[chosen]
                nextBeams.append((beams[replacement.beam].tokens + [replacement.token], replacement.score))
                origins.append(replacement.beam)
                nextTokens.append(replacement.token)
            }
            if lastStep || finished.count >= maxFinished || nextBeams.isEmpty { break }
            beams = nextBeams
            if origins.count == cache.batch { cache.reorder(origins) } else { cache = cache.reordered(origins) }
            let (hidden, _) = decoder.forward(nextTokens, batch: beams.count, cache: &cache, memory: memory)
            logits = decoder.logits(hidden, rows: Array(0..<beams.count))
        }
        if finished.isEmpty { finished = beams }
        let best = finished.max { a, b in
            a.score / pow(Double(max(1, a.tokens.count)), lengthPenalty) < b.score / pow(Double(max(1, b.tokens.count)), lengthPenalty)
        }!
        return WindowResult(tokens: best.tokens, sumLogprob: best.score,
                            noSpeechProbability: noSpeechProbability, temperature: 0)
    }

    /// The `k` largest entries (index, value), best first; ties go to the lower index.
    static func topK(_ values: [Float], _ k: Int) -> [(Int, Float)] {
        var top: [(Int, Float)] = []
        top.reserveCapacity(k + 1)
        for (i, v) in values.enumerated() where v > -.infinity {
            if top.count < k || v > top[top.count - 1].1 {
                var position = top.count
                while position > 0 && top[position - 1].1 < v { position -= 1 }
                top.insert((i, v), at: position)
                if top.count > k { top.removeLast() }
            }
        }
        return top
    }
}

/// gzip-style compression ratio of text: UTF-8 bytes / zlib-compressed bytes (level 6),
/// the measure Whisper uses to detect repetition loops. zlib is reached through the system
/// `libz.so.1` (Foundation already links it) so the ratio equals Python's `zlib.compress`.
enum CompressionRatio {
    private typealias Compress2 = @convention(c) (UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt>?,
                                                  UnsafePointer<UInt8>?, UInt, Int32) -> Int32
    private typealias CompressBound = @convention(c) (UInt) -> UInt

    private struct Zlib: @unchecked Sendable {
        let compress2: Compress2
        let compressBound: CompressBound
    }

    private static let zlib: Zlib? = {
        guard let handle = dlopen("libz.so.1", RTLD_NOW) ?? dlopen("libz.so", RTLD_NOW) ?? dlopen("libz.dylib", RTLD_NOW),
              let compress = dlsym(handle, "compress2"), let bound = dlsym(handle, "compressBound") else { return nil }
        return Zlib(compress2: unsafeBitCast(compress, to: Compress2.self),
                    compressBound: unsafeBitCast(bound, to: CompressBound.self))
    }()

    /// `true` when zlib could be loaded.
    static var isAvailable: Bool { zlib != nil }

    static func of(_ text: String) -> Double {
        let bytes = Array(text.utf8)
        guard let zlib, !bytes.isEmpty else { return 0 }
        var size = zlib.compressBound(UInt(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(size))
        let status = out.withUnsafeMutableBufferPointer { o in
            bytes.withUnsafeBufferPointer { i in zlib.compress2(o.baseAddress, &size, i.baseAddress, UInt(bytes.count), 6) }
        }
        guard status == 0, size > 0 else { return 0 }
        return Double(bytes.count) / Double(size)
    }
}
