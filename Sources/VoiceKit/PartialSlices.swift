/// How Resemblyzer's `embed_utterance` cuts an utterance into partial utterances
/// (`compute_partial_slices` with rate 1.3 and min_coverage 0.75).
///
/// Partials are 160 mel frames long and start every 77 frames while the start is below
/// max(1, n_frames − 160 + 77 + 1), with n_frames = ⌈(N+1)/160⌉. The last partial is dropped when
/// less than 75 % of its 25 600 samples are real audio and it is not the only one. When the last
/// kept partial reaches past the audio, the audio is zero-padded to its end before the mel is
/// computed (once, over the whole padded signal).
public struct PartialSlices: Sendable, Equatable {
    /// First mel frame of each partial; each covers 160 frames.
    public let frameStarts: [Int]
    /// Length the audio is zero-padded to before the mel (equal to the input when no padding).
    public let paddedSampleCount: Int

    public init(sampleCount: Int,
                partialFrames: Int = GE2EHyperparameters.partialFrames,
                stepFrames: Int = GE2EHyperparameters.partialStepFrames,
                minCoverage: Double = GE2EHyperparameters.minCoverage) {
        let hop = GE2EHyperparameters.melHopSamples
        let frameCount = (sampleCount + 1 + hop - 1) / hop
        let limit = max(1, frameCount - partialFrames + stepFrames + 1)
        var starts = Array(stride(from: 0, to: limit, by: stepFrames))
        let lastStartSample = starts[starts.count - 1] * hop
        let coverage = Double(sampleCount - lastStartSample) / Double(partialFrames * hop)
        if coverage < minCoverage && starts.count > 1 { starts.removeLast() }
        frameStarts = starts
        paddedSampleCount = max(sampleCount, (starts[starts.count - 1] + partialFrames) * hop)
    }

    /// Sample ranges [start, end) of the partials, as Resemblyzer's `wav_slices`.
    public var sampleRanges: [Range<Int>] {
        let hop = GE2EHyperparameters.melHopSamples
        return frameStarts.map { ($0 * hop)..<(($0 + GE2EHyperparameters.partialFrames) * hop) }
    }
}
