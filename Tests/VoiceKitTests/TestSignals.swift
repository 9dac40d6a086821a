import Foundation

/// Deterministic test signals: seeded Gaussian noise and speech placed at known times.
enum TestSignals {
    /// Gaussian noise of the given RMS, reproducible from `seed` (xorshift + Box–Muller).
    static func noise(count: Int, rms: Float, seed: UInt64) -> [Float] {
        var state = seed | 1
        func uniform() -> Double {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return (Double(state >> 11) + 0.5) / Double(1 << 53)
        }
        return (0..<count).map { _ in
            Float((-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform())) * rms
        }
    }

    static func rms(_ samples: [Float]) -> Float {
        Float((samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(1, samples.count))).squareRoot())
    }

    /// A recording built from pieces laid end to end, remembering where each piece starts.
    struct Timeline {
        private(set) var samples: [Float] = []
        /// Start time in seconds of each piece appended with `append(_:)`, in order.
        private(set) var starts: [Double] = []

        mutating func append(_ piece: [Float]) {
            starts.append(Double(samples.count) / 16_000)
            samples.append(contentsOf: piece)
        }

        mutating func appendSilence(seconds: Double) {
            append([Float](repeating: 0, count: Int(seconds * 16_000)))
        }

        /// Adds `other` sample by sample from `offsetSeconds` on.
        mutating func mix(_ other: [Float], atSeconds offsetSeconds: Double = 0) {
            let offset = Int(offsetSeconds * 16_000)
            for index in other.indices where offset + index < samples.count { samples[offset + index] += other[index] }
        }
    }
}
