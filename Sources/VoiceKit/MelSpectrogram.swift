/// The GE2E encoder's input features: linear (not log) power mel spectrogram, 40 Slaney bands
/// over 0–8 kHz, 25 ms periodic-Hann windows every 10 ms, centred with zero padding — what
/// Resemblyzer's `wav_to_mel_spectrogram` computes through librosa 0.11.
///
/// Thread safety: immutable, safe to share.
public struct MelSpectrogram: Sendable {
    public let spectrogram: PowerSpectrogram
    public let filterbank: MelFilterbank

    /// The GE2E configuration (16 kHz, n_fft 400, hop 160, 40 bands).
    public init() {
        spectrogram = PowerSpectrogram(windowLength: GE2EHyperparameters.melWindowSamples,
                                       hopLength: GE2EHyperparameters.melHopSamples)
        filterbank = MelFilterbank(sampleRate: GE2EHyperparameters.sampleRate,
                                   fftLength: GE2EHyperparameters.melWindowSamples,
                                   bandCount: GE2EHyperparameters.melBands)
    }

    /// Mel frames of 16 kHz samples: 1 + ⌊N/160⌋ frames of 40 float32 power values.
    public func frames(of samples: [Float]) -> MelFrames {
        let bands = filterbank.bandCount, bins = filterbank.binCount
        let total = spectrogram.frameCount(sampleCount: samples.count)
        var values = [Float](repeating: 0, count: total * bands)
        values.withUnsafeMutableBufferPointer { out in
            filterbank.weights.withUnsafeBufferPointer { fb in
                spectrogram.forEachBlock(of: samples) { first, count, power in
                    Kernels.sgemm(transposeB: true, m: count, n: bands, k: bins,
                                  a: power, lda: bins, b: fb.baseAddress!, ldb: bins,
                                  beta: 0, c: out.baseAddress! + first * bands, ldc: bands)
                }
            }
        }
        return MelFrames(frameCount: total, bandCount: bands, values: values)
    }
}
