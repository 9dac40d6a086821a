import FaceKit

/// The visual half of cheating detection: from an answer's face track to the reference's
/// `cheating_detection.visual`, with a timeline of flagged intervals.
///
/// A frame is suspicious when it lies in a flagged interval of any indicator: no face
/// (`face_missing`), more than one face (`multiple_faces`), the head turned away from the
/// candidate's own usual pose (`head_turned`), or, with the head towards the screen, the pupils
/// far to a side (`eyes_off_screen`). Runs shorter than the indicator's minimum duration are not
/// findings (a glance, a detector miss), and their frames are not suspicious.
public enum VisualIntegrity {
    public static func analyze(_ track: FaceTrack, thresholds: VisualThresholds = VisualThresholds()) -> VisualIntegrityReport {
        let frames = track.frames
        let frameSeconds = 1 / track.framesPerSecond
        let baseline = PoseBaseline(track, thresholds: thresholds)

        // Per frame and indicator: whether it holds, and the measurement behind it.
        var observations: [Indicator: [Observation?]] = [:]
        for indicator in [Indicator.faceMissing, .multipleFaces, .headTurned, .eyesOffScreen] {
            observations[indicator] = frames.map { observe(indicator, in: $0, baseline: baseline, thresholds: thresholds) }
        }

        var timeline: [Finding] = []
        var suspicious = Set<Int>()
        var framesPerIndicator: [Indicator: Int] = [:]
        for (indicator, perFrame) in observations {
            let minimum = thresholds.minimumSeconds(indicator)
            for run in FrameRuns.find(perFrame.map { $0 != nil }, bridgingFrames: Int((thresholds.bridgeGapSeconds / frameSeconds).rounded(.down))) {
                let start = frames[run.lowerBound].time
                let end = min(frames[run.upperBound - 1].time + frameSeconds, max(track.durationSeconds, frames[run.upperBound - 1].time))
                guard end - start >= minimum - 1e-9 else { continue }
                let flagged = run.filter { perFrame[$0] != nil }
                suspicious.formUnion(flagged)
                framesPerIndicator[indicator, default: 0] += flagged.count
                let worst = flagged.compactMap { perFrame[$0] }.max { $0.severity < $1.severity }!
                timeline.append(Finding(indicator: indicator, startSeconds: rounded(start, 2), endSeconds: rounded(end, 2),
                                        frames: flagged.count, measure: worst.measure, peak: rounded(worst.value, 2),
                                        threshold: worst.threshold))
            }
        }
        timeline.sort { ($0.startSeconds, $0.indicator.rawValue) < ($1.startSeconds, $1.indicator.rawValue) }

        let total = frames.count
        let percent = { (count: Int) in total == 0 ? 0 : 100 * Double(count) / Double(total) }
        let suspiciousPercentage = percent(suspicious.count)
        let issues = framesPerIndicator.sorted { ($0.value, $1.key.rawValue) > ($1.value, $0.key.rawValue) }.map {
            "\($0.key.label): \($0.value) frames (\(String(format: "%.2f", percent($0.value)))%)"
        }
        return VisualIntegrityReport(
            totalFramesAnalyzed: total, suspiciousFrames: suspicious.count,
            suspiciousPercentage: rounded(suspiciousPercentage, 2),
            faceDetectedPercentage: rounded(percent(frames.filter { $0.face != nil }.count), 2),
            confidenceScore: rounded(100 - suspiciousPercentage, 2),
            verdict: Verdict(cheatingScore: rounded(suspiciousPercentage, 2)), issuesDetected: issues, timeline: timeline,
            baseline: .init(yawDegrees: rounded(baseline.yaw, 1), pitchDegrees: rounded(baseline.pitch, 1),
                            gazeHorizontal: rounded(baseline.gazeHorizontal, 3), gazeVertical: rounded(baseline.gazeVertical, 3)),
            analysedFramesPerSecond: track.framesPerSecond)
    }

