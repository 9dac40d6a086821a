/// The float32 weights of the GE2E encoder: a 3-layer LSTM (40 → 256 → 256 → 256) and a
/// 256 → 256 linear projection, as stored in Resemblyzer's `pretrained.pt` `model_state`.
///
/// LSTM matrices keep PyTorch's layout: 1024 rows in four gate blocks of 256, in the order
/// input, forget, cell (g), output; row-major `[1024 × inputSize]`. The two bias vectors of each
/// layer (`bias_ih` + `bias_hh`) are pre-summed, which is exactly how the cell uses them.
struct GE2EWeights: Sendable {
    struct LSTMLayer: Sendable {
        let inputSize: Int
        /// `[4·hidden × inputSize]` row-major.
        let inputWeights: [Float]
        /// `[4·hidden × hidden]` row-major.
        let recurrentWeights: [Float]
        /// `bias_ih + bias_hh`, `[4·hidden]`.
        let bias: [Float]
    }

    let layers: [LSTMLayer]
    /// `[256 × 256]` row-major (output features × input features).
    let linearWeight: [Float]
    let linearBias: [Float]

    /// Extracts and shape-checks the weights from a Resemblyzer checkpoint.
    /// - Throws: `VoiceKitError.missingTensor` / `.tensorShapeMismatch` when the checkpoint
    ///   does not hold the GE2E architecture.
    init(checkpoint: TorchCheckpoint) throws {
        let state = checkpoint.root["model_state"] ?? checkpoint.root
        func tensor(_ name: String, _ shape: [Int]) throws -> [Float] {
            guard case .tensor(let reference)? = state[name] else { throw VoiceKitError.missingTensor(name) }
            guard reference.shape == shape else {
                throw VoiceKitError.tensorShapeMismatch(name, expected: shape, found: reference.shape)
            }
            return try checkpoint.floats(of: reference)
        }
        let hidden = GE2EHyperparameters.hiddenSize
        let gates = 4 * hidden
        var layers: [LSTMLayer] = []
        for index in 0..<GE2EHyperparameters.layerCount {
            let inputSize = index == 0 ? GE2EHyperparameters.melBands : hidden
            let biasIH = try tensor("lstm.bias_ih_l\(index)", [gates])
            let biasHH = try tensor("lstm.bias_hh_l\(index)", [gates])
            layers.append(LSTMLayer(
                inputSize: inputSize,
                inputWeights: try tensor("lstm.weight_ih_l\(index)", [gates, inputSize]),
                recurrentWeights: try tensor("lstm.weight_hh_l\(index)", [gates, hidden]),
                bias: zip(biasIH, biasHH).map { $0 + $1 }))
        }
        self.layers = layers
        linearWeight = try tensor("linear.weight", [GE2EHyperparameters.embeddingSize, hidden])
        linearBias = try tensor("linear.bias", [GE2EHyperparameters.embeddingSize])
    }
}
