import ArgumentParser
import Artifacts
import Assessment
import FaceKit
import Foundation
import StageProtocol
import VoiceKit

/// The nonverbal stage: speech delivery (speaking ratio, pace, pauses) from voice activity and
/// the transcript, and facial delivery (mouth, brows, blinks, facing the screen) from the face
/// track the cheat stage wrote, into `nonverbal/<n>.json`. Measurements only: no emotion labels.
@main
struct StageNonVerbalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "StageNonVerbal",
        abstract: "Measure non-verbal delivery (speech, facial expression, eyes) of each answer.")

    @OptionGroup var options: StageOptions

    func run() async throws {
        try await StageMain.run(.nonverbal, options: options) { _ in NonVerbalWorker() }
    }
}

struct NonVerbalWorker: StageWorker {
    let detector = VoiceActivityDetector()

    func process(_ session: SessionContext) async throws {
        let items = session.request.items
        for (position, item) in items.enumerated() {
            session.reportProgress(current: position + 1, total: items.count)
            guard session.itemError(item) == nil else { continue }
            let track: AudioTrack
            do {
                track = try WAVFile.read(session.url("audio/\(item.index).wav"))
            } catch {
                try session.recordItemError(item, message: "Video \(item.index): the extracted audio cannot be read (\(error))")
                continue
            }
            let detector = self.detector
            let speech = try await runBlocking { detector.segments(track.samples) }
            // Words come from the transcript; without one (transcription failed for this answer)
            // the speech part has nothing to count words in and says so with a zero confidence.
            let transcript = try? session.readJSON(TranscriptArtifact.self, from: "transcripts/\(item.index).json")
            let speechAnalysis = SpeechDelivery.analyze(
                speech: speech, durationSeconds: track.durationSeconds, wordCount: transcript?.wordCount ?? 0,
                meanWordProbability: transcript?.avgConfidence.map { $0 / 100 })

            // The face track is the cheat stage's; without it (not deployed, or the video had no
            // usable picture) the facial parts are absent rather than invented.
            var facial: FacialExpressionAnalysis?
            var eyes: EyeMovementAnalysis?
            if let faces = try? session.readJSON(FaceTrack.self, from: "faces/\(item.index).json") {
                (facial, eyes) = FacialDelivery.analyze(faces)
            }
            let analysis = NonVerbalAnalysis(speech: speechAnalysis, facial: facial, eyes: eyes)
            try session.writeJSON(analysis, to: "nonverbal/\(item.index).json")
            session.logger.info("item \(item.index): confidence \(analysis.nonVerbalConfidenceScore) (\(analysis.performanceStatus.rawValue)), speaking ratio \(speechAnalysis.speakingRatio), \(speechAnalysis.speechRateWpm) wpm")
        }
    }
}
