// Numerical kernels of the speaker encoder: matrix products go to OpenBLAS (cblas_sgemm);
// the element-wise LSTM non-linearities are written over SIMD8 so they vectorise on AVX2
// (the target is built with -O -target-cpu haswell even in debug builds).

import COpenBLAS

enum Kernels {
    /// `C[m×n] = alpha · A[m×k] · op(B) + beta · C`, all row-major; `op(B)` is `Bᵀ` when
    /// `transposeB` (B stored `[n×k]`), else `B` (stored `[k×n]`).
    static func sgemm(transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
                      a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                      beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// e^x for eight lanes, relative error below 2e-7 over [-87, 88] (inputs are clamped there).
    ///
    /// Range reduction x = n·ln2 + r with |r| ≤ ln2/2 (ln2 split in a high and a low part), a
    /// degree-7 Taylor polynomial for e^r, and 2^n assembled in the exponent bits. n is rounded
    /// with the 1.5·2²³ "magic number" so that everything stays in plain vector arithmetic and
    /// bit operations (Swift's generic SIMD rounding and float→int conversions are not vectorised).
    @inline(__always)
    static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let magic = SIMD8<Float>(repeating: 12_582_912)            // 1.5·2²³
        let clamped = pointwiseMax(pointwiseMin(x, SIMD8(repeating: 88)), SIMD8(repeating: -87))
        let shifted = clamped * 1.442_695_04 + magic               // n + magic, n = round(x·log2 e)
        let n = shifted - magic
        var r = clamped - n * 0.693_145_751_953_125                // ln2 high part (exact in float32)
        r = r - n * 1.428_606_765_330_187e-06                      // ln2 low part
        var p = SIMD8<Float>(repeating: 1.0 / 5040)
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        // The low mantissa bits of `shifted` hold n (two's complement); 2^n = (n + 127) << 23.
        let bits = (unsafeBitCast(shifted, to: SIMD8<UInt32>.self) &- unsafeBitCast(magic, to: SIMD8<UInt32>.self)
                    &+ 127) &<< 23
        return p * unsafeBitCast(bits, to: SIMD8<Float>.self)
    }

    @inline(__always)
    static func sigmoid(_ x: SIMD8<Float>) -> SIMD8<Float> {
        1 / (1 + exp(-x))
    }

    /// tanh(x) = 2·σ(2x) − 1; absolute error about 2e-7.
    @inline(__always)
    static func tanh(_ x: SIMD8<Float>) -> SIMD8<Float> {
        2 / (1 + exp(-2 * x)) - 1
    }

    /// One LSTM cell update for `batch` rows, in place.
    ///
    /// `gates` holds `batch` rows of 4·`hidden` pre-activations in PyTorch order (i, f, g, o);
    /// `cell` and `hiddenOut` hold `batch` rows of `hidden` values. Computes
    /// c ← σ(f)·c + σ(i)·tanh(g) and h ← σ(o)·tanh(c). `hidden` must be a multiple of 8.
    static func lstmCell(gates: UnsafePointer<Float>, cell: UnsafeMutablePointer<Float>,
                         hiddenOut: UnsafeMutablePointer<Float>, batch: Int, hidden: Int) {
        precondition(hidden % 8 == 0, "hidden size must be a multiple of 8")
        let gatesRaw = UnsafeRawPointer(gates)
        let cellRaw = UnsafeMutableRawPointer(cell)
        let hiddenRaw = UnsafeMutableRawPointer(hiddenOut)
        for row in 0..<batch {
            let g = 4 * hidden * row * 4
            let s = hidden * row * 4
            for lane in stride(from: 0, to: hidden * 4, by: 32) {
                let i = gatesRaw.loadUnaligned(fromByteOffset: g + lane, as: SIMD8<Float>.self)
                let f = gatesRaw.loadUnaligned(fromByteOffset: g + hidden * 4 + lane, as: SIMD8<Float>.self)
                let candidate = gatesRaw.loadUnaligned(fromByteOffset: g + 2 * hidden * 4 + lane, as: SIMD8<Float>.self)
                let o = gatesRaw.loadUnaligned(fromByteOffset: g + 3 * hidden * 4 + lane, as: SIMD8<Float>.self)
                let previous = cellRaw.loadUnaligned(fromByteOffset: s + lane, as: SIMD8<Float>.self)
                let next = sigmoid(f) * previous + sigmoid(i) * tanh(candidate)
                cellRaw.storeBytes(of: next, toByteOffset: s + lane, as: SIMD8<Float>.self)
                hiddenRaw.storeBytes(of: sigmoid(o) * tanh(next), toByteOffset: s + lane, as: SIMD8<Float>.self)
            }
        }
    }

    /// Scales `vector` in place to unit L2 norm (left unchanged when its norm is 0).
    static func normalize(_ vector: inout [Float]) {
        var sum: Double = 0
        for value in vector { sum += Double(value) * Double(value) }
        guard sum > 0 else { return }
        let scale = Float(1 / sum.squareRoot())
        for index in vector.indices { vector[index] *= scale }
    }

    /// Cosine similarity of two equal-length vectors, computed in Double.
    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        precondition(a.count == b.count, "cosine of vectors of different lengths")
        var dot: Double = 0, na: Double = 0, nb: Double = 0
        for index in a.indices {
            let x = Double(a[index]), y = Double(b[index])
            dot += x * y; na += x * x; nb += y * y
        }
        return na > 0 && nb > 0 ? dot / (na * nb).squareRoot() : 0
    }
}
