// Whisper, part 3 of 7: log-mel features.
//
// As the model was trained (and as faster-whisper computes them): 160 zero samples appended,
// STFT with a 400-point periodic Hann window, hop 160, centre reflect padding of 200, the last
// frame dropped; power spectrum; Slaney-scale, area-normalised mel filters over 0–8 kHz;
// log10(max(x, 1e-10)), floored at (global max − 8), then (x + 4) / 4.

import COpenBLAS
import Foundation

/// Log-mel features of a whole recording, `[melBins × frames]`, mel-major like Whisper's input.
public struct LogMelSpectrogram: Sendable {
    /// 80 or 128.
    public let melBins: Int
    /// One frame per 10 ms of audio: `samples / 160 + 1`.
    public let frames: Int
    /// `values[bin * frames + frame]`.
    public let values: [Float]

    /// The 30 s window starting at `start` (frames), zero-padded in the log-mel domain past the
    /// end (as faster-whisper does): `[melBins × 3000]`.
    func window(start: Int, count: Int) -> [Float] {
        let width = AudioConstants.framesPerWindow
        var out = [Float](repeating: 0, count: melBins * width)
        let available = max(0, min(count, frames - start, width))
        values.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for bin in 0..<melBins where available > 0 {
                    (dst.baseAddress! + bin * width).update(from: src.baseAddress! + bin * frames + start,
                                                            count: available)
                }
            }
        }
        return out
    }
}

/// Computes log-mel spectrograms for one model's number of mel bins. Immutable after init.
public struct LogMelExtractor: Sendable {
    public let melBins: Int
    /// `[melBins × 201]`, float32-rounded like faster-whisper's filters.
    let filters: [Double]
    /// `[400 × 402]`: columns 0…200 are cos(2πkn/400)·w(n), 201…401 are −sin(2πkn/400)·w(n)
    /// with the Hann window w folded in.
    let basis: [Double]

    static let frequencyBins = AudioConstants.fftSize / 2 + 1  // 201

    public init(melBins: Int) {
        self.melBins = melBins
        filters = Self.slaneyFilters(melBins: melBins)
        let n = AudioConstants.fftSize, bins = Self.frequencyBins
        var basis = [Double](repeating: 0, count: n * 2 * bins)
        for t in 0..<n {
            // np.hanning(401)[:-1] cast to float32: the periodic Hann window.
            let w = Double(Float(0.5 - 0.5 * cos(2 * Double.pi * Double(t) / Double(n))))
            for k in 0..<bins {
                let angle = 2 * Double.pi * Double((k * t) % n) / Double(n)
                basis[t * 2 * bins + k] = w * cos(angle)
                basis[t * 2 * bins + bins + k] = -w * sin(angle)
            }
        }
        self.basis = basis
    }

    /// Slaney mel filterbank (librosa `htk=False, norm="slaney"`, fmin 0, fmax 8000) for a 400-point
    /// FFT at 16 kHz, in the form faster-whisper computes it.
    static func slaneyFilters(melBins: Int) -> [Double] {
        let bins = frequencyBins
        let fftFrequencies = (0..<bins).map { Double($0) * Double(AudioConstants.sampleRate) / Double(AudioConstants.fftSize) }
        let maxMel = 45.245640471924965  // the Slaney mel value of 8000 Hz
        let linearStep = 200.0 / 3, logStartHz = 1000.0, logStartMel = logStartHz / linearStep
        let logStep = log(6.4) / 27
        let frequencies: [Double] = (0..<(melBins + 2)).map { i in
            let mel = maxMel * Double(i) / Double(melBins + 1)
            return mel >= logStartMel ? logStartHz * exp(logStep * (mel - logStartMel)) : linearStep * mel
        }
        var filters = [Double](repeating: 0, count: melBins * bins)
        for m in 0..<melBins {
            let lowerWidth = frequencies[m + 1] - frequencies[m]
            let upperWidth = frequencies[m + 2] - frequencies[m + 1]
            let norm = 2 / (frequencies[m + 2] - frequencies[m])
            for k in 0..<bins {
                let lower = (fftFrequencies[k] - frequencies[m]) / lowerWidth
                let upper = (frequencies[m + 2] - fftFrequencies[k]) / upperWidth
                filters[m * bins + k] = Double(Float(max(0, min(lower, upper)) * norm))
            }
        }
        return filters
    }

    /// Log-mel features of `samples` (16 kHz mono, nominally in [-1, 1]).
    public func callAsFunction(_ samples: [Float]) -> LogMelSpectrogram {
        let n = AudioConstants.fftSize, hop = AudioConstants.hopLength, half = n / 2
        let bins = Self.frequencyBins
        // Pad 160 zeros, then reflect-pad 200 on both sides.
        var padded = samples.map(Double.init) + [Double](repeating: 0, count: hop)
        let length = padded.count
        func reflect(_ i: Int) -> Double {
            var j = i
            if length == 1 { return padded[0] }
            while j < 0 || j >= length { j = j < 0 ? -j : 2 * (length - 1) - j }
            return padded[j]
        }
        let left = (0..<half).map { reflect(half - $0) }
        let right = (0..<half).map { reflect(length - 2 - $0) }
        padded = left + padded + right
        let frames = length / hop  // 1 + (length + 2·half − n) / hop frames, minus the last one
        var framed = [Double](repeating: 0, count: frames * n)
        for f in 0..<frames {
            for t in 0..<n { framed[f * n + t] = padded[f * hop + t] }
        }
        // Spectrum of every frame at once: [frames × 400] · [400 × 402].
        var spectrum = [Double](repeating: 0, count: frames * 2 * bins)
        if frames > 0 {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(frames), Int32(2 * bins), Int32(n),
                        1, framed, Int32(n), basis, Int32(2 * bins), 0, &spectrum, Int32(2 * bins))
        }
        var power = [Double](repeating: 0, count: frames * bins)
        for f in 0..<frames {
            for k in 0..<bins {
                let re = spectrum[f * 2 * bins + k], im = spectrum[f * 2 * bins + bins + k]
                power[f * bins + k] = re * re + im * im
            }
        }
        // Mel energies [melBins × frames] = filters [melBins × 201] · powerᵀ [201 × frames].
        var mel = [Double](repeating: 0, count: melBins * frames)
        if frames > 0 {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(melBins), Int32(frames), Int32(bins),
                        1, filters, Int32(bins), power, Int32(bins), 0, &mel, Int32(frames))
        }
        var maximum = -Double.infinity
        for i in 0..<mel.count {
            mel[i] = log10(max(mel[i], 1e-10))
            maximum = max(maximum, mel[i])
        }
        let floor = maximum - 8
        let values = mel.map { Float((max($0, floor) + 4) / 4) }
        return LogMelSpectrogram(melBins: melBins, frames: frames, values: values)
    }
}
