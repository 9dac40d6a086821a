// Numerical kernels shared by the encoder and the decoder. Matrix products go to OpenBLAS
// (cblas_sgemm); the element-wise loops are written so the compiler can vectorise them
// (the target is built with -O -target-cpu haswell even in debug builds).

import COpenBLAS
import Foundation

/// Buffers handed to the threads of one `smallBatch` call. The call outlives the threads and
/// each thread writes a disjoint range of output rows, so sharing the pointers is safe.
private struct SharedBuffers: @unchecked Sendable {
    let x: UnsafePointer<Float>
    let weights: UnsafeRawPointer
    let out: UnsafeMutablePointer<Float>
}

/// A dense row-major float32 matrix.
struct Matrix: Sendable {
    var rows: Int
    var cols: Int
    var values: [Float]

    init(rows: Int, cols: Int, values: [Float]) {
        precondition(values.count == rows * cols, "matrix \(rows)x\(cols) with \(values.count) values")
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    init(zeros rows: Int, _ cols: Int) {
        self.init(rows: rows, cols: cols, values: [Float](repeating: 0, count: rows * cols))
    }
}

/// A weight matrix `[rows × cols]` (rows = output features) in its stored precision.
///
/// Products with a few input rows (decoder steps: one row per beam) run in `Kernels.smallBatch`,
/// which streams the weights once and widens float16 on the fly; products with many rows
/// (encoder, prompt) go to OpenBLAS sgemm.
struct WeightMatrix: Sendable {
    let rows: Int
    let cols: Int
    let storage: WeightStorage

    /// `y[m × rows] = x[m × cols] · Wᵀ`.
    func multiply(_ x: UnsafePointer<Float>, m: Int, into y: UnsafeMutablePointer<Float>) {
        if m <= Kernels.smallBatchLimit && cols % 8 == 0 {
            Kernels.smallBatch(x, batch: m, weights: self, out: y)
            return
        }
        switch storage {
        case .single(let w):
            w.withUnsafeBufferPointer { pw in
                Kernels.sgemm(transposeB: true, m: m, n: rows, k: cols, alpha: 1, a: x, lda: cols,
                              b: pw.baseAddress!, ldb: cols, beta: 0, c: y, ldc: rows)
            }
        case .half:
            let widened = storage.floats
            widened.withUnsafeBufferPointer { pw in
                Kernels.sgemm(transposeB: true, m: m, n: rows, k: cols, alpha: 1, a: x, lda: cols,
                              b: pw.baseAddress!, ldb: cols, beta: 0, c: y, ldc: rows)
            }
        }
    }

    /// Row `row` widened to float32.
    func row(_ row: Int) -> [Float] {
        switch storage {
        case .single(let w): return Array(w[row * cols..<(row + 1) * cols])
        case .half(let w): return w[row * cols..<(row + 1) * cols].map(Float.init)
        }
    }
}

/// A linear layer `y = x·Wᵀ + b` with `W` stored `[out, in]` as in PyTorch and CTranslate2.
struct Linear: Sendable {
    let weight: WeightMatrix
    let bias: [Float]?

    var inputs: Int { weight.cols }
    var outputs: Int { weight.rows }

    init(_ weights: ModelWeights, _ prefix: String, inputs: Int, outputs: Int, bias: Bool = true) throws {
        let tensor = try weights.tensor("\(prefix)/weight", shape: [outputs, inputs])
        self.weight = WeightMatrix(rows: outputs, cols: inputs, storage: tensor.storage)
        self.bias = bias ? try weights.tensor("\(prefix)/bias", shape: [outputs]).values : nil
    }

    init(weight: [Float], bias: [Float]?, inputs: Int, outputs: Int) {
        self.weight = WeightMatrix(rows: outputs, cols: inputs, storage: .single(weight))
        self.bias = bias
    }

    /// Applies the layer to every row of `x` (`x.cols == inputs`).
    func callAsFunction(_ x: Matrix) -> Matrix {
        precondition(x.cols == inputs)
        var y = Matrix(zeros: x.rows, outputs)
        x.values.withUnsafeBufferPointer { px in
            y.values.withUnsafeMutableBufferPointer { py in weight.multiply(px.baseAddress!, m: x.rows, into: py.baseAddress!) }
        }
        if let bias { Kernels.addRowVector(bias, to: &y.values, rows: x.rows, cols: outputs) }
        return y
    }
}

/// LayerNorm over the last dimension with learned scale and shift (ε = 1e-5, as in Whisper).
struct LayerNorm: Sendable {
    let gamma: [Float]
    let beta: [Float]

