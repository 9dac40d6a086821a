// Whisper, part 4 of 7: the audio encoder.
//
// Two 1-D convolutions with GELU (the second with stride 2: 3000 mel frames → 1500 positions),
// fixed sinusoidal positions, pre-norm Transformer blocks, a final LayerNorm.

import Foundation

/// One pre-norm Transformer block: self-attention then a GELU MLP, each with a residual.
struct EncoderLayer: Sendable {
    let attentionNorm: LayerNorm
    let qkv: Linear  // fused [3·width × width]: rows Q, K, V
    let attentionOut: Linear
    let mlpNorm: LayerNorm
    let fc1: Linear
    let fc2: Linear
    let heads: Int

    init(_ weights: ModelWeights, _ prefix: String, width: Int, heads: Int) throws {
        attentionNorm = try LayerNorm(weights, "\(prefix)/self_attention/layer_norm", width: width)
        qkv = try Linear(weights, "\(prefix)/self_attention/linear_0", inputs: width, outputs: 3 * width)
        attentionOut = try Linear(weights, "\(prefix)/self_attention/linear_1", inputs: width, outputs: width)
        mlpNorm = try LayerNorm(weights, "\(prefix)/ffn/layer_norm", width: width)
        let hidden = try weights.tensor("\(prefix)/ffn/linear_0/weight").shape.first ?? 4 * width
        fc1 = try Linear(weights, "\(prefix)/ffn/linear_0", inputs: width, outputs: hidden)
        fc2 = try Linear(weights, "\(prefix)/ffn/linear_1", inputs: hidden, outputs: width)
        self.heads = heads
    }

    func callAsFunction(_ x: inout Matrix) {
        let width = x.cols, length = x.rows
        let fused = qkv(attentionNorm(x))
        var context = Matrix(zeros: length, width)
        fused.values.withUnsafeBufferPointer { f in
            context.values.withUnsafeMutableBufferPointer { c in
                let base = f.baseAddress!
                Kernels.attention(q: base, k: base + width, v: base + 2 * width, queries: length, keys: length,
                                  width: width, heads: heads, qStride: 3 * width, kvStride: 3 * width,
                                  out: c.baseAddress!)
            }
        }
        Kernels.add(attentionOut(context).values, to: &x.values)
        var hidden = fc1(mlpNorm(x))
        Kernels.gelu(&hidden.values)
        Kernels.add(fc2(hidden).values, to: &x.values)
    }
}

/// The audio encoder. Immutable and `Sendable`; one call encodes one 30 s window.
struct AudioEncoder: Sendable {
    let conv1Weight: [Float]  // [width × melBins·3]
    let conv1Bias: [Float]
    let conv2Weight: [Float]  // [width × width·3]
    let conv2Bias: [Float]
    let positions: [Float]  // [audioContext × width]
    let layers: [EncoderLayer]
    let finalNorm: LayerNorm
    let melBins: Int
    let width: Int
    let context: Int

    init(_ weights: ModelWeights, dims: ModelDimensions) throws {
        melBins = dims.melBins
        width = dims.audioWidth
        context = dims.audioContext
        conv1Weight = try weights.tensor("encoder/conv1/weight", shape: [width, melBins, 3]).values
        conv1Bias = try weights.tensor("encoder/conv1/bias", shape: [width]).values
        conv2Weight = try weights.tensor("encoder/conv2/weight", shape: [width, width, 3]).values
        conv2Bias = try weights.tensor("encoder/conv2/bias", shape: [width]).values
        positions = try weights.tensor("encoder/position_encodings/encodings", shape: [context, width]).values
        layers = try (0..<dims.audioLayers).map {
            try EncoderLayer(weights, "encoder/layer_\($0)", width: dims.audioWidth, heads: dims.audioHeads)
        }
        finalNorm = try LayerNorm(weights, "encoder/layer_norm", width: width)
    }

    /// Encodes one window of log-mel features `[melBins × 3000]` into `[1500 × width]`.
    func callAsFunction(mel: [Float]) -> Matrix {
        let frames = AudioConstants.framesPerWindow
        precondition(mel.count == melBins * frames)
        // conv1 (stride 1, padding 1) as one product: im2col [frames × melBins·3].
        var columns = [Float](repeating: 0, count: frames * melBins * 3)
        for t in 0..<frames {
            for c in 0..<melBins {
                for k in 0..<3 {
                    let source = t + k - 1
                    if source >= 0 && source < frames { columns[(t * melBins + c) * 3 + k] = mel[c * frames + source] }
                }
            }
        }
        let conv1 = Linear(weight: conv1Weight, bias: conv1Bias, inputs: melBins * 3, outputs: width)
        var h = conv1(Matrix(rows: frames, cols: melBins * 3, values: columns))
        Kernels.gelu(&h.values)
        // conv2 (stride 2, padding 1): im2col [context × width·3] from the time-major h.
        columns = [Float](repeating: 0, count: context * width * 3)
        h.values.withUnsafeBufferPointer { src in
            columns.withUnsafeMutableBufferPointer { dst in
                for t in 0..<context {
                    for k in 0..<3 {
                        let source = 2 * t + k - 1
                        guard source >= 0 && source < frames else { continue }
                        let row = src.baseAddress! + source * width
                        let out = dst.baseAddress! + t * width * 3 + k
                        for c in 0..<width { out[c * 3] = row[c] }
                    }
                }
            }
        }
        let conv2 = Linear(weight: conv2Weight, bias: conv2Bias, inputs: width * 3, outputs: width)
        var x = conv2(Matrix(rows: context, cols: width * 3, values: columns))
        Kernels.gelu(&x.values)
        Kernels.add(positions, to: &x.values)
        for layer in layers { layer(&x) }
        return finalNorm(x)
    }
}
