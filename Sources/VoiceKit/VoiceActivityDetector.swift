/// Voice activity detection for 16 kHz mono audio: an energy detector against an adaptive noise
/// floor, gated by a periodicity (voicing) cue, with hangover — a classic offline design in the
/// family of energy/pitch endpointers, not a port of webrtcvad.
///
/// Per 10 ms frame (see `VoiceActivityFeatures`): a frame is *energetic* when the level of either
/// sub-band (80–1000 Hz, 1–4 kHz) is `marginDB` above that band's local noise floor (and above
/// the absolute floor), *voiced* when it is energetic, periodic at a pitch lag and within
/// `seedRangeDB` of the nearby peak level. Speech segments grow from voiced frames: voiced frames
/// closer than `mergeGapSeconds` join, each segment extends through adjacent energetic frames by
/// at most `maxUnvoicedEdgeSeconds` (bridging `hangoverSeconds` dips at the end), segments closer
/// than `minSilenceSeconds` merge, and segments with fewer than `minVoicedFrames` voiced frames
/// are dropped. Requiring voicing is what rejects stationary and bursty noise; the cost is that
/// speech made only of unvoiced sounds (a whisper) is not detected.
///
/// As a `SpeechWindowClassifier` (Resemblyzer's trimming), a window is speech when most of its
/// 10 ms frames are energetic (with `hangoverSeconds` of hangover) inside a speech segment.
/// Thread safety: immutable, safe to share.
public struct VoiceActivityDetector: SpeechWindowClassifier {
    public let configuration: VoiceActivityConfiguration
    private let analysis = VoiceActivityFeatures.Analysis()
    private static let frameSeconds = Double(VoiceActivityFeatures.hopLength) / Double(GE2EHyperparameters.sampleRate)

    public init(configuration: VoiceActivityConfiguration = VoiceActivityConfiguration()) {
        self.configuration = configuration
    }

    /// Speech segments of `samples` (16 kHz mono), in time order, non-overlapping, each at
    /// least one voiced stretch long. Times are in seconds; a segment covers frames
    /// [first, last] as [first·0.01 s, (last+1)·0.01 s], clamped to the audio.
    public func segments(_ samples: [Float]) -> [SpeechSegment] {
        let features = VoiceActivityFeatures(samples: samples, analysis: analysis, configuration: configuration)
        let duration = Double(samples.count) / Double(GE2EHyperparameters.sampleRate)
        return segmentFrames(features).map { range in
            SpeechSegment(startSeconds: Double(range.lowerBound) * Self.frameSeconds,
                          endSeconds: min(duration, Double(range.upperBound) * Self.frameSeconds))
        }
    }

    /// Per-10 ms-frame activity (frame t centred at t·10 ms): energetic with hangover, inside a
    /// speech segment.
    public func frameActivity(_ samples: [Float]) -> [Bool] {
        let features = VoiceActivityFeatures(samples: samples, analysis: analysis, configuration: configuration)
        return activity(features)
    }

    public func speechDecisions(_ samples: [Float], windowLength: Int) -> [Bool] {
        let active = frameActivity(samples)
        let hop = VoiceActivityFeatures.hopLength
        return (0..<(samples.count / windowLength)).map { window in
            // Frames whose centre lies inside the window.
            let first = (window * windowLength + hop - 1) / hop
            let last = min(active.count - 1, ((window + 1) * windowLength - 1) / hop)
            guard first <= last else { return false }
            let count = (first...last).reduce(0) { $0 + (active[$1] ? 1 : 0) }
            return 2 * count > last - first + 1
        }
    }

    // MARK: Decisions

    private func energetic(_ features: VoiceActivityFeatures) -> [Bool] {
        features.voicing.indices.map { frame in
            features.levelDB.indices.contains { band in
                features.levelDB[band][frame] > max(features.noiseFloorDB[band][frame] + configuration.marginDB,
                                                    configuration.absoluteFloorDB)
            }
        }
    }