    init(_ weights: ModelWeights, _ prefix: String, width: Int) throws {
        gamma = try weights.tensor("\(prefix)/gamma", shape: [width]).values
        beta = try weights.tensor("\(prefix)/beta", shape: [width]).values
    }

    func callAsFunction(_ x: Matrix) -> Matrix {
        var y = x
        Kernels.layerNorm(&y.values, rows: x.rows, cols: x.cols, gamma: gamma, beta: beta, epsilon: 1e-5)
        return y
    }
}

enum Kernels {
    /// Sets the number of OpenBLAS threads for the whole process (OpenBLAS has one global pool).
    /// `smallBatch` uses the same number of threads.
    static func setThreadCount(_ threads: Int) {
        openblas_set_num_threads(Int32(max(1, threads)))
    }

    /// The thread count last set with `setThreadCount`.
    static var threadCount: Int { Int(max(1, openblas_get_num_threads())) }

    /// Up to this many input rows a product runs in `smallBatch` rather than sgemm.
    static let smallBatchLimit = 8

    /// Widens float16 values to float32 (vcvtph2ps on x86-64 with F16C).
    static func widen(_ source: UnsafePointer<Float16>, count: Int, into out: UnsafeMutablePointer<Float>) {
        var i = 0
        while i + 8 <= count {
            let h = UnsafeRawPointer(source + i).loadUnaligned(as: SIMD8<Float16>.self)
            UnsafeMutableRawPointer(out + i).storeBytes(of: SIMD8<Float>(h), as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { out[i] = Float(source[i]); i += 1 }
    }

    /// `out[b × rows] = x[b × cols] · Wᵀ` for `batch ≤ smallBatchLimit` input rows: each weight
    /// row is read once for the whole batch, and the output rows are split over threads.
    /// Requires `cols % 8 == 0`. Accumulation is in float32, eight lanes per row.
    static func smallBatch(_ x: UnsafePointer<Float>, batch: Int, weights: WeightMatrix, out: UnsafeMutablePointer<Float>) {
        precondition(batch >= 1 && batch <= smallBatchLimit && weights.cols % 8 == 0)
        let rows = weights.rows, cols = weights.cols
        let threads = threadCount
        let chunk = (rows + threads - 1) / threads
        let work: (UnsafeRawPointer, Bool) -> Void = { weightBytes, isHalf in
            let shared = SharedBuffers(x: x, weights: weightBytes, out: out)
            DispatchQueue.concurrentPerform(iterations: threads) { part in
                let from = part * chunk, to = min(rows, from + chunk)
                guard from < to else { return }
                let x = shared.x, base = shared.weights, out = shared.out
                // Rows of x beyond the batch alias row 0; their sums are computed and dropped.
                var inputs = [UnsafePointer<Float>](repeating: x, count: 8)
                for b in 0..<batch { inputs[b] = x + b * cols }
                inputs.withUnsafeBufferPointer { xs in
                    for r in from..<to {
                        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
                        var a4 = SIMD8<Float>(), a5 = SIMD8<Float>(), a6 = SIMD8<Float>(), a7 = SIMD8<Float>()
                        var k = 0
                        while k < cols {
                            let w: SIMD8<Float>
                            if isHalf {
                                w = SIMD8<Float>(base.loadUnaligned(fromByteOffset: 2 * (r * cols + k), as: SIMD8<Float16>.self))
                            } else {
                                w = base.loadUnaligned(fromByteOffset: 4 * (r * cols + k), as: SIMD8<Float>.self)
                            }
                            @inline(__always) func load(_ b: Int) -> SIMD8<Float> {
                                UnsafeRawPointer(xs[b] + k).loadUnaligned(as: SIMD8<Float>.self)
                            }
                            a0 = a0.addingProduct(w, load(0))
                            if batch > 1 {
                                a1 = a1.addingProduct(w, load(1)); a2 = a2.addingProduct(w, load(2)); a3 = a3.addingProduct(w, load(3))
                                if batch > 4 {
                                    a4 = a4.addingProduct(w, load(4)); a5 = a5.addingProduct(w, load(5))
                                    a6 = a6.addingProduct(w, load(6)); a7 = a7.addingProduct(w, load(7))
                                }
                            }
                            k += 8
                        }
                        out[r] = a0.sum()
                        if batch > 1 { out[rows + r] = a1.sum() }
                        if batch > 2 { out[2 * rows + r] = a2.sum() }
                        if batch > 3 { out[3 * rows + r] = a3.sum() }
                        if batch > 4 { out[4 * rows + r] = a4.sum() }
                        if batch > 5 { out[5 * rows + r] = a5.sum() }
                        if batch > 6 { out[6 * rows + r] = a6.sum() }
                        if batch > 7 { out[7 * rows + r] = a7.sum() }
                    }
                }
            }
        }
        switch weights.storage {
        case .single(let w): w.withUnsafeBytes { work($0.baseAddress!, false) }
        case .half(let w): w.withUnsafeBytes { work($0.baseAddress!, true) }
        }
    }

    /// Raw row-major sgemm: `c = alpha · a · op(b) + beta · c`, `op(b) = bᵀ` when `transposeB`.
    @inline(__always)
    static func sgemm(transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                      a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                      beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb),
                    beta, c, Int32(ldc))
    }

