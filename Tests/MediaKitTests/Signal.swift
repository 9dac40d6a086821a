/// Measures for comparing decoded signals and pictures in tests.
enum Signal {
    /// Normalised correlation of `a[i]` with `b[i + lag]` over their overlap: 1 for identical
    /// signals, about 0 for unrelated ones.
    static func correlation(_ a: [Float], _ b: [Float], lag: Int = 0) -> Double {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var (ab, aa, bb) = (0.0, 0.0, 0.0)
                var i = max(0, -lag)
                while i < min(a.count, b.count - lag) {
                    let (x, y) = (Double(a[i]), Double(b[i + lag]))
                    ab += x * y
                    aa += x * x
                    bb += y * y
                    i += 1
                }
                return aa > 0 && bb > 0 ? ab / (aa * bb).squareRoot() : 0
            }
        }
    }

    /// Largest absolute value in `samples[range]`.
    static func peak(_ samples: [Float], _ range: Range<Int>) -> Float {
        samples[range].reduce(0) { max($0, abs($1)) }
    }

    /// Nil when `a == b`, else where they first differ. Use it instead of `#expect(a == b)` on
    /// large arrays: Swift Testing diffs failed collection comparisons element by element, which
    /// takes minutes for 10^5 elements.
    static func mismatch<T: Equatable>(_ a: [T], _ b: [T]) -> String? {
        if let index = a.indices.first(where: { $0 < b.count && a[$0] != b[$0] }) {
            return "first difference at index \(index) of \(a.count)"
        }
        return a.count == b.count ? nil : "\(a.count) vs \(b.count) elements"
    }
}
