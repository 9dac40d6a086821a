import Foundation

/// Counts the distinct voices in a recording and locates speech by voices other than the
/// dominant one (the candidate).
///
/// Steps: voice activity detection; the speech is joined (silences removed, volume normalised as
/// Resemblyzer does); GE2E embeddings of 1.6 s windows every 0.8 s; average-linkage clustering of
/// the windows on cosine similarity; candidate voices with fewer than `minWindowsPerVoice`
/// windows fold into their most similar voice. More than one voice is reported only when two
/// cues agree: the mean embeddings of the two largest voices are far apart
/// (`maxCentroidCosine`) *and* the windows separate cleanly (mean silhouette ≥ `minSilhouette`).
///
/// Thread safety: immutable; `count` may run concurrently. It blocks (CPU-bound), like
/// `VoiceEncoder`. Cost: about 1.3–1.9 s per minute of speech on this project's 2 cores.
public struct VoiceCounter: Sendable {
    public let encoder: VoiceEncoder
    public let detector: VoiceActivityDetector
    public let configuration: VoiceCountConfiguration

    public init(encoder: VoiceEncoder, detector: VoiceActivityDetector = VoiceActivityDetector(),
                configuration: VoiceCountConfiguration = VoiceCountConfiguration()) {
        self.encoder = encoder
        self.detector = detector
        self.configuration = configuration
    }

    /// Analyses 16 kHz mono audio.
    public func count(_ samples: [Float]) -> VoiceCount {
        count(samples, segments: detector.segments(samples))
    }

    /// Analyses the given speech `segments` of 16 kHz mono audio (e.g. from another VAD).
    public func count(_ samples: [Float], segments: [SpeechSegment]) -> VoiceCount {
        let rate = Double(GE2EHyperparameters.sampleRate)
        // Join the speech, remembering where each joined sample came from.
        var speech: [Float] = []
        var pieces: [(joinedStart: Int, originalStart: Int, count: Int)] = []
        for segment in segments {
            let start = max(0, Int(segment.startSeconds * rate)), end = min(samples.count, Int(segment.endSeconds * rate))
            guard end > start else { continue }
            pieces.append((speech.count, start, end - start))
            speech.append(contentsOf: samples[start..<end])
        }
        let speechSeconds = Double(speech.count) / rate
        guard !speech.isEmpty else {
            return VoiceCount(numSpeakers: 0, silhouette: 0, centroidCosine: 1, confidence: 1, voices: [],
                              secondVoice: [], speechSeconds: 0)
        }
        let windows = encoder.embedWindows(GE2EPreprocessing.normalizeVolume(speech),
                                           windowFrames: configuration.windowFrames, hopFrames: configuration.hopFrames)
        let split = VoiceSplit(windows.map(\.embedding), configuration: configuration)

        // Each window speaks for its hop-length share, centred in the window.
        let hopSeconds = Double(configuration.hopFrames) * Double(GE2EHyperparameters.melHopSamples) / rate
        func originalRanges(_ members: [Int]) -> [SpeechSegment] {
            var joined: [(Double, Double)] = []
            for member in members {
                let window = windows[member]
                let middle = (window.startSeconds + window.endSeconds) / 2
                let start = member == 0 ? 0 : middle - hopSeconds / 2
                let end = member == windows.count - 1 ? speechSeconds : middle + hopSeconds / 2
                if let last = joined.last, start <= last.1 + 1e-9 { joined[joined.count - 1].1 = max(last.1, end) }
                else { joined.append((start, end)) }
            }
            return joined.flatMap { mapToOriginal($0.0, $0.1, pieces: pieces, rate: rate) }
        }
        let groups = split.accepted ? split.members : [Array(windows.indices)]
        let voices = groups.map { members -> VoiceCount.Voice in
            let ranges = originalRanges(members)
            return VoiceCount.Voice(speakingSeconds: ranges.reduce(0) { $0 + $1.durationSeconds }, ranges: ranges,
                                    embedding: VoiceSplit.centroid(members.map { windows[$0].embedding }))
        }.sorted { $0.speakingSeconds > $1.speakingSeconds }
        return VoiceCount(numSpeakers: voices.count, silhouette: split.silhouette, centroidCosine: split.centroidCosine,
                          confidence: split.confidence, voices: voices,
                          secondVoice: voices.dropFirst().flatMap(\.ranges).sorted { $0.startSeconds < $1.startSeconds },
                          speechSeconds: speechSeconds)
    }

    /// Maps a range of the joined speech back to the original recording (it may span pieces).
    private func mapToOriginal(_ start: Double, _ end: Double,
                               pieces: [(joinedStart: Int, originalStart: Int, count: Int)], rate: Double) -> [SpeechSegment] {
        let from = Int(start * rate), to = Int(end * rate)
        return pieces.compactMap { piece in
            let low = max(from, piece.joinedStart), high = min(to, piece.joinedStart + piece.count)
            guard high > low else { return nil }
            return SpeechSegment(startSeconds: Double(low - piece.joinedStart + piece.originalStart) / rate,
                                 endSeconds: Double(high - piece.joinedStart + piece.originalStart) / rate)
        }
    }
}
