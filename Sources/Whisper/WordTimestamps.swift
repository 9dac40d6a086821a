// Word timestamps from cross-attention (Whisper's `find_alignment`, as faster-whisper and
// CTranslate2 compute it): decode the window's text once more with `<|notimestamps|>`, take
// the cross-attention of the model's alignment heads over the audio frames, softmax it over
// time, standardise it over tokens, median-filter it over time (width 7), average the heads
// and find the monotonic token→time path with dynamic time warping. Word boundaries are the
// times where the path moves to a word's first token.

import Foundation

extension WhisperModel {
    /// One word of the alignment before it is attached to a segment.
    struct TimedWord {
        var word: String
        var tokens: [Int]
        var start: Double
        var end: Double
        var probability: Double
    }

    /// Adds `words` to every segment of one window and adjusts segment bounds like faster-whisper.
    /// Returns the updated time of the last speech.
    func addWordTimestamps(_ segments: inout [PendingSegment], memory: CrossAttentionMemory, startSequence: [Int],
                           language: String, frames: Int, options: DecodingOptions,
                           lastSpeechTimestamp: Double) -> Double {
        guard !segments.isEmpty else { return lastSpeechTimestamp }
        let textTokensPerSegment = segments.map { $0.tokens.filter { $0 < tokenizer.endOfText } }
        let textTokens = Array(textTokensPerSegment.joined())
        var alignment = findAlignment(textTokens, memory: memory, startSequence: startSequence,
                                      language: language, frames: frames)

        let durations = alignment.map { $0.end - $0.start }.filter { $0 != 0 }
        let medianDuration = min(0.7, Self.median(durations))
        let maxDuration = medianDuration * 2
        if !durations.isEmpty {
            // Truncate long words at sentence boundaries.
            let sentenceEnds = ".。!！?？"
            for i in 1..<max(1, alignment.count) where alignment[i].end - alignment[i].start > maxDuration {
                if Self.isSubstring(alignment[i].word, of: sentenceEnds) {
                    alignment[i].end = alignment[i].start + maxDuration
                } else if Self.isSubstring(alignment[i - 1].word, of: sentenceEnds) {
                    alignment[i].start = alignment[i].end - maxDuration
                }
            }
        }
        Self.mergePunctuations(&alignment, prepended: options.prependPunctuations, appended: options.appendPunctuations)

        var lastSpeech = lastSpeechTimestamp
        let timeOffset = Double(segments[0].seek) / Double(AudioConstants.framesPerSecond)
        var wordIndex = 0
        for s in segments.indices {
            var savedTokens = 0
            var words: [Word] = []
            while wordIndex < alignment.count && savedTokens < textTokensPerSegment[s].count {
                let timing = alignment[wordIndex]
                if !timing.word.isEmpty {
                    words.append(Word(start: Self.round2(timeOffset + timing.start), end: Self.round2(timeOffset + timing.end),
                                      word: timing.word, probability: timing.probability))
                }
                savedTokens += timing.tokens.count
                wordIndex += 1
            }
            if !words.isEmpty {
                // The first words after a pause may not be longer than twice the median duration.
                if words[0].end - lastSpeech > medianDuration * 4
                    && (words[0].end - words[0].start > maxDuration
                        || (words.count > 1 && words[1].end - words[0].start > maxDuration * 2)) {
                    if words.count > 1 && words[1].end - words[1].start > maxDuration {
                        let boundary = max(words[1].end / 2, words[1].end - maxDuration)
                        words[0].end = boundary
                        words[1].start = boundary
                    }
                    words[0].start = max(0, words[0].end - maxDuration)
                }
                // Prefer the segment's start timestamp if the first word is too long.
                if segments[s].start < words[0].end && segments[s].start - 0.5 > words[0].start {
                    words[0].start = max(0, min(words[0].end - medianDuration, segments[s].start))
                } else {
                    segments[s].start = words[0].start
                }
                // Prefer the segment's end timestamp if the last word is too long.
                if segments[s].end > words[words.count - 1].start && segments[s].end + 0.5 < words[words.count - 1].end {
                    words[words.count - 1].end = max(words[words.count - 1].start + medianDuration, segments[s].end)
                } else {
                    segments[s].end = words[words.count - 1].end
                }
                lastSpeech = segments[s].end
            }
            segments[s].words = words
        }
        return lastSpeech
    }

