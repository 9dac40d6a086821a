import Foundation

/// Per-frame measurements the voice activity detector decides on: 10 ms hop, 37.5 ms
/// periodic-Hann windows zero-padded to 1024 points.
///
/// - `levelDB[band]`: 10·log10 of the mean square in two sub-bands, 80–1000 Hz (voiced energy,
///   nasals) and 1000–4000 Hz (fricatives, bursts); 0 dB = full-scale DC, a full-scale sine is
///   about −3 dB. Two bands keep quiet voiced codas visible in white noise, whose power sits
///   mostly above 1 kHz.
/// - `noiseFloorDB[band]`: a low percentile of that band's levels within ±`noiseWindowSeconds`,
///   ignoring frames below the absolute floor (digital silence).
/// - `voicing`: the highest local maximum, over lags of 2.5–14.25 ms (400–70 Hz), of the
///   autocorrelation of the 0–2 kHz band normalised by r(0) and divided by the window's own
///   normalised autocorrelation (Boersma's correction), clamped to [0, 1].
struct VoiceActivityFeatures: Sendable {
    var levelDB: [[Double]]
    var noiseFloorDB: [[Double]]
    var voicing: [Double]

    static let windowLength = 600
    static let fftLength = 1024
    static let hopLength = 160
    /// Sub-band edges in Hz: [80, 1000) and [1000, 4000].
    static let bandEdgesHz = [80.0, 1000.0, 4000.0]
    private static let voicingBandHz = 2000.0
    private static let minLag = 40, maxLag = 228

    /// The analysis shared by every call: spectrogram, window autocorrelation, lag basis.
    struct Analysis: Sendable {
        /// Only the bins up to 4 kHz are used; computing no more halves the cost.
        let spectrogram = PowerSpectrogram(windowLength: windowLength, hopLength: hopLength, fftLength: fftLength,
                                           binLimit: Int(bandEdgesHz.last! * Double(fftLength) / 16000) + 1)
        let windowAutocorrelation: [Double]
        let levelScale: Double
        /// `[voicingBins × (1 + lags)]`: column 0 gives r(0), column j gives r(minLag + j − 1).
        let lagBasis: [Float]
        let voicingBins: Int

        init() {
            let window = (0..<windowLength).map { 0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(windowLength)) }
            let energy = window.reduce(0) { $0 + $1 * $1 }
            windowAutocorrelation = (0..<windowLength).map { lag in
                (0..<(windowLength - lag)).reduce(0) { $0 + window[$1] * window[$1 + lag] } / energy
            }
            // Σ_k |X_k|² over the one-sided spectrum ≈ (F/2)·Σ w²·(mean square).
            levelScale = Double(fftLength) / 2 * energy
            voicingBins = Int(voicingBandHz * Double(fftLength) / 16000) + 1
            let columns = 1 + maxLag - minLag + 1
            var basis = [Float](repeating: 0, count: voicingBins * columns)
            for bin in 0..<voicingBins {
                let weight = bin == 0 ? 1.0 : 2.0
                for column in 0..<columns {
                    let lag = column == 0 ? 0 : minLag + column - 1
                    let angle = 2 * Double.pi * Double((bin * lag) % fftLength) / Double(fftLength)
                    basis[bin * columns + column] = Float(weight * cos(angle))
                }
            }
            lagBasis = basis
        }
    }

    init(samples: [Float], analysis: Analysis, configuration: VoiceActivityConfiguration) {
        let bins = analysis.spectrogram.binCount
        let edgeBins = Self.bandEdgesHz.map { Int(($0 * Double(Self.fftLength) / 16000).rounded()) }
        let bandCount = edgeBins.count - 1
        let columns = 1 + Self.maxLag - Self.minLag + 1
        let total = analysis.spectrogram.frameCount(sampleCount: samples.count)
        var level = [[Double]](repeating: [Double](repeating: configuration.absoluteFloorDB - 100, count: total), count: bandCount)
        var voicing = [Double](repeating: 0, count: total)
        var lagValues = [Float]()
        analysis.lagBasis.withUnsafeBufferPointer { basis in
            analysis.spectrogram.forEachBlock(of: samples) { first, count, power in
                for band in 0..<bandCount {
                    // The band's share of the mean square: scale by the fraction of the spectrum it spans.
                    let share = Double(edgeBins[band + 1] - edgeBins[band]) / Double(Self.fftLength / 2 + 1)
                    for frame in 0..<count {
                        var energy: Double = 0
                        for bin in edgeBins[band]..<edgeBins[band + 1] { energy += Double(power[frame * bins + bin]) }
                        level[band][first + frame] = 10 * log10(energy / analysis.levelScale / share + 1e-30)
                    }
                }
                if lagValues.count < count * columns { lagValues = [Float](repeating: 0, count: count * columns) }
                lagValues.withUnsafeMutableBufferPointer { r in
                    Kernels.sgemm(transposeB: false, m: count, n: columns, k: analysis.voicingBins,
                                  a: power, lda: bins, b: basis.baseAddress!, ldb: columns,
                                  beta: 0, c: r.baseAddress!, ldc: columns)
                    for frame in 0..<count {
                        voicing[first + frame] = Self.voicing(r.baseAddress! + frame * columns, columns: columns,
                                                              windowAutocorrelation: analysis.windowAutocorrelation)
                    }
                }
            }
        }
        levelDB = level
        self.voicing = voicing
        noiseFloorDB = level.map { Self.noiseFloor($0, configuration: configuration) }
    }

    private static func voicing(_ r: UnsafePointer<Float>, columns: Int, windowAutocorrelation: [Double]) -> Double {
        let energy = Double(r[0])
        guard energy > 1e-12 else { return 0 }
        func normalised(_ column: Int) -> Double {
            Double(r[column]) / energy / windowAutocorrelation[minLag + column - 1]
        }
        var best = 0.0
        var previous = normalised(1), current = normalised(2)
        for column in 3..<columns {
            let next = normalised(column)
            if current >= previous && current >= next { best = max(best, current) }
            previous = current
            current = next
        }
        return min(1, best)
    }

    /// Low percentile of the levels above the absolute floor within ±window, evaluated every
    /// `stride` frames and held in between (the floor moves slowly; this keeps it cheap).
    private static func noiseFloor(_ level: [Double], configuration: VoiceActivityConfiguration) -> [Double] {
        let half = Int(configuration.noiseWindowSeconds * 16000 / Double(hopLength))
        let step = 25
        var floor = [Double](repeating: configuration.absoluteFloorDB, count: level.count)
        for center in stride(from: 0, to: level.count, by: step) {
            let window = level[max(0, center - half)..<min(level.count, center + half + 1)]
                .filter { $0 > configuration.absoluteFloorDB }
                .sorted()
            guard window.count >= 10 else { continue }
            let index = Int((configuration.noisePercentile / 100 * Double(window.count - 1)).rounded())
            for frame in center..<min(level.count, center + step) { floor[frame] = window[index] }
        }
        return floor
    }
}
