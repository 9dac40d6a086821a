// Whisper, part 5 of 7: the text decoder.
//
// Token embeddings plus learned positions, pre-norm blocks of causal self-attention,
// cross-attention over the encoder output and a GELU MLP, a final LayerNorm, and logits from the
// tied embedding matrix (logits = h·Eᵀ). Self-attention keys/values are cached per sequence;
// cross-attention keys/values are computed once per window (`CrossAttentionMemory`).

import Foundation

/// Cross-attention keys and values of every decoder layer for one encoded window. They depend
/// only on the encoder output, so they are computed once and shared by all beams and steps.
struct CrossAttentionMemory: Sendable {
    /// Per layer: keys and values, each `[audioContext × width]`.
    let keys: [[Float]]
    let values: [[Float]]
    let length: Int
}

/// The self-attention cache of a batch of sequences that all have the same length.
struct DecoderCache: Sendable {
    let batch: Int
    let capacity: Int
    let width: Int
    /// Positions already processed.
    private(set) var length = 0
    /// Per layer `[batch × capacity × width]`.
    fileprivate var keys: [[Float]]
    fileprivate var values: [[Float]]
    /// Scratch of the same shape, reused by `reorder` so beam steps allocate nothing.
    private var spareKeys: [[Float]] = []
    private var spareValues: [[Float]] = []

    init(layers: Int, batch: Int, capacity: Int, width: Int) {
        self.batch = batch
        self.capacity = capacity
        self.width = width
        let empty = [Float](repeating: 0, count: batch * capacity * width)
        keys = Array(repeating: empty, count: layers)
        values = keys
    }

