/// The labels that describe non-verbal measurements, with the original system's band edges
/// (all strict ">" as it codes them). Labels name what was measured (how active, how fast, how
/// often), never an emotion or a trait: the EU AI Act forbids inferring emotions of job candidates.
/// Where the original's label did that ("Positive", "Friendly" for the mouth's shape) it is
/// replaced by a description of the movement.
public enum Interpretation {
    /// Speech time over answer time.
    public static func speakingRatio(_ ratio: Double) -> String {
        ratio > 0.65 ? "Very active" : ratio > 0.5 ? "Fairly active" : "Least active"
    }

    /// Words per minute of speech: 135–165 inclusive is the ideal band.
    public static func speechRate(_ wordsPerMinute: Double) -> String {
        (135...165).contains(wordsPerMinute) ? "Ideal pace" : wordsPerMinute > 165 ? "Fast pace" : "Slow pace"
    }

    public static func pauses(_ count: Int) -> String {
        count > 40 ? "Frequent pauses" : count > 25 ? "Normal" : "Fluent"
    }

    /// Mean widening of the mouth above the candidate's own neutral (inter-ocular units).
    public static func smile(_ intensity: Double) -> String {
        intensity > 0.25 ? "Frequent smiling" : intensity > 0.12 ? "Occasional smiling" : "Neutral"
    }

    /// Spread of the brow height around its usual level (inter-ocular units).
    public static func eyebrow(_ movement: Double) -> String {
        movement > 0.035 ? "Expressive" : movement > 0.018 ? "Natural" : "Controlled"
    }

    public static func eyeContact(_ percent: Double) -> String {
        percent > 75 ? "Very good" : percent > 55 ? "Good" : "Needs improvement"
    }

    /// Blinks per minute: 10–25 is the usual resting range.
    public static func blinkRate(_ perMinute: Double) -> String {
        perMinute > 25 ? "High" : perMinute > 10 ? "Normal" : "Low"
    }
}
