/// The visual integrity thresholds, each with the reasoning behind it.
public struct VisualThresholds: Sendable, Equatable {
    /// Head yaw away from the candidate's usual pose, in degrees. Reading a screen beside the
    /// camera takes 10–20°; a second screen or a person beside the desk takes well over 30°.
    /// (The reference's documentation uses 45°, its code a nose-position ratio equal to ≈ 35°.)
    public var maxYawDegrees = 30.0
    /// Head pitch away from the usual pose, in degrees: the reference documentation's 20°;
    /// looking down at notes on the desk is 25–40°, at the keyboard more.
    public var maxPitchDegrees = 20.0
    /// Pupil offset from the eye's centre, in half eye widths, beyond the usual one. The iris can
    /// travel about 0.6 half-widths; looking at the edge of a screen at arm's length (≈ 16° of eye
    /// rotation) moves it ≈ 0.22, looking 25° or more to a side ≈ 0.35.
    public var maxGazeHorizontal = 0.35
    /// Vertical pupil offset in half eye heights: the lids follow the eyes, so the vertical
    /// measure is noisier; 0.6 keeps ordinary reading of the screen below it.
    public var maxGazeVertical = 0.6
    /// How far the usual pose may sit from straight ahead (camera off to a side or above).
    public var maxBaselinePoseDegrees = 15.0
    public var maxBaselineGaze = 0.3
    /// Gaps up to this long inside a run do not end it (single missed detections).
    public var bridgeGapSeconds = 0.4
    /// No face for half a second is a finding; shorter is a detector miss or a hand passing.
    public var faceMissingSeconds = 0.5
    /// A second face for half a second (the whole frame is searched at least once a second).
    public var multipleFacesSeconds = 0.5
    /// Head or eyes away for a whole second; shorter is a glance, which is no finding.
    public var lookingAwaySeconds = 1.0

    public init() {}

    /// The minimum duration of a finding of `indicator`.
    public func minimumSeconds(_ indicator: Indicator) -> Double {
        switch indicator {
        case .faceMissing: faceMissingSeconds
        case .multipleFaces: multipleFacesSeconds
        case .headTurned, .eyesOffScreen: lookingAwaySeconds
        case .secondVoice: 0
        }
    }
}