    /// Reorders (and possibly resizes) the batch: new sequence `i` continues old sequence
    /// `sources[i]`. Used by beam search after each step.
    func reordered(_ sources: [Int]) -> DecoderCache {
        var result = DecoderCache(layers: keys.count, batch: sources.count, capacity: capacity, width: width)
        result.length = length
        let used = length * width, stride = capacity * width
        for layer in 0..<keys.count {
            keys[layer].withUnsafeBufferPointer { oldK in
                values[layer].withUnsafeBufferPointer { oldV in
                    result.keys[layer].withUnsafeMutableBufferPointer { newK in
                        result.values[layer].withUnsafeMutableBufferPointer { newV in
                            for (i, source) in sources.enumerated() {
                                (newK.baseAddress! + i * stride).update(from: oldK.baseAddress! + source * stride, count: used)
                                (newV.baseAddress! + i * stride).update(from: oldV.baseAddress! + source * stride, count: used)
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// Reorders the batch in place: sequence `i` continues old sequence `sources[i]`
    /// (`sources.count == batch`). Only the used positions are copied.
    mutating func reorder(_ sources: [Int]) {
        precondition(sources.count == batch)
        if sources == Array(0..<batch) { return }
        if spareKeys.isEmpty {
            spareKeys = keys.map { [Float](repeating: 0, count: $0.count) }
            spareValues = spareKeys
        }
        let used = length * width, stride = capacity * width
        for layer in 0..<keys.count {
            Self.gather(from: keys[layer], into: &spareKeys[layer], sources: sources, used: used, stride: stride)
            Self.gather(from: values[layer], into: &spareValues[layer], sources: sources, used: used, stride: stride)
        }
        swap(&keys, &spareKeys)
        swap(&values, &spareValues)
    }

    private static func gather(from old: [Float], into new: inout [Float], sources: [Int], used: Int, stride: Int) {
        old.withUnsafeBufferPointer { o in
            new.withUnsafeMutableBufferPointer { n in
                for (i, source) in sources.enumerated() {
                    (n.baseAddress! + i * stride).update(from: o.baseAddress! + source * stride, count: used)
                }
            }
        }
    }

    fileprivate mutating func advance(by count: Int) { length += count }
}

struct DecoderLayer: Sendable {
    let selfNorm: LayerNorm
    let selfQKV: Linear  // fused [3·width × width]
    let selfOut: Linear
    let crossNorm: LayerNorm
    let crossQuery: Linear
    let crossKV: Linear  // fused [2·width × width] over the encoder output
    let crossOut: Linear
    let mlpNorm: LayerNorm
    let fc1: Linear
    let fc2: Linear

    init(_ weights: ModelWeights, _ prefix: String, width: Int) throws {
        selfNorm = try LayerNorm(weights, "\(prefix)/self_attention/layer_norm", width: width)
        selfQKV = try Linear(weights, "\(prefix)/self_attention/linear_0", inputs: width, outputs: 3 * width)
        selfOut = try Linear(weights, "\(prefix)/self_attention/linear_1", inputs: width, outputs: width)
        crossNorm = try LayerNorm(weights, "\(prefix)/attention/layer_norm", width: width)
        crossQuery = try Linear(weights, "\(prefix)/attention/linear_0", inputs: width, outputs: width)
        crossKV = try Linear(weights, "\(prefix)/attention/linear_1", inputs: width, outputs: 2 * width)
        crossOut = try Linear(weights, "\(prefix)/attention/linear_2", inputs: width, outputs: width)
        mlpNorm = try LayerNorm(weights, "\(prefix)/ffn/layer_norm", width: width)
        let hidden = try weights.tensor("\(prefix)/ffn/linear_0/weight").shape.first ?? 4 * width
        fc1 = try Linear(weights, "\(prefix)/ffn/linear_0", inputs: width, outputs: hidden)
        fc2 = try Linear(weights, "\(prefix)/ffn/linear_1", inputs: hidden, outputs: width)
    }
}

/// The text decoder. Immutable and `Sendable`; all per-call state is in `DecoderCache`.
struct TextDecoder: Sendable {
    let embeddings: WeightMatrix  // [vocabulary × width], also the output projection
    let positions: [Float]  // [textContext × width]
    let layers: [DecoderLayer]
    let finalNorm: LayerNorm
    let width: Int
    let heads: Int
    let vocabularySize: Int
    let textContext: Int

    init(_ weights: ModelWeights, dims: ModelDimensions) throws {
        width = dims.textWidth
        heads = dims.textHeads
        vocabularySize = dims.vocabularySize
        textContext = dims.textContext
        embeddings = WeightMatrix(rows: vocabularySize, cols: width,
                                  storage: try weights.tensor("decoder/embeddings/weight", shape: [vocabularySize, width]).storage)
        positions = try weights.tensor("decoder/position_encodings/encodings", shape: [textContext, width]).values
        layers = try (0..<dims.textLayers).map { try DecoderLayer(weights, "decoder/layer_\($0)", width: dims.textWidth) }
        finalNorm = try LayerNorm(weights, "decoder/layer_norm", width: width)
        // The output projection is tied to the embeddings; a separate one would be a different model.
        if let projection = weights.variables["decoder/projection/weight"], projection.storage != embeddings.storage {
            throw WhisperError.malformedModelFile("model.bin", "decoder/projection/weight is not tied to the embeddings")
        }
    }

    /// Cross-attention keys and values for an encoder output `[audioContext × width]`.
    func memory(for encoderOutput: Matrix) -> CrossAttentionMemory {
        var keys: [[Float]] = [], values: [[Float]] = []
        for layer in layers {
            let kv = layer.crossKV(encoderOutput)
            var k = [Float](repeating: 0, count: encoderOutput.rows * width)
            var v = k
            for r in 0..<encoderOutput.rows {
                for c in 0..<width {
                    k[r * width + c] = kv.values[r * 2 * width + c]
                    v[r * width + c] = kv.values[r * 2 * width + width + c]
                }
            }
            keys.append(k)
            values.append(v)
        }
        return CrossAttentionMemory(keys: keys, values: values, length: encoderOutput.rows)
    }

    func makeCache(batch: Int, capacity: Int) -> DecoderCache {
        DecoderCache(layers: layers.count, batch: batch, capacity: min(capacity, textContext), width: width)
    }

    /// Runs `tokens` (`batch` rows of `steps` new tokens each, row-major) through the decoder,
    /// appending them to `cache`. Returns the final hidden states `[batch·steps × width]`
    /// (after the final LayerNorm) and, for each requested `(layer, head)` pair in
    /// `alignmentHeads`, its pre-softmax cross-attention scores `[batch·steps × memory.length]`.
    func forward(_ tokens: [Int], batch: Int, cache: inout DecoderCache, memory: CrossAttentionMemory,
                 alignmentHeads: [(layer: Int, head: Int)] = []) -> (hidden: Matrix, crossScores: [[Float]]) {
        let steps = tokens.count / batch
        precondition(steps * batch == tokens.count && batch == cache.batch)
        precondition(cache.length + steps <= cache.capacity, "decoder context exceeded")
        let start = cache.length
        var x = Matrix(zeros: batch * steps, width)
        for (row, token) in tokens.enumerated() {
            let position = start + row % steps
            let embedding = embeddings.row(token)
            for c in 0..<width {
                x.values[row * width + c] = embedding[c] + positions[position * width + c]
            }
        }
        let stride = cache.capacity * width
        var collected: [[Float]] = []
        for (index, layer) in layers.enumerated() {
            // Causal self-attention over the cache plus the new positions.
            let fused = layer.selfQKV(layer.selfNorm(x))
            var context = Matrix(zeros: batch * steps, width)
            fused.values.withUnsafeBufferPointer { f in
                cache.keys[index].withUnsafeMutableBufferPointer { ck in
                    cache.values[index].withUnsafeMutableBufferPointer { cv in
                        context.values.withUnsafeMutableBufferPointer { out in
                            for b in 0..<batch {
                                for s in 0..<steps {
                                    let row = f.baseAddress! + (b * steps + s) * 3 * width
                                    (ck.baseAddress! + b * stride + (start + s) * width).update(from: row + width, count: width)
                                    (cv.baseAddress! + b * stride + (start + s) * width).update(from: row + 2 * width, count: width)
                                }
                                Kernels.attention(q: f.baseAddress! + b * steps * 3 * width,
                                                  k: ck.baseAddress! + b * stride, v: cv.baseAddress! + b * stride,
                                                  queries: steps, keys: start + steps, width: width, heads: heads,
                                                  qStride: 3 * width, causalOffset: start,
                                                  out: out.baseAddress! + b * steps * width)
                            }
                        }
                    }
                }
            }
            Kernels.add(layer.selfOut(context).values, to: &x.values)

            // Cross-attention: every row of every sequence attends to the same memory.
            let query = layer.crossQuery(layer.crossNorm(x))
            let wanted = alignmentHeads.filter { $0.layer == index }.map(\.head)
            var raw: [Float] = wanted.isEmpty ? [] : [Float](repeating: 0, count: heads * batch * steps * memory.length)
            context = Matrix(zeros: batch * steps, width)
            query.values.withUnsafeBufferPointer { q in
                memory.keys[index].withUnsafeBufferPointer { k in
                    memory.values[index].withUnsafeBufferPointer { v in
                        context.values.withUnsafeMutableBufferPointer { out in
                            raw.withUnsafeMutableBufferPointer { r in
                                Kernels.attention(q: q.baseAddress!, k: k.baseAddress!, v: v.baseAddress!,
                                                  queries: batch * steps, keys: memory.length, width: width,
                                                  heads: heads, out: out.baseAddress!,
                                                  rawScores: wanted.isEmpty ? nil : r.baseAddress!)
                            }
                        }
                    }
                }
            }
            let block = batch * steps * memory.length
            for head in wanted { collected.append(Array(raw[head * block..<(head + 1) * block])) }
            Kernels.add(layer.crossOut(context).values, to: &x.values)

            var hidden = layer.fc1(layer.mlpNorm(x))
            Kernels.gelu(&hidden.values)
            Kernels.add(layer.fc2(hidden).values, to: &x.values)
        }
        cache.advance(by: steps)
        return (finalNorm(x), collected)
    }

    /// Logits over the whole vocabulary for the given rows of hidden states: `[rows × vocabulary]`.
    func logits(_ hidden: Matrix, rows: [Int]) -> Matrix {
        var selected = Matrix(zeros: rows.count, width)
        for (i, row) in rows.enumerated() {
            for c in 0..<width { selected.values[i * width + c] = hidden.values[row * width + c] }
        }
        var out = Matrix(zeros: rows.count, vocabularySize)
        selected.values.withUnsafeBufferPointer { x in
            out.values.withUnsafeMutableBufferPointer { y in embeddings.multiply(x.baseAddress!, m: rows.count, into: y.baseAddress!) }
        }
        return out
    }
}