    /// `x[r, :] += v` for every row.
    static func addRowVector(_ v: [Float], to x: inout [Float], rows: Int, cols: Int) {
        v.withUnsafeBufferPointer { pv in
            x.withUnsafeMutableBufferPointer { px in
                for r in 0..<rows {
                    let row = px.baseAddress! + r * cols
                    for c in 0..<cols { row[c] += pv[c] }
                }
            }
        }
    }

    /// `x += y` element-wise.
    static func add(_ y: [Float], to x: inout [Float]) {
        precondition(x.count == y.count)
        y.withUnsafeBufferPointer { py in
            x.withUnsafeMutableBufferPointer { px in
                for i in 0..<px.count { px[i] += py[i] }
            }
        }
    }

    static func layerNorm(_ x: inout [Float], rows: Int, cols: Int, gamma: [Float], beta: [Float], epsilon: Float) {
        gamma.withUnsafeBufferPointer { g in
            beta.withUnsafeBufferPointer { b in
                x.withUnsafeMutableBufferPointer { px in
                    for r in 0..<rows {
                        let row = px.baseAddress! + r * cols
                        var mean: Float = 0
                        for c in 0..<cols { mean += row[c] }
                        mean /= Float(cols)
                        var variance: Float = 0
                        for c in 0..<cols { let d = row[c] - mean; variance += d * d }
                        variance /= Float(cols)
                        let scale = 1 / (variance + epsilon).squareRoot()
                        for c in 0..<cols { row[c] = (row[c] - mean) * scale * g[c] + b[c] }
                    }
                }
            }
        }
    }

    /// GELU, `x · Φ(x) = x/2 · (1 + erf(x/√2))`, the activation Whisper was trained with. erf is
    /// evaluated with Abramowitz & Stegun 7.1.26 (absolute error below 1.5e-7, float32 level).
    static func gelu(_ x: inout [Float]) {
        x.withUnsafeMutableBufferPointer { px in
            let base = UnsafeMutableRawPointer(px.baseAddress!)
            var i = 0
            while i + 8 <= px.count {
                let v = base.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
                base.storeBytes(of: gelu8(v), toByteOffset: 4 * i, as: SIMD8<Float>.self)
                i += 8
            }
            while i < px.count { px[i] = gelu8(SIMD8(repeating: px[i]))[0]; i += 1 }
        }
    }

    @inline(__always)
    static func gelu8(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let z = x * 0.70710678118654752
        let negative = z .< 0
        let a = z.replacing(with: -z, where: negative)
        let t = 1 / (1 + 0.3275911 * a)
        var p = SIMD8<Float>(repeating: 1.061405429)
        p = p * t - 1.453152027
        p = p * t + 1.421413741
        p = p * t - 0.284496736
        p = p * t + 0.254829592
        let e = 1 - p * t * exp8(-a * a)
        return 0.5 * x * (1 + e.replacing(with: -e, where: negative))
    }

