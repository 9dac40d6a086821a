import FaceKit

/// The facial half of non-verbal delivery, from the face track: mouth and brow movement around
/// the candidate's own neutral, blinks, and how much of the time the candidate faces the screen.
/// Measurements only; nothing here infers what the candidate feels.
public enum FacialDelivery {
    /// The neutral mouth is the 20th percentile of the smile measure: people's resting mouth is
    /// the narrower end of their range, and a candidate who smiles half the time must not make a
    /// smile the neutral.
    public static let neutralSmilePercentile = 0.2
    /// Eyes count as closed below this share of the candidate's usual (median) eye aspect ratio,
    /// and open again above `blinkReopenRatio` (hysteresis: one blink is one count). Open eyes
    /// measure about 0.3, closed about 0.1 or less; the conventional fixed cut of 0.2 is 2/3 of 0.3.
    public static let blinkClosedRatio = 0.7
    public static let blinkReopenRatio = 0.8
    /// A closure longer than this is eyes kept closed, not a blink (blinks last 0.1–0.4 s).
    public static let maximumBlinkSeconds = 0.7
    /// Facing the screen: head within these of the usual pose (and the usual pose within
    /// `VisualThresholds.maxBaselinePoseDegrees` of the camera), pupils within these offsets.
    public static let eyeContactMaxYawDegrees = 15.0
    public static let eyeContactMaxPitchDegrees = 15.0
    public static let eyeContactMaxGazeHorizontal = 0.25
    public static let eyeContactMaxGazeVertical = 0.5

    public static func analyze(_ track: FaceTrack) -> (facial: FacialExpressionAnalysis, eyes: EyeMovementAnalysis) {
        let frames = track.frames
        let faces = frames.compactMap(\.face)
        let total = max(1, frames.count)
        let facePercent = 100 * Double(faces.count) / Double(total)

        // Mouth and brows, measured from the candidate's own neutral.
        let neutralSmile = percentile(faces.map(\.smile), neutralSmilePercentile)
        let usualBrow = percentile(faces.map(\.browHeight), 0.5)
        let smileIntensity = faces.isEmpty ? 0 : faces.reduce(0) { $0 + max(0, $1.smile - neutralSmile) } / Double(faces.count)
        let browMovement = standardDeviation(faces.map { $0.browHeight - usualBrow })
        let facial = FacialExpressionAnalysis(
            smileIntensity: rounded(smileIntensity, 3), smileInterpretation: Interpretation.smile(smileIntensity),
            eyebrowMovement: rounded(browMovement, 3), eyebrowInterpretation: Interpretation.eyebrow(browMovement),
            confidence: rounded(facePercent, 1), neutralSmile: rounded(neutralSmile, 3), usualBrowHeight: rounded(usualBrow, 3),
            framesWithFace: faces.count, totalFrames: frames.count)

        // Blinks.
        let usualEAR = percentile(faces.map(\.eyeAspectRatio), 0.5)
        let blinks = blinkTimes(frames, usualEAR: usualEAR, frameSeconds: 1 / track.framesPerSecond)
        let observedMinutes = Double(faces.count) / track.framesPerSecond / 60
        let blinkRate = observedMinutes > 0 ? Double(blinks.count) / observedMinutes : 0

        // Facing the screen.
        let baseline = PoseBaseline(track, thresholds: VisualThresholds())
        let contact = faces.filter { face in
            guard abs(face.yaw - baseline.yaw) <= eyeContactMaxYawDegrees,
                  abs(face.pitch - baseline.pitch) <= eyeContactMaxPitchDegrees else { return false }
            if let h = face.gazeHorizontal, abs(h - baseline.gazeHorizontal) > eyeContactMaxGazeHorizontal { return false }
            if let v = face.gazeVertical, abs(v - baseline.gazeVertical) > eyeContactMaxGazeVertical { return false }
            return true
        }.count
        let contactPercent = 100 * Double(contact) / Double(total)
        let measuredGaze = faces.filter { $0.gazeHorizontal != nil }.count
        let eyes = EyeMovementAnalysis(
            blinkRatePerMin: rounded(blinkRate, 1), blinkInterpretation: Interpretation.blinkRate(blinkRate),
            eyeContactPercentage: rounded(contactPercent, 1), eyeContactInterpretation: Interpretation.eyeContact(contactPercent),
            confidence: rounded(100 * Double(measuredGaze) / Double(total), 1),
            totalBlinks: blinks.count, blinkTimes: blinks.map { rounded($0, 2) }, usualEyeAspectRatio: rounded(usualEAR, 3),
            closedEyeAspectRatio: rounded(usualEAR * blinkClosedRatio, 3), minutesObserved: rounded(observedMinutes, 3))
        return (facial, eyes)
    }

