import VoiceKit

/// The speech half of non-verbal delivery: how much of the answer is speech, how fast, how many
/// pauses, from voice activity and the transcript.
public enum SpeechDelivery {
    /// A silence inside the answer at least this long is a pause (the original's 500 ms
    /// `min_silence_len`); silence before the first and after the last word is not a pause.
    public static let minimumPauseSeconds = 0.5
    /// Speech rate and ratio are unstable on little speech: confidence scales with speech time
    /// up to this many seconds.
    public static let fullConfidenceSpeechSeconds = 10.0

    /// - Parameters:
    ///   - speech: speech segments of the answer's audio (voice activity detection).
    ///   - durationSeconds: the answer's length.
    ///   - wordCount: words in the transcript.
    ///   - meanWordProbability: the recognizer's mean word probability (0–1), if it gave any.
    public static func analyze(speech: [SpeechSegment], durationSeconds: Double, wordCount: Int,
                               meanWordProbability: Double?) -> SpeechAnalysis {
        let speaking = speech.reduce(0) { $0 + $1.durationSeconds }
        let pauses = zip(speech, speech.dropFirst())
            .map { SpeechAnalysis.Pause(startSeconds: rounded($0.endSeconds, 2), endSeconds: rounded($1.startSeconds, 2)) }
            .filter { $0.endSeconds - $0.startSeconds >= minimumPauseSeconds }
        let ratio = durationSeconds > 0 ? rounded(speaking / durationSeconds, 2) : 0
        let wordsPerMinute = speaking > 0 ? rounded(60 * Double(wordCount) / speaking, 2) : 0
        // How sure the measurement is: the words' recognition probability (0.5 when the
        // recognizer gave none), scaled down for short speech; nothing to measure without speech.
        let recognition = meanWordProbability ?? 0.5
        let confidence = speaking > 0 && wordCount > 0
            ? rounded(100 * recognition * min(1, speaking / fullConfidenceSpeechSeconds), 1) : 0
        return SpeechAnalysis(
            speakingRatio: ratio, speakingInterpretation: Interpretation.speakingRatio(ratio),
            speechRateWpm: wordsPerMinute, speechInterpretation: Interpretation.speechRate(wordsPerMinute),
            numPauses: pauses.count, pauseInterpretation: Interpretation.pauses(pauses.count), confidence: confidence,
            totalDurationSeconds: rounded(durationSeconds, 2), speakingTimeSeconds: rounded(speaking, 2),
            wordCount: wordCount, pauses: pauses)
    }
}

/// `non_verbal_analysis.speech_analysis`: the reference's fields, then the evidence.
public struct SpeechAnalysis: Codable, Sendable, Equatable {
    public var speakingRatio: Double
    public var speakingInterpretation: String
    public var speechRateWpm: Double
    public var speechInterpretation: String
    public var numPauses: Int
    public var pauseInterpretation: String
    /// Percent: how reliable these measurements are (see `SpeechDelivery`).
    public var confidence: Double
    public var totalDurationSeconds: Double
    public var speakingTimeSeconds: Double
    public var wordCount: Int
    /// Every counted pause.
    public var pauses: [Pause]

    public struct Pause: Codable, Sendable, Equatable {
        public var startSeconds: Double
        public var endSeconds: Double
        enum CodingKeys: String, CodingKey {
            case startSeconds = "start_s"
            case endSeconds = "end_s"
        }
    }

    enum CodingKeys: String, CodingKey {
        case confidence, pauses
        case speakingRatio = "speaking_ratio"
        case speakingInterpretation = "speaking_interpretation"
        case speechRateWpm = "speech_rate_wpm"
        case speechInterpretation = "speech_interpretation"
        case numPauses = "num_pauses"
        case pauseInterpretation = "pause_interpretation"
        case totalDurationSeconds = "total_duration_seconds"
        case speakingTimeSeconds = "speaking_time_seconds"
        case wordCount = "word_count"
    }
}