    /// e^x for eight lanes (Cephes polynomial, relative error about 1.2e-7 for normal results;
    /// inputs are clamped to [-87.3, 88.4]). Written with concrete SIMD operations only, which
    /// the compiler turns into AVX2 code (the generic rounding and conversion APIs are slow).
    @inline(__always)
    static func exp8(_ v: SIMD8<Float>) -> SIMD8<Float> {
        var x = v.replacing(with: -87.33654, where: v .< -87.33654)
        x.replace(with: 88.37626, where: x .> 88.37626)
        let magic = SIMD8<Float>(repeating: 12_582_912)  // 1.5 · 2^23: adding it rounds to an integer
        let shifted = x * 1.44269504088896341 + magic
        let n = shifted - magic
        x = x - n * 0.693359375 + n * 2.12194440e-4
        var y = SIMD8<Float>(repeating: 1.9875691500e-4)
        y = y * x + 1.3981999507e-3
        y = y * x + 8.3334519073e-3
        y = y * x + 4.1665795894e-2
        y = y * x + 1.6666665459e-1
        y = y * x + 5.0000001201e-1
        y = y * x * x + x + 1
        let integer = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        return y * unsafeBitCast((integer &+ 127) &<< 23, to: SIMD8<Float>.self)
    }

    /// Softmax of each row of `x[rows × cols]`, in place, over the first `valid` columns (the rest
    /// become 0).
    static func softmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int, valid: Int? = nil) {
        let n = valid ?? cols
        for r in 0..<rows {
            let row = x + r * cols
            let raw = UnsafeMutableRawPointer(row)
            var maximum = -Float.infinity
            for c in 0..<n where row[c] > maximum { maximum = row[c] }
            var sums = SIMD8<Float>()
            var c = 0
            while c + 8 <= n {
                let e = exp8(raw.loadUnaligned(fromByteOffset: 4 * c, as: SIMD8<Float>.self) - maximum)
                raw.storeBytes(of: e, toByteOffset: 4 * c, as: SIMD8<Float>.self)
                sums += e
                c += 8
            }
            var sum = sums.sum()
            while c < n { let e = expf(row[c] - maximum); row[c] = e; sum += e; c += 1 }
            let inverse = 1 / sum
            for c in 0..<n { row[c] *= inverse }
            for c in n..<cols { row[c] = 0 }
        }
    }

    /// `log_softmax` of one vector, computed in double precision for the sum.
    static func logSoftmax(_ x: [Float]) -> [Float] {
        var maximum = -Float.infinity
        for v in x where v > maximum { maximum = v }
        var sum: Double = 0
        for v in x where v > -Float.infinity { sum += Double(expf(v - maximum)) }
        let logSum = maximum + Float(Foundation.log(sum))
        return x.map { $0 - logSum }
    }