    /// Start times of blinks: the eye aspect ratio drops below `blinkClosedRatio` of the usual
    /// value and comes back above `blinkReopenRatio` within `maximumBlinkSeconds`. Frames without
    /// a face end a closure without a blink.
    static func blinkTimes(_ frames: [FaceFrame], usualEAR: Double, frameSeconds: Double) -> [Double] {
        var blinks: [Double] = []
        var closedSince: Double?
        for frame in frames {
            guard let face = frame.face else { closedSince = nil; continue }
            let ratio = face.eyeAspectRatio
            if let since = closedSince {
                if ratio > usualEAR * blinkReopenRatio {
                    if frame.time - since <= maximumBlinkSeconds + frameSeconds / 2 { blinks.append(since) }
                    closedSince = nil
                }
            } else if ratio < usualEAR * blinkClosedRatio {
                closedSince = frame.time
            }
        }
        return blinks
    }
}

func percentile(_ values: [Double], _ fraction: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
}

func standardDeviation(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let mean = values.reduce(0, +) / Double(values.count)
    return (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
}

/// `non_verbal_analysis.facial_expression_analysis`: the reference's fields, then the evidence.
public struct FacialExpressionAnalysis: Codable, Sendable, Equatable {
    /// Mean widening of the smile measure above the candidate's neutral, inter-ocular units.
    public var smileIntensity: Double
    public var smileInterpretation: String
    /// Standard deviation of the brow height around its usual level, inter-ocular units.
    public var eyebrowMovement: Double
    public var eyebrowInterpretation: String
    /// Percent of analysed frames where the face was measured.
    public var confidence: Double
    public var neutralSmile: Double
    public var usualBrowHeight: Double
    public var framesWithFace: Int
    public var totalFrames: Int

    enum CodingKeys: String, CodingKey {
        case confidence
        case smileIntensity = "smile_intensity"
        case smileInterpretation = "smile_interpretation"
        case eyebrowMovement = "eyebrow_movement"
        case eyebrowInterpretation = "eyebrow_interpretation"
        case neutralSmile = "neutral_smile"
        case usualBrowHeight = "usual_brow_height"
        case framesWithFace = "frames_with_face"
        case totalFrames = "total_frames"
    }
}

/// `non_verbal_analysis.eye_movement_analysis`: the reference's fields, then the evidence.
public struct EyeMovementAnalysis: Codable, Sendable, Equatable {
    /// Blinks per minute of time the face was seen.
    public var blinkRatePerMin: Double
    public var blinkInterpretation: String
    /// Percent of analysed frames facing the screen (head and pupils near the usual pose).
    public var eyeContactPercentage: Double
    public var eyeContactInterpretation: String
    /// Percent of analysed frames where the pupils were located.
    public var confidence: Double
    public var totalBlinks: Int
    /// When each blink started, seconds.
    public var blinkTimes: [Double]
    public var usualEyeAspectRatio: Double
    public var closedEyeAspectRatio: Double
    public var minutesObserved: Double

    enum CodingKeys: String, CodingKey {
        case confidence
        case blinkRatePerMin = "blink_rate_per_min"
        case blinkInterpretation = "blink_interpretation"
        case eyeContactPercentage = "eye_contact_percentage"
        case eyeContactInterpretation = "eye_contact_interpretation"
        case totalBlinks = "total_blinks"
        case blinkTimes = "blink_times"
        case usualEyeAspectRatio = "usual_eye_aspect_ratio"
        case closedEyeAspectRatio = "closed_eye_aspect_ratio"
        case minutesObserved = "minutes_observed"
    }
}
