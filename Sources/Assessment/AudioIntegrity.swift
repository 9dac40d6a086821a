import VoiceKit

/// The audio half of cheating detection: how many voices speak in the answer, from the voice
/// counter's result, in the reference's `cheating_detection.audio` shape plus our evidence.
public enum AudioIntegrity {
    public static func report(_ count: VoiceCount) -> AudioIntegrityReport {
        let second = count.secondVoice.map {
            Finding(indicator: .secondVoice, startSeconds: rounded($0.startSeconds, 2), endSeconds: rounded($0.endSeconds, 2),
                    frames: nil, measure: "centroid_cosine", peak: rounded(count.centroidCosine, 3),
                    threshold: VoiceCountConfiguration().maxCentroidCosine)
        }
        let details: String
        switch count.numSpeakers {
        case 0: details = "No speech detected"
        case 1: details = "Only 1 speaker detected (candidate only)"
        default:
            let others = count.voices.dropFirst().reduce(0) { $0 + $1.speakingSeconds }
            details = "\(count.numSpeakers) speakers detected: voices other than the candidate's speak for "
                + "\(String(format: "%.1f", others)) s (voices' embeddings cosine \(String(format: "%.2f", count.centroidCosine)), silhouette \(String(format: "%.2f", count.silhouette)))"
        }
        return AudioIntegrityReport(
            numSpeakersDetected: count.numSpeakers,
            silhouetteScore: count.numSpeakers > 1 || count.silhouette != 0 ? rounded(count.silhouette, 3) : nil,
            confidenceScore: rounded(100 * count.confidence, 1),
            verdict: count.numSpeakers > 1 ? .highRisk : .safe,
            details: details, timeline: second,
            voices: count.voices.map { .init(speakingSeconds: rounded($0.speakingSeconds, 2)) },
            speechSeconds: rounded(count.speechSeconds, 2), centroidCosine: rounded(count.centroidCosine, 3))
    }
}

/// `cheating_detection.audio`: the reference's fields, then our evidence.
public struct AudioIntegrityReport: Codable, Sendable, Equatable {
    /// Distinct voices; 0 when the answer has no speech.
    public var numSpeakersDetected: Int
    /// Mean silhouette of the best split into voices; null when no split was possible.
    public var silhouetteScore: Double?
    /// Confidence in the number of voices, percent.
    public var confidenceScore: Double
    /// Safe for one voice (or none), High Risk when another voice speaks.
    public var verdict: Verdict
    public var details: String
    /// Where voices other than the candidate's (the dominant one) speak.
    public var timeline: [Finding]
    /// Speaking time of each voice, the candidate's first.
    public var voices: [Voice]
    public var speechSeconds: Double
    /// Cosine similarity of the two largest voices' mean embeddings (1 for one voice).
    public var centroidCosine: Double

    public struct Voice: Codable, Sendable, Equatable {
        public var speakingSeconds: Double
        enum CodingKeys: String, CodingKey { case speakingSeconds = "speaking_seconds" }
    }

    /// `silhouette_score` is written as `null` when there is none, as the reference does.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(numSpeakersDetected, forKey: .numSpeakersDetected)
        try container.encode(silhouetteScore, forKey: .silhouetteScore)
        try container.encode(confidenceScore, forKey: .confidenceScore)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(details, forKey: .details)
        try container.encode(timeline, forKey: .timeline)
        try container.encode(voices, forKey: .voices)
        try container.encode(speechSeconds, forKey: .speechSeconds)
        try container.encode(centroidCosine, forKey: .centroidCosine)
    }

    enum CodingKeys: String, CodingKey {
        case verdict, details, timeline, voices
        case numSpeakersDetected = "num_speakers_detected"
        case silhouetteScore = "silhouette_score"
        case confidenceScore = "confidence_score"
        case speechSeconds = "speech_seconds"
        case centroidCosine = "centroid_cosine"
    }
}