    /// Scaled dot-product attention for all heads at once.
    ///
    /// `q` is `[queries × width]`, `k` and `v` are `[keys × width]` with `heads` heads of
    /// `width/heads` channels side by side. With `causalOffset` set, query `i` sees keys
    /// `0...causalOffset + i` only. Returns `[queries × width]`. When `weights` is given, the
    /// softmax attention of every head is appended to it (`[heads × queries × keys]`).
    static func attention(q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                          queries: Int, keys: Int, width: Int, heads: Int, qStride: Int? = nil,
                          kvStride: Int? = nil, causalOffset: Int? = nil,
                          out: UnsafeMutablePointer<Float>, outStride: Int? = nil,
                          rawScores: UnsafeMutablePointer<Float>? = nil) {
        let headWidth = width / heads
        let scale = 1 / Float(headWidth).squareRoot()
        let qs = qStride ?? width, kvs = kvStride ?? width, os = outStride ?? width
        if queries <= smallBatchLimit && headWidth == 64 {
            fewQueryAttention(q: q, k: k, v: v, queries: queries, keys: keys, heads: heads,
                              scale: scale, qStride: qs, kvStride: kvs, causalOffset: causalOffset,
                              out: out, outStride: os, rawScores: rawScores)
            return
        }
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: queries * keys)
        defer { scores.deallocate() }
        for h in 0..<heads {
            let offset = h * headWidth
            sgemm(transposeB: true, m: queries, n: keys, k: headWidth, alpha: scale,
                  a: q + offset, lda: qs, b: k + offset, ldb: kvs, beta: 0, c: scores, ldc: keys)
            if let rawScores { (rawScores + h * queries * keys).update(from: scores, count: queries * keys) }
            if let causalOffset {
                for i in 0..<queries {
                    let visible = min(keys, causalOffset + i + 1)
                    softmaxRows(scores + i * keys, rows: 1, cols: keys, valid: visible)
                }
            } else {
                softmaxRows(scores, rows: queries, cols: keys)
            }
            sgemm(transposeB: false, m: queries, n: headWidth, k: keys, alpha: 1,
                  a: scores, lda: keys, b: v + offset, ldb: kvs, beta: 0, c: out + offset, ldc: os)
        }
    }

    /// `attention` for a handful of queries (decoder steps) with 64-channel heads (every Whisper
    /// size): each query is held in registers while the keys stream past, heads are spread over
    /// the threads.
    private static func fewQueryAttention(q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                                          queries: Int, keys: Int, heads: Int, scale: Float,
                                          qStride: Int, kvStride: Int, causalOffset: Int?,
                                          out: UnsafeMutablePointer<Float>, outStride: Int,
                                          rawScores: UnsafeMutablePointer<Float>?) {
        let shared = AttentionBuffers(q: q, k: k, v: v, out: out, rawScores: rawScores)
        let workers = min(heads, threadCount)
        DispatchQueue.concurrentPerform(iterations: workers) { part in
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: queries * keys)
            defer { scores.deallocate() }
            @inline(__always) func load(_ p: UnsafePointer<Float>, _ lane: Int) -> SIMD8<Float> {
                UnsafeRawPointer(p).loadUnaligned(fromByteOffset: 32 * lane, as: SIMD8<Float>.self)
            }
            for h in stride(from: part, to: heads, by: workers) {
                let offset = h * 64
                for i in 0..<queries {
                    let query = shared.q + i * qStride + offset
                    let (q0, q1, q2, q3) = (load(query, 0), load(query, 1), load(query, 2), load(query, 3))
                    let (q4, q5, q6, q7) = (load(query, 4), load(query, 5), load(query, 6), load(query, 7))
                    for j in 0..<keys {
                        let key = shared.k + j * kvStride + offset
                        var s = q0 * load(key, 0)
                        s = s.addingProduct(q1, load(key, 1)); s = s.addingProduct(q2, load(key, 2))
                        s = s.addingProduct(q3, load(key, 3)); s = s.addingProduct(q4, load(key, 4))
                        s = s.addingProduct(q5, load(key, 5)); s = s.addingProduct(q6, load(key, 6))
                        s = s.addingProduct(q7, load(key, 7))
                        scores[i * keys + j] = s.sum() * scale
                    }
                }
                if let raw = shared.rawScores { (raw + h * queries * keys).update(from: scores, count: queries * keys) }
                for i in 0..<queries {
                    let visible = causalOffset.map { min(keys, $0 + i + 1) } ?? keys
                    softmaxRows(scores + i * keys, rows: 1, cols: keys, valid: visible)
                    var (a0, a1, a2, a3) = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
                    var (a4, a5, a6, a7) = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
                    for j in 0..<visible {
                        let p = SIMD8<Float>(repeating: scores[i * keys + j])
                        let value = shared.v + j * kvStride + offset
                        a0 = a0.addingProduct(p, load(value, 0)); a1 = a1.addingProduct(p, load(value, 1))
                        a2 = a2.addingProduct(p, load(value, 2)); a3 = a3.addingProduct(p, load(value, 3))
                        a4 = a4.addingProduct(p, load(value, 4)); a5 = a5.addingProduct(p, load(value, 5))
                        a6 = a6.addingProduct(p, load(value, 6)); a7 = a7.addingProduct(p, load(value, 7))
                    }
                    let target = UnsafeMutableRawPointer(shared.out + i * outStride + offset)
                    target.storeBytes(of: a0, toByteOffset: 0, as: SIMD8<Float>.self)
                    target.storeBytes(of: a1, toByteOffset: 32, as: SIMD8<Float>.self)
                    target.storeBytes(of: a2, toByteOffset: 64, as: SIMD8<Float>.self)
                    target.storeBytes(of: a3, toByteOffset: 96, as: SIMD8<Float>.self)
                    target.storeBytes(of: a4, toByteOffset: 128, as: SIMD8<Float>.self)
                    target.storeBytes(of: a5, toByteOffset: 160, as: SIMD8<Float>.self)
                    target.storeBytes(of: a6, toByteOffset: 192, as: SIMD8<Float>.self)
                    target.storeBytes(of: a7, toByteOffset: 224, as: SIMD8<Float>.self)
                }
            }
        }
    }
}

/// Buffers shared by the threads of one `fewQueryAttention` call; each thread handles whole
/// heads, so it writes disjoint columns of `out` and disjoint blocks of `rawScores`.
private struct AttentionBuffers: @unchecked Sendable {
    let q: UnsafePointer<Float>
    let k: UnsafePointer<Float>
    let v: UnsafePointer<Float>
    let out: UnsafeMutablePointer<Float>
    let rawScores: UnsafeMutablePointer<Float>?
}