    /// Aligns `textTokens` with the audio of one window of `frames` mel frames.
    func findAlignment(_ textTokens: [Int], memory: CrossAttentionMemory, startSequence: [Int],
                       language: String, frames: Int) -> [TimedWord] {
        guard !textTokens.isEmpty else { return [] }
        let input = startSequence + [tokenizer.noTimestamps] + textTokens + [tokenizer.endOfText]
        let heads = config.alignmentHeads.compactMap { pair -> (layer: Int, head: Int)? in
            pair.count == 2 && pair[0] < dimensions.textLayers && pair[1] < dimensions.textHeads ? (pair[0], pair[1]) : nil
        }
        var cache = decoder.makeCache(batch: 1, capacity: input.count)
        let (hidden, scores) = decoder.forward(input, batch: 1, cache: &cache, memory: memory, alignmentHeads: heads)

        // Probability of each text token under the text-only distribution (ids below <|endoftext|>).
        let offset = startSequence.count
        let logits = decoder.logits(hidden, rows: Array(offset..<(offset + textTokens.count)))
        var tokenProbabilities: [Double] = []
        for (t, token) in textTokens.enumerated() {
            let row = Array(logits.values[t * decoder.vocabularySize..<(t * decoder.vocabularySize + tokenizer.endOfText)])
            tokenProbabilities.append(Double(exp(Kernels.logSoftmax(row)[token])))
        }

        // Attention weights [rows × columns] averaged over the alignment heads.
        let rows = input.count, keys = memory.length
        let columns = max(1, min(keys, frames / AudioConstants.inputStride))
        var weights = [Double](repeating: 0, count: rows * columns)
        for headScores in scores {
            var w = [Float](repeating: 0, count: rows * columns)
            for r in 0..<rows {
                for c in 0..<columns { w[r * columns + c] = headScores[r * keys + c] }
            }
            w.withUnsafeMutableBufferPointer { Kernels.softmaxRows($0.baseAddress!, rows: rows, cols: columns) }
            // Standardise every frame over the tokens (population variance, as CTranslate2).
            for c in 0..<columns {
                var mean: Double = 0
                for r in 0..<rows { mean += Double(w[r * columns + c]) }
                mean /= Double(rows)
                var variance: Double = 0
                for r in 0..<rows { let d = Double(w[r * columns + c]) - mean; variance += d * d }
                variance /= Double(rows)
                let scale = variance > 0 ? 1 / variance.squareRoot() : 0
                for r in 0..<rows { w[r * columns + c] = Float((Double(w[r * columns + c]) - mean) * scale) }
            }
            let filtered = Self.medianFilter(w, rows: rows, columns: columns, width: 7)
            for i in 0..<weights.count { weights[i] += Double(filtered[i]) / Double(scores.count) }
        }
        // Rows from <|notimestamps|> to the last text token.
        let matrixRows = rows - offset - 1
        let matrix = Array(weights[(offset * columns)..<((offset + matrixRows) * columns)])
        let path = Self.dynamicTimeWarping(cost: matrix.map { -$0 }, rows: matrixRows, columns: columns)

        let split = tokenizer.splitToWordTokens(textTokens + [tokenizer.endOfText], language: language)
        guard split.count > 1 else { return [] }
        var boundaries = [0]
        for word in split.dropLast() { boundaries.append(boundaries[boundaries.count - 1] + word.tokens.count) }
        var jumpTimes: [Double] = []
        for (i, step) in path.enumerated() where i == 0 || step.row != path[i - 1].row {
            jumpTimes.append(Double(step.column) / AudioConstants.tokensPerSecond)
        }
        var words: [TimedWord] = []
        for w in 0..<(boundaries.count - 1) {
            let (from, to) = (boundaries[w], boundaries[w + 1])
            guard to < jumpTimes.count else { break }
            let probabilities = tokenProbabilities[from..<min(to, tokenProbabilities.count)]
            let probability = probabilities.isEmpty ? 0 : probabilities.reduce(0, +) / Double(probabilities.count)
            words.append(TimedWord(word: split[w].word, tokens: split[w].tokens,
                                   start: jumpTimes[from], end: jumpTimes[to], probability: probability))
        }
        return words
    }

