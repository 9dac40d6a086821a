import Foundation

/// Centred short-time power spectra with a periodic Hann window, as
/// `librosa.stft(center=True, pad_mode="constant")` frames them: the signal gets
/// `windowLength/2` zeros on each side, frame t covers samples [hop·t − windowLength/2,
/// hop·t + windowLength/2), and there are 1 + ⌊N/hop⌋ frames. Each windowed frame is
/// zero-padded to `fftLength` (≥ windowLength) and yields the first `binCount` of its
/// fftLength/2 + 1 bins of |X|² (all of them unless a caller needs only the low ones).
///
/// The DFT runs as one float32 sgemm per block of frames against a precomputed windowed
/// cosine/sine basis (computed in Double), which on this CPU is faster than a scalar FFT for a
/// 400-point transform. Thread safety: immutable, safe to share.
public struct PowerSpectrogram: Sendable {
    public let windowLength: Int
    public let hopLength: Int
    public let fftLength: Int
    public let binCount: Int
    /// `[2·binCount × windowLength]`: rows 0..<binCount are w[n]·cos(2πkn/F), the rest w[n]·sin.
    private let basis: [Float]
    private static let framesPerBlock = 1024

    /// - Parameters:
    ///   - windowLength: samples per frame (periodic Hann window of this length).
    ///   - hopLength: samples between frame centres.
    ///   - fftLength: transform size, at least `windowLength` (default: equal).
    ///   - binLimit: compute only bins 0..<binLimit (default: all fftLength/2 + 1).
    public init(windowLength: Int, hopLength: Int, fftLength: Int? = nil, binLimit: Int? = nil) {
        let fftLength = fftLength ?? windowLength
        precondition(fftLength >= windowLength, "FFT shorter than the window")
        self.windowLength = windowLength
        self.hopLength = hopLength
        self.fftLength = fftLength
        let bins = min(fftLength / 2 + 1, binLimit ?? Int.max)
        binCount = bins
        var basis = [Float](repeating: 0, count: 2 * bins * windowLength)
        for n in 0..<windowLength {
            let window = 0.5 - 0.5 * cos(2 * Double.pi * Double(n) / Double(windowLength))
            for k in 0..<bins {
                // Reduce k·n modulo F so the angle stays small and exact.
                let angle = 2 * Double.pi * Double((k * n) % fftLength) / Double(fftLength)
                basis[k * windowLength + n] = Float(window * cos(angle))
                basis[(bins + k) * windowLength + n] = Float(window * sin(angle))
            }
        }
        self.basis = basis
    }

    /// Number of frames for `sampleCount` samples: 1 + ⌊sampleCount / hop⌋.
    public func frameCount(sampleCount: Int) -> Int { 1 + sampleCount / hopLength }

    /// Calls `body(firstFrame, frameCount, power)` for consecutive blocks of frames, where `power`
    /// holds `frameCount × binCount` values row-major. Blocks bound the memory used on long audio.
    public func forEachBlock(of samples: [Float],
                             _ body: (_ firstFrame: Int, _ frameCount: Int, _ power: UnsafePointer<Float>) -> Void) {
        let total = frameCount(sampleCount: samples.count)
        let half = windowLength / 2
        let bins = binCount
        var framed = [Float](repeating: 0, count: Self.framesPerBlock * windowLength)
        var spectrum = [Float](repeating: 0, count: Self.framesPerBlock * 2 * bins)
        var power = [Float](repeating: 0, count: Self.framesPerBlock * bins)
        samples.withUnsafeBufferPointer { input in
            for first in stride(from: 0, to: total, by: Self.framesPerBlock) {
                let count = min(Self.framesPerBlock, total - first)
                framed.withUnsafeMutableBufferPointer { out in
                    for frame in 0..<count {
                        let start = (first + frame) * hopLength - half
                        for n in 0..<windowLength {
                            let index = start + n
                            out[frame * windowLength + n] = index >= 0 && index < input.count ? input[index] : 0
                        }
                    }
                }
                framed.withUnsafeBufferPointer { a in
                    basis.withUnsafeBufferPointer { b in
                        spectrum.withUnsafeMutableBufferPointer { c in
                            Kernels.sgemm(transposeB: true, m: count, n: 2 * bins, k: windowLength,
                                          a: a.baseAddress!, lda: windowLength, b: b.baseAddress!, ldb: windowLength,
                                          beta: 0, c: c.baseAddress!, ldc: 2 * bins)
                        }
                    }
                }
                for frame in 0..<count {
                    for k in 0..<bins {
                        let re = spectrum[frame * 2 * bins + k], im = spectrum[frame * 2 * bins + bins + k]
                        power[frame * bins + k] = re * re + im * im
                    }
                }
                power.withUnsafeBufferPointer { body(first, count, $0.baseAddress!) }
            }
        }
    }
}