    /// Energetic frames plus `hangoverSeconds` after each.
    private func withHangover(_ isEnergetic: [Bool]) -> [Bool] {
        let hangover = Int((configuration.hangoverSeconds / Self.frameSeconds).rounded())
        var active = [Bool](repeating: false, count: isEnergetic.count)
        var lastEnergetic = Int.min / 2
        for frame in isEnergetic.indices {
            if isEnergetic[frame] { lastEnergetic = frame }
            active[frame] = frame - lastEnergetic <= hangover
        }
        return active
    }

    private func activity(_ features: VoiceActivityFeatures) -> [Bool] {
        let isEnergetic = energetic(features)
        let active = withHangover(isEnergetic)
        var inside = [Bool](repeating: false, count: active.count)
        for range in segmentFrames(features, energetic: isEnergetic) {
            for frame in range where frame < inside.count { inside[frame] = true }
        }
        return zip(active, inside).map { $0 && $1 }
    }

    /// Half-open frame ranges of the speech segments.
    private func segmentFrames(_ features: VoiceActivityFeatures, energetic given: [Bool]? = nil) -> [Range<Int>] {
        let isEnergetic = given ?? energetic(features)
        let sustained = withHangover(isEnergetic)
        let count = isEnergetic.count
        let frames = { (seconds: Double) in Int((seconds / Self.frameSeconds).rounded()) }
        var loudness = [Double](repeating: -.infinity, count: count)
        for band in features.levelDB {
            for frame in 0..<count { loudness[frame] = max(loudness[frame], band[frame]) }
        }
        let nearbyPeak = Self.slidingMaximum(loudness, reach: frames(configuration.peakWindowSeconds))
        let voiced = (0..<count).filter { frame in
            isEnergetic[frame] && features.voicing[frame] >= configuration.voicingThreshold
                && loudness[frame] >= nearbyPeak[frame] - configuration.seedRangeDB
        }
        guard !voiced.isEmpty else { return [] }
        let mergeGap = frames(configuration.mergeGapSeconds)
        let maxEdge = frames(configuration.maxUnvoicedEdgeSeconds)
        let minSilence = frames(configuration.minSilenceSeconds)

        // Voiced cores: (first voiced, last voiced, voiced count).
        var cores: [(first: Int, last: Int, voicedCount: Int)] = []
        for frame in voiced {
            if let core = cores.last, frame - core.last <= mergeGap {
                cores[cores.count - 1] = (core.first, frame, core.voicedCount + 1)
            } else {
                cores.append((frame, frame, 1))
            }
        }
        // Extend through energetic frames, then merge what the extension brought close.
        var segments: [(range: Range<Int>, voicedCount: Int)] = []
        for core in cores {
            var start = core.first, end = core.last
            while start > 0, core.first - (start - 1) <= maxEdge, isEnergetic[start - 1] { start -= 1 }
            // Trailing speech fades: the end follows energetic frames with hangover, so a coda
            // hovering at the margin in noise is not cut at its first dip.
            while end < count - 1, (end + 1) - core.last <= maxEdge, sustained[end + 1] { end += 1 }
            while end > core.last, !isEnergetic[end] { end -= 1 }
            if let previous = segments.last, start - previous.range.upperBound < minSilence {
                segments[segments.count - 1] = (previous.range.lowerBound..<(end + 1), previous.voicedCount + core.voicedCount)
            } else {
                segments.append((start..<(end + 1), core.voicedCount))
            }
        }
        return segments.filter { $0.voicedCount >= configuration.minVoicedFrames }.map(\.range)
    }

    /// max(values[i − reach … i + reach]) for every i, in O(n) (van Herk / Gil–Werman: block-wise
    /// prefix and suffix maxima over blocks of the window's width).
    static func slidingMaximum(_ values: [Double], reach: Int) -> [Double] {
        let count = values.count, width = 2 * reach + 1
        guard count > 0 else { return [] }
        var prefix = values, suffix = values
        for index in 1..<count where index % width != 0 { prefix[index] = max(prefix[index - 1], values[index]) }
        for index in stride(from: count - 2, through: 0, by: -1) where (index + 1) % width != 0 {
            suffix[index] = max(suffix[index + 1], values[index])
        }
        return (0..<count).map { index in
            let low = max(0, index - reach), high = min(count - 1, index + reach)
            return max(suffix[low], prefix[high])
        }
    }
}
