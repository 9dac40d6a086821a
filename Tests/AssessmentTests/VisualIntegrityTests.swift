import Assessment
import FaceKit
import Testing

@Suite struct VisualIntegrityTests {
    @Test func cleanAnswerIsSafeWithNoFindings() {
        var builder = TrackBuilder()
        builder.add(seconds: 20)
        let report = VisualIntegrity.analyze(builder.track)
        #expect(report.verdict == .safe)
        #expect(report.timeline.isEmpty && report.issuesDetected.isEmpty)
        #expect(report.totalFramesAnalyzed == 300 && report.faceDetectedPercentage == 100 && report.confidenceScore == 100)
    }

    @Test func missingFaceBecomesOneIntervalWithItsFrames() throws {
        var builder = TrackBuilder()
        builder.add(seconds: 30) { t in (10..<14).contains(t) ? nil : TrackBuilder.frontal() }
        let report = VisualIntegrity.analyze(builder.track)
        let finding = try #require(report.timeline.first)
        #expect(report.timeline.count == 1 && finding.indicator == .faceMissing)
        #expect(abs(finding.startSeconds - 10) < 0.07 && abs(finding.endSeconds - 14) < 0.07)
        #expect(finding.frames == 60 && report.suspiciousFrames == 60)
        #expect(report.suspiciousPercentage == 13.33 && report.verdict == .mediumRisk)
        #expect(report.issuesDetected == ["Face not visible: 60 frames (13.33%)"])
        #expect(abs(report.faceDetectedPercentage - 86.67) < 0.01)
    }

    /// A glance (under a second) is not a finding and its frames are not suspicious; a look away
    /// of two seconds is, with the yaw that crossed the threshold as its evidence.
    @Test func glancesAreNotFindingsButLookingAwayIs() throws {
        var builder = TrackBuilder()
        builder.add(seconds: 30) { t in
            if (5..<5.6).contains(t) { return TrackBuilder.frontal(yaw: 40) }
            if (12..<14).contains(t) { return TrackBuilder.frontal(yaw: -42) }
            return TrackBuilder.frontal()
        }
        let report = VisualIntegrity.analyze(builder.track)
        #expect(report.timeline.count == 1)
        let finding = try #require(report.timeline.first)
        #expect(finding.indicator == .headTurned && finding.measure == "yaw_deg" && finding.peak == -42 && finding.threshold == 30)
        #expect(finding.frames == 30 && report.suspiciousFrames == 30)
    }

    /// The camera beside the screen: the candidate's usual yaw is 12°, which is not a finding;
    /// a turn to 45° (33° from usual) is.
    @Test func usualPoseOffAxisIsNotAFinding() throws {
        var builder = TrackBuilder()
        builder.add(seconds: 30) { t in TrackBuilder.frontal(yaw: (20..<23).contains(t) ? 45 : 12) }
        let report = VisualIntegrity.analyze(builder.track)
        #expect(report.baseline.yawDegrees == 12)
        #expect(report.timeline.map(\.indicator) == [.headTurned])
        #expect(abs(try #require(report.timeline.first).peak - 33) < 0.01)
    }

    /// Eyes to the side with the head straight is eyes_off_screen; with the head turned, the
    /// frame counts once, as head_turned.
    @Test func eyesOffScreenOnlyWithTheHeadTowardsTheScreen() {
        var builder = TrackBuilder()
        builder.add(seconds: 30) { t in
            if (3..<5).contains(t) { return TrackBuilder.frontal(gazeH: 0.5) }
            if (10..<12).contains(t) { return TrackBuilder.frontal(yaw: 40, gazeH: 0.5) }
            return TrackBuilder.frontal()
        }
        let report = VisualIntegrity.analyze(builder.track)
        #expect(report.timeline.map(\.indicator) == [.eyesOffScreen, .headTurned])
        #expect(report.suspiciousFrames == 60)
    }

    /// A second face while the candidate stays in view: multiple_faces, not face_missing; a
    /// one-frame detector miss inside it does not split it.
    @Test func secondFaceIntervalBridgesADetectorMiss() throws {
        var builder = TrackBuilder()
        builder.add(seconds: 20, count: { t in (8..<11).contains(t) && abs(t - 9.5) > 0.05 ? 2 : 1 })
        let report = VisualIntegrity.analyze(builder.track)
        let finding = try #require(report.timeline.first)
        #expect(report.timeline.count == 1 && finding.indicator == .multipleFaces && finding.peak == 2)
        #expect(abs(finding.startSeconds - 8) < 0.07 && abs(finding.endSeconds - 11) < 0.07)
    }

    @Test func verdictBandsAreTheReferenceTable() {
        #expect(Verdict(cheatingScore: 0) == .safe)
        #expect(Verdict(cheatingScore: 4.99) == .safe)
        #expect(Verdict(cheatingScore: 5) == .mediumRisk)
        #expect(Verdict(cheatingScore: 19.99) == .mediumRisk)
        #expect(Verdict(cheatingScore: 20) == .highRisk)
        #expect(Verdict(cheatingScore: 100) == .highRisk)
    }

    /// 20 % of the frames without a face is High Risk; exactly at the band edge.
    @Test func twentyPercentSuspiciousIsHighRisk() {
        var builder = TrackBuilder()
        builder.add(seconds: 10) { t in t >= 8 ? nil : TrackBuilder.frontal() }
        let report = VisualIntegrity.analyze(builder.track)
        #expect(report.suspiciousPercentage == 20 && report.verdict == .highRisk)
    }
}
