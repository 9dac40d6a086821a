/// The result of embedding one utterance: Resemblyzer's `embed_utterance(..., return_partials=True)`.
public struct UtteranceEmbedding: Sendable, Equatable {
    /// Mean of the partial embeddings, renormalised: 256 floats, unit norm.
    public let embedding: [Float]
    /// One unit-norm embedding per partial utterance (160 frames), in time order.
    public let partialEmbeddings: [[Float]]
    /// Where the partials were cut.
    public let slices: PartialSlices
}
