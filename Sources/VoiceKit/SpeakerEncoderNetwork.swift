/// The GE2E network: a 3-layer unidirectional LSTM (hidden 256, zero initial state, PyTorch
/// gate order i, f, g, o), the final hidden state of the top layer, Linear 256 → 256, ReLU,
/// L2 normalisation.
///
/// Sequences of one batch share their length and run together: each layer's input projection
/// for all time steps and sequences is one sgemm, and each time step's recurrent product is one
/// sgemm over the batch. Thread safety: immutable; `embed` allocates its own scratch memory, so
/// concurrent calls are safe.
struct SpeakerEncoderNetwork: Sendable {
    let weights: GE2EWeights

    /// Unit-norm embeddings of `batch` mel sequences of `frames` frames each.
    ///
    /// - Parameter mels: row-major `[batch × frames × 40]`.
    /// - Returns: `batch` vectors of 256 non-negative floats of L2 norm 1 (an all-zero vector if
    ///   the ReLU zeroes every component).
    func embed(mels: [Float], batch: Int, frames: Int) -> [[Float]] {
        let hidden = GE2EHyperparameters.hiddenSize
        let gateWidth = 4 * hidden
        precondition(mels.count == batch * frames * GE2EHyperparameters.melBands, "mel batch shape")
        guard batch > 0, frames > 0 else { return Array(repeating: [], count: batch) }

        // Time-major input [frames × batch × inputSize] so every step's rows are contiguous.
        let bands = GE2EHyperparameters.melBands
        var input = [Float](repeating: 0, count: frames * batch * bands)
        for sequence in 0..<batch {
            for frame in 0..<frames {
                let source = (sequence * frames + frame) * bands
                let target = (frame * batch + sequence) * bands
                for band in 0..<bands { input[target + band] = mels[source + band] }
            }
        }
        var gates = [Float](repeating: 0, count: frames * batch * gateWidth)
        var output = [Float](repeating: 0, count: frames * batch * hidden)
        var cell = [Float](repeating: 0, count: batch * hidden)

        for layer in weights.layers {
            let inputSize = layer.inputSize
            // gates[t, b, :] = bias + W_ih · x[t, b, :]
            for row in 0..<(frames * batch) {
                for unit in 0..<gateWidth { gates[row * gateWidth + unit] = layer.bias[unit] }
            }
            input.withUnsafeBufferPointer { x in
                layer.inputWeights.withUnsafeBufferPointer { w in
                    gates.withUnsafeMutableBufferPointer { g in
                        Kernels.sgemm(transposeB: true, m: frames * batch, n: gateWidth, k: inputSize,
                                      a: x.baseAddress!, lda: inputSize, b: w.baseAddress!, ldb: inputSize,
                                      beta: 1, c: g.baseAddress!, ldc: gateWidth)
                    }
                }
            }
            for index in cell.indices { cell[index] = 0 }
            gates.withUnsafeMutableBufferPointer { g in
                output.withUnsafeMutableBufferPointer { h in
                    cell.withUnsafeMutableBufferPointer { c in
                        layer.recurrentWeights.withUnsafeBufferPointer { w in
                            for step in 0..<frames {
                                let stepGates = g.baseAddress! + step * batch * gateWidth
                                if step > 0 {
                                    // gates[t] += h[t−1] · W_hhᵀ (h starts at zero, so step 0 skips it)
                                    Kernels.sgemm(transposeB: true, m: batch, n: gateWidth, k: hidden,
                                                  a: h.baseAddress! + (step - 1) * batch * hidden, lda: hidden,
                                                  b: w.baseAddress!, ldb: hidden,
                                                  beta: 1, c: stepGates, ldc: gateWidth)
                                }
                                Kernels.lstmCell(gates: stepGates, cell: c.baseAddress!,
                                                 hiddenOut: h.baseAddress! + step * batch * hidden,
                                                 batch: batch, hidden: hidden)
                            }
                        }
                    }
                }
            }
            input = output
        }

        // Final hidden state of the top layer → Linear → ReLU → L2 normalise.
        let last = Array(output[((frames - 1) * batch * hidden)..<(frames * batch * hidden)])
        let embeddingSize = GE2EHyperparameters.embeddingSize
        var projected = [Float](repeating: 0, count: batch * embeddingSize)
        for sequence in 0..<batch {
            for unit in 0..<embeddingSize { projected[sequence * embeddingSize + unit] = weights.linearBias[unit] }
        }
        last.withUnsafeBufferPointer { x in
            weights.linearWeight.withUnsafeBufferPointer { w in
                projected.withUnsafeMutableBufferPointer { y in
                    Kernels.sgemm(transposeB: true, m: batch, n: embeddingSize, k: hidden,
                                  a: x.baseAddress!, lda: hidden, b: w.baseAddress!, ldb: hidden,
                                  beta: 1, c: y.baseAddress!, ldc: embeddingSize)
                }
            }
        }
        return (0..<batch).map { sequence in
            var embedding = projected[(sequence * embeddingSize)..<((sequence + 1) * embeddingSize)].map { max(0, $0) }
            Kernels.normalize(&embedding)
            return embedding
        }
    }
}