    /// Median over a sliding window along each row, reflecting at the edges (numpy "reflect").
    static func medianFilter(_ x: [Float], rows: Int, columns: Int, width: Int) -> [Float] {
        let half = width / 2
        guard columns > half else { return x }
        var out = x
        var window = [Float](repeating: 0, count: width)
        for r in 0..<rows {
            let row = r * columns
            for j in 0..<columns {
                for k in -half...half {
                    var read = abs(j + k)
                    if read >= columns { read = columns - (read - columns) - 2 }
                    window[k + half] = x[row + read]
                }
                window.sort()
                out[row + j] = window[half]
            }
        }
        return out
    }

    /// Minimum-cost monotonic path through `cost [rows × columns]` from (0, 0) to the last cell,
    /// moving diagonally, down (next token) or right (next frame).
    static func dynamicTimeWarping(cost: [Double], rows: Int, columns: Int) -> [(row: Int, column: Int)] {
        let width = columns + 1
        var total = [Double](repeating: .infinity, count: (rows + 1) * width)
        var trace = [Int8](repeating: -1, count: (rows + 1) * width)
        total[0] = 0
        for j in 1...columns {
            for i in 1...rows {
                let diagonal = total[(i - 1) * width + j - 1], up = total[(i - 1) * width + j], left = total[i * width + j - 1]
                let (best, move): (Double, Int8)
                if diagonal < up && diagonal < left { (best, move) = (diagonal, 0) }
                else if up < diagonal && up < left { (best, move) = (up, 1) }
                else { (best, move) = (left, 2) }
                total[i * width + j] = cost[(i - 1) * columns + j - 1] + best
                trace[i * width + j] = move
            }
        }
        for j in 0...columns { trace[j] = 2 }
        for i in 0...rows { trace[i * width] = 1 }
        var path: [(row: Int, column: Int)] = []
        var (i, j) = (rows, columns)
        while i > 0 || j > 0 {
            path.append((i - 1, j - 1))
            switch trace[i * width + j] {
            case 0: i -= 1; j -= 1
            case 1: i -= 1
            default: j -= 1
            }
        }
        return path.reversed()
    }

    /// Merges leading punctuation into the following word and trailing punctuation into the
    /// preceding one (faster-whisper's `merge_punctuations`, including its substring tests).
    static func mergePunctuations(_ words: inout [TimedWord], prepended: String, appended: String) {
        guard words.count > 1 else { return }
        var i = words.count - 2, j = words.count - 1
        while i >= 0 {
            let previous = words[i]
            if previous.word.hasPrefix(" ") && isSubstring(previous.word.trimmingCharacters(in: .whitespacesAndNewlines), of: prepended) {
                words[j].word = previous.word + words[j].word
                words[j].tokens = previous.tokens + words[j].tokens
                words[i].word = ""
                words[i].tokens = []
            } else {
                j = i
            }
            i -= 1
        }
        i = 0
        j = 1
        while j < words.count {
            if !words[i].word.hasSuffix(" ") && isSubstring(words[j].word, of: appended) {
                words[i].word += words[j].word
                words[i].tokens += words[j].tokens
                words[j].word = ""
                words[j].tokens = []
            } else {
                i = j
            }
            j += 1
        }
    }

    /// Python's `needle in haystack` for strings (true for an empty needle).
    static func isSubstring(_ needle: String, of haystack: String) -> Bool {
        needle.isEmpty || haystack.contains(needle)
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// Python's `round(x, 2)`.
    static func round2(_ x: Double) -> Double { (x * 100).rounded(.toNearestOrEven) / 100 }
}
