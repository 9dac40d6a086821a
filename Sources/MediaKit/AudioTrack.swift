/// Decoded mono audio: the input of transcription and speaker analysis.
public struct AudioTrack: Sendable, Equatable {
    /// Mono samples in [-1, 1] (decoders may overshoot slightly; nothing is clipped).
    public var samples: [Float]
    /// Samples per second; 16000 for tracks from `AudioExtractor`.
    public var sampleRate: Int
    /// `samples.count / sampleRate`, in seconds.
    public var durationSeconds: Double {
        sampleRate > 0 ? Double(samples.count) / Double(sampleRate) : 0
    }

    public init(samples: [Float], sampleRate: Int) {
        self.samples = samples
        self.sampleRate = sampleRate
    }
}
