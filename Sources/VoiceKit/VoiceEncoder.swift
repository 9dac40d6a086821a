import Foundation

/// Resemblyzer's GE2E speaker encoder, native: checkpoint loading, preprocessing, mel features,
/// network and the partial-utterance averaging of `embed_utterance`, with no Python at run time.
///
/// Embeddings are 256 non-negative float32 values of L2 norm 1; the cosine of two embeddings
/// (their dot product) measures how alike two voices are. Audio must be 16 kHz mono float in
/// [−1, 1]. Thread safety: immutable after `init`; every method may be called concurrently.
/// The methods are CPU-bound and block (BLAS, two worker threads): call them from a dedicated
/// thread or task executor, not from Swift's cooperative pool.
public struct VoiceEncoder: Sendable {
    /// The feature extractor the network was trained with.
    public let melSpectrogram = MelSpectrogram()
    private let network: SpeakerEncoderNetwork
    /// Sequences per network call; bounds scratch memory (about 1 MB per sequence of 160 frames).
    private static let maxBatch = 64

    /// Loads `resemblyzer/pretrained.pt` (Resemblyzer 0.1.4; fetched by
    /// scripts/fetch-voice-encoder.sh).
    /// - Throws: `VoiceKitError` when the file is missing, malformed or not the GE2E architecture.
    public init(checkpoint: URL) throws {
        network = SpeakerEncoderNetwork(weights: try GE2EWeights(checkpoint: TorchCheckpoint(contentsOf: checkpoint)))
    }

    /// The speaker embedding of one utterance, as Resemblyzer's
    /// `embed_utterance(preprocess_wav(samples))` computes it (rate 1.3, min coverage 0.75).
    ///
    /// - Parameters:
    ///   - sampleRate: must be 16 000 (VoiceKit does not resample).
    ///   - preprocess: normalise the volume and trim silences first (Resemblyzer's
    ///     `preprocess_wav`); pass false for audio that is already preprocessed.
    ///   - classifier: the per-30 ms speech decisions used for trimming.
    /// - Returns: 256 floats, unit norm; all zeros when trimming leaves no audio.
    /// - Throws: `VoiceKitError.unsupportedSampleRate`.
    public func embedUtterance(_ samples: [Float], sampleRate: Int = GE2EHyperparameters.sampleRate,
                               preprocess: Bool = true,
                               classifier: some SpeechWindowClassifier = VoiceActivityDetector()) throws -> [Float] {
        guard sampleRate == GE2EHyperparameters.sampleRate else { throw VoiceKitError.unsupportedSampleRate(sampleRate) }
        let audio = preprocess ? GE2EPreprocessing.preprocess(samples, classifier: classifier) : samples
        guard !audio.isEmpty else { return [Float](repeating: 0, count: GE2EHyperparameters.embeddingSize) }
        return embedPartials(audio).embedding
    }

    /// `embed_utterance(samples, return_partials=True)` for audio that is already preprocessed:
    /// pads as `PartialSlices` says, computes the mel once, embeds every partial in one batch and
    /// averages.
    public func embedPartials(_ samples: [Float]) -> UtteranceEmbedding {
        let slices = PartialSlices(sampleCount: samples.count)
        var padded = samples
        padded.append(contentsOf: repeatElement(0, count: slices.paddedSampleCount - samples.count))
        let mel = melSpectrogram.frames(of: padded)
        let partials = embedFrameWindows(mel, starts: slices.frameStarts, length: GE2EHyperparameters.partialFrames)
        var mean = [Float](repeating: 0, count: GE2EHyperparameters.embeddingSize)
        for partial in partials {
            for index in mean.indices { mean[index] += partial[index] }
        }
        for index in mean.indices { mean[index] /= Float(partials.count) }
        Kernels.normalize(&mean)
        return UtteranceEmbedding(embedding: mean, partialEmbeddings: partials, slices: slices)
    }

    /// Embeddings of many overlapping windows of one recording, computed efficiently: the mel is
    /// computed once over `samples` (16 kHz, not preprocessed or trimmed here) and the windows run
    /// through the network in batches.
    ///
    /// Windows are `windowFrames` mel frames (10 ms each) long and start every `hopFrames` frames
    /// while they fit; audio shorter than one window gives one shorter window.
    /// - Returns: one unit-norm 256-d embedding per window, in time order.
    public func embedWindows(_ samples: [Float], windowFrames: Int = GE2EHyperparameters.partialFrames,
                             hopFrames: Int = GE2EHyperparameters.partialFrames / 2) -> [WindowEmbedding] {
        precondition(windowFrames > 0 && hopFrames > 0, "window and hop must be positive")
        guard !samples.isEmpty else { return [] }
        let mel = melSpectrogram.frames(of: samples)
        let length = min(windowFrames, mel.frameCount)
        let starts = Array(stride(from: 0, through: mel.frameCount - length, by: hopFrames))
        let embeddings = embedFrameWindows(mel, starts: starts, length: length)
        let hop = Double(GE2EHyperparameters.melHopSamples) / Double(GE2EHyperparameters.sampleRate)
        return zip(starts, embeddings).map { start, embedding in
            WindowEmbedding(startSeconds: Double(start) * hop, endSeconds: Double(start + length) * hop,
                            embedding: embedding)
        }
    }

    /// Embeds mel windows [start, start + length) of `mel`, in batches of at most `maxBatch`.
    /// The batches are spread over two workers (the machine has two cores): the per-step
    /// recurrent products are too small for OpenBLAS to use both cores well on its own.
    func embedFrameWindows(_ mel: MelFrames, starts: [Int], length: Int) -> [[Float]] {
        let bands = mel.bandCount
        let batchSize = min(Self.maxBatch, max(1, (starts.count + 1) / 2))
        let batches = stride(from: 0, to: starts.count, by: batchSize).map {
            $0..<min(starts.count, $0 + batchSize)
        }
        let results = BatchResults(count: batches.count)
        let network = self.network
        DispatchQueue.concurrentPerform(iterations: batches.count) { index in
            var input = [Float]()
            input.reserveCapacity(batches[index].count * length * bands)
            for start in starts[batches[index]] {
                input.append(contentsOf: mel.values[(start * bands)..<((start + length) * bands)])
            }
            results.store(network.embed(mels: input, batch: batches[index].count, frames: length), at: index)
        }
        return results.joined
    }
}