    /// One frame's evidence for an indicator: the measurement, its value, its threshold, and how
    /// far past the threshold it is (to pick an interval's most telling frame).
    struct Observation {
        var measure: String
        var value: Double
        var threshold: Double
        var severity: Double
    }

    static func observe(_ indicator: Indicator, in frame: FaceFrame, baseline: PoseBaseline,
                        thresholds: VisualThresholds) -> Observation? {
        switch indicator {
        case .faceMissing:
            return frame.face == nil ? Observation(measure: "face_count", value: 0, threshold: 1, severity: 1) : nil
        case .multipleFaces:
            let count = max(frame.faceCount, frame.face == nil ? 0 : 1)
            return count > 1 ? Observation(measure: "face_count", value: Double(count), threshold: 1, severity: Double(count)) : nil
        case .headTurned:
            guard let face = frame.face else { return nil }
            return worst([("yaw_deg", face.yaw - baseline.yaw, thresholds.maxYawDegrees),
                          ("pitch_deg", face.pitch - baseline.pitch, thresholds.maxPitchDegrees)])
        case .eyesOffScreen:
            guard let face = frame.face,
                  observe(.headTurned, in: frame, baseline: baseline, thresholds: thresholds) == nil else { return nil }
            var candidates: [(String, Double, Double)] = []
            if let h = face.gazeHorizontal { candidates.append(("gaze_h", h - baseline.gazeHorizontal, thresholds.maxGazeHorizontal)) }
            if let v = face.gazeVertical { candidates.append(("gaze_v", v - baseline.gazeVertical, thresholds.maxGazeVertical)) }
            return worst(candidates)
        case .secondVoice:
            return nil
        }
    }

    /// The measurement furthest past its threshold, if any is past it.
    private static func worst(_ candidates: [(measure: String, deviation: Double, threshold: Double)]) -> Observation? {
        candidates.filter { abs($0.deviation) > $0.threshold }
            .map { Observation(measure: $0.measure, value: $0.deviation, threshold: $0.threshold, severity: abs($0.deviation) / $0.threshold) }
            .max { $0.severity < $1.severity }
    }
}

/// The candidate's usual head pose and gaze over the answer (medians), so that a camera placed
/// off to one side is not read as a head turned away. Limited to `maxBaseline*` from straight
/// ahead: someone who looks away most of the time must not become the norm.
struct PoseBaseline {
    var yaw = 0.0, pitch = 0.0, gazeHorizontal = 0.0, gazeVertical = 0.0

    init(_ track: FaceTrack, thresholds: VisualThresholds) {
        let faces = track.frames.compactMap(\.face)
        func clampedMedian(_ values: [Double], _ limit: Double) -> Double {
            min(limit, max(-limit, percentile(values, 0.5)))
        }
        yaw = clampedMedian(faces.map(\.yaw), thresholds.maxBaselinePoseDegrees)
        pitch = clampedMedian(faces.map(\.pitch), thresholds.maxBaselinePoseDegrees)
        gazeHorizontal = clampedMedian(faces.compactMap(\.gazeHorizontal), thresholds.maxBaselineGaze)
        gazeVertical = clampedMedian(faces.compactMap(\.gazeVertical), thresholds.maxBaselineGaze)
    }
}

/// Finding runs of flagged frames.
enum FrameRuns {
    /// Maximal runs of `true`, where gaps of at most `bridgingFrames` unflagged frames between two
    /// flagged ones do not end a run (a detector flicker). Runs start and end on flagged frames.
    static func find(_ flags: [Bool], bridgingFrames: Int) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start: Int?
        var lastFlagged = -1
        for (index, flag) in flags.enumerated() where flag {
            if let begun = start, index - lastFlagged - 1 > bridgingFrames {
                runs.append(begun..<(lastFlagged + 1))
                start = index
            } else if start == nil {
                start = index
            }
            lastFlagged = index
        }
        if let begun = start { runs.append(begun..<(lastFlagged + 1)) }
        return runs
    }
}
