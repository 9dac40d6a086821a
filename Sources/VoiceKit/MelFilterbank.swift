import Foundation

/// A Slaney-style mel filterbank: triangular bands equally spaced on the Slaney mel scale
/// (linear below 1 kHz at 200/3 Hz per mel, logarithmic above with step ln(6.4)/27 per mel),
/// each band area-normalised by 2/(f_high − f_low). This is the filterbank
/// `librosa.filters.mel(sr, n_fft, n_mels)` builds with its defaults (htk=False, norm="slaney").
///
/// Weights are computed in Double and stored as float32, row-major `[bands × bins]` with
/// `bins = fftLength/2 + 1`.
public struct MelFilterbank: Sendable {
    public let bandCount: Int
    public let binCount: Int
    /// `[bandCount × binCount]`, row-major.
    public let weights: [Float]
    /// Centre frequency of each band in Hz.
    public let centerFrequencies: [Double]

    /// - Parameters:
    ///   - sampleRate: in Hz.
    ///   - fftLength: FFT size; bin k sits at k·sampleRate/fftLength Hz.
    ///   - bandCount: number of mel bands between 0 Hz and `maxFrequency`.
    ///   - maxFrequency: upper edge in Hz (default: Nyquist).
    public init(sampleRate: Int, fftLength: Int, bandCount: Int, maxFrequency: Double? = nil) {
        let top = maxFrequency ?? Double(sampleRate) / 2
        self.bandCount = bandCount
        binCount = fftLength / 2 + 1
        let lowMel = Self.hzToMel(0), highMel = Self.hzToMel(top)
        let edges = (0..<(bandCount + 2)).map { index in
            Self.melToHz(lowMel + (highMel - lowMel) * Double(index) / Double(bandCount + 1))
        }
        centerFrequencies = Array(edges[1...bandCount])
        var weights = [Float](repeating: 0, count: bandCount * binCount)
        for band in 0..<bandCount {
            let low = edges[band], center = edges[band + 1], high = edges[band + 2]
            let norm = 2 / (high - low)
            for bin in 0..<binCount {
                let frequency = Double(bin) * Double(sampleRate) / Double(fftLength)
                let rising = (frequency - low) / (center - low)
                let falling = (high - frequency) / (high - center)
                let weight = max(0, min(rising, falling))
                weights[band * binCount + bin] = Float(weight * norm)
            }
        }
        self.weights = weights
    }

    private static let linearHzPerMel = 200.0 / 3
    private static let breakHz = 1000.0
    private static let breakMel = breakHz / linearHzPerMel
    private static let logStep = log(6.4) / 27

    /// Slaney mel value of a frequency in Hz.
    public static func hzToMel(_ hz: Double) -> Double {
        hz < breakHz ? hz / linearHzPerMel : breakMel + log(hz / breakHz) / logStep
    }

    /// Frequency in Hz of a Slaney mel value.
    public static func melToHz(_ mel: Double) -> Double {
        mel < breakMel ? mel * linearHzPerMel : breakHz * exp(logStep * (mel - breakMel))
    }
}
