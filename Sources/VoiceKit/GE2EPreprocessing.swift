import Foundation

/// Resemblyzer's `preprocess_wav` for 16 kHz float audio, split into its steps so each can be
/// checked on its own: volume normalisation to −30 dBFS (increase only), then silence trimming
/// from per-30 ms-window speech decisions smoothed by a width-8 moving average (kept when at
/// least 5 of the 8 flags i−3…i+4 are speech) and dilated by 3 windows on each side.
///
/// The speech decisions come from a `SpeechWindowClassifier`: Resemblyzer uses webrtcvad mode 3;
/// VoiceKit's own `VoiceActivityDetector` is not bit-compatible with it (see docs/voice.md).
public enum GE2EPreprocessing {
    /// Raises the level of `samples` to `targetDBFS` when it is quieter; louder audio is
    /// returned unchanged. Level = 20·log10(RMS(x·32767)/32767), as Resemblyzer measures it.
    public static func normalizeVolume(_ samples: [Float], targetDBFS: Float = GE2EHyperparameters.targetDBFS) -> [Float] {
        guard !samples.isEmpty else { return samples }
        var sum: Double = 0
        for sample in samples {
            let scaled = Double(sample * 32767)
            sum += scaled * scaled
        }
        let rms = (sum / Double(samples.count)).squareRoot()
        guard rms > 0 else { return samples }
        let change = targetDBFS - Float(20 * log10(rms / 32767))
        guard change >= 0 else { return samples }
        let gain = Float(pow(10, Double(change) / 20))
        return samples.map { $0 * gain }
    }

    /// 16-bit PCM as Resemblyzer hands it to the VAD: round-half-to-even of x·32767, saturated
    /// to the Int16 range (numpy would wrap, which never happens for |x| ≤ 1).
    public static func pcm16(_ samples: ArraySlice<Float>) -> [Int16] {
        samples.map { sample in
            let scaled = (sample * 32767).rounded(.toNearestOrEven)
            return Int16(max(-32768, min(32767, scaled)))
        }
    }

    /// Which 30 ms windows survive trimming, given one speech decision per window.
    ///
    /// Window i is kept when at least 5 of the decisions i−3…i+4 are speech (outside the signal
    /// counts as non-speech), and then every kept window also keeps the 3 windows on each side.
    public static func keptWindows(speechDecisions: [Bool]) -> [Bool] {
        let width = GE2EHyperparameters.vadMovingAverageWidth
        let before = (width - 1) / 2, after = width / 2            // i−3 … i+4
        let count = speechDecisions.count
        let smoothed = (0..<count).map { index -> Bool in
            let low = max(0, index - before), high = min(count - 1, index + after)
            let voiced = speechDecisions[low...high].lazy.filter { $0 }.count
            // numpy rounds the mean half-to-even: exactly 4 of 8 rounds to 0.
            return 2 * voiced > width
        }
        let reach = GE2EHyperparameters.vadMaxSilenceWindows / 2
        return (0..<count).map { index in
            let low = max(0, index - reach), high = min(count - 1, index + reach)
            return smoothed[low...high].contains(true)
        }
    }

    /// Removes long silences: cuts `samples` to whole 480-sample windows, classifies each with
    /// `classifier`, and keeps the samples of the windows `keptWindows` selects, joined back to
    /// back. The result's length is a multiple of 480.
    public static func trimSilence(_ samples: [Float], classifier: some SpeechWindowClassifier) -> [Float] {
        let windowLength = GE2EHyperparameters.vadWindowSamples
        let usable = Array(samples.prefix(samples.count / windowLength * windowLength))
        return trimSilence(usable, speechDecisions: classifier.speechDecisions(usable, windowLength: windowLength))
    }

    /// As `trimSilence(_:classifier:)` with the per-window decisions given (one per whole
    /// 480-sample window of `samples`; trailing samples beyond the last window are dropped).
    public static func trimSilence(_ samples: [Float], speechDecisions: [Bool]) -> [Float] {
        let windowLength = GE2EHyperparameters.vadWindowSamples
        precondition(speechDecisions.count == samples.count / windowLength,
                     "\(speechDecisions.count) decisions for \(samples.count / windowLength) windows")
        var kept: [Float] = []
        kept.reserveCapacity(samples.count)
        for (window, keep) in keptWindows(speechDecisions: speechDecisions).enumerated() where keep {
            kept.append(contentsOf: samples[(window * windowLength)..<((window + 1) * windowLength)])
        }
        return kept
    }

    /// The whole `preprocess_wav` for audio already at 16 kHz: normalise, then trim.
    public static func preprocess(_ samples: [Float], classifier: some SpeechWindowClassifier) -> [Float] {
        trimSilence(normalizeVolume(samples), classifier: classifier)
    }
}
