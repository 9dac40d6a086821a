import ArgumentParser
import Artifacts
import Assessment
import FaceKit
import Foundation
import StageProtocol
import VoiceKit

/// The cheat stage: for each answer, one pass of face analysis over the video (`faces/<n>.json`),
/// visual integrity from it, the number of voices in the audio, and the combined result in
/// `cheat/<n>.json`, with a JPEG of the first frame of every flagged interval in `evidence/<n>/`.
@main
struct StageCheatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "StageCheat",
        abstract: "Detect integrity indicators: face missing, several faces, head turned, eyes off-screen, a second voice.")

    @OptionGroup var options: StageOptions

    @Option(help: "dlib 68-point landmark model (default: $FACE_LANDMARK_MODEL, else /usr/share/dlib/shape_predictor_68_face_landmarks.dat).")
    var landmarkModel: String?

    @Option(help: "Frames analysed per second of video (default: $FACE_ANALYSIS_FPS, else 15).")
    var analysisFPS: Double?

    @Option(help: "Resemblyzer GE2E checkpoint (default: $VOICE_ENCODER_PATH, else ./models/resemblyzer/pretrained.pt).")
    var voiceEncoder: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var face = FaceAnalyzerConfiguration()
        if let path = landmarkModel ?? environment["FACE_LANDMARK_MODEL"] { face.landmarkModelPath = path }
        if let fps = analysisFPS ?? environment["FACE_ANALYSIS_FPS"].flatMap(Double.init) {
            guard fps > 0, fps <= 60 else { throw ValidationError("FACE_ANALYSIS_FPS must be in (0, 60], got \(fps)") }
            face.framesPerSecond = fps
        }
        let encoderPath = voiceEncoder ?? environment["VOICE_ENCODER_PATH"] ?? "./models/resemblyzer/pretrained.pt"
        let faceConfiguration = face
        try await StageMain.run(.cheat, options: options) { _ in
            let encoder: VoiceEncoder
            do {
                encoder = try VoiceEncoder(checkpoint: URL(fileURLWithPath: encoderPath))
            } catch {
                throw ValidationError("\(error), or set VOICE_ENCODER_PATH")
            }
            // The landmark model is loaded once, now, so that a missing model stops the stage at
            // start; the analyzer is shared by the stage's concurrent workers (thread-safe).
            let faces: FaceAnalyzer
            do {
                faces = try FaceAnalyzer(configuration: faceConfiguration)
            } catch {
                throw ValidationError("\(error). Install Debian's libdlib-data or set FACE_LANDMARK_MODEL.")
            }
            return CheatWorker(faces: faces, voices: VoiceCounter(encoder: encoder))
        }
    }
}

struct CheatWorker: StageWorker {
    /// Snapshots per answer at most: a flickering answer must not fill the disk with JPEGs.
    static let maxSnapshots = 30

    let faces: FaceAnalyzer
    let voices: VoiceCounter

    func process(_ session: SessionContext) async throws {
        let items = session.request.items
        for (position, item) in items.enumerated() {
            session.reportProgress(current: position + 1, total: items.count)
            guard session.itemError(item) == nil else { continue }
            guard let video = session.videoFile(for: item) else {
                try session.recordItemError(item, message: "The video for question \(item.positionID) is missing from the session")
                continue
            }

            // Visual: the face track, then the findings in it.
            let track: FaceTrack
            do {
                let faces = self.faces
                track = try await runBlocking {
                    // Progress in tenths of the video: /status shows it moving on a long answer.
                    var reported = -1
                    return try faces.analyze(videoAt: video) { fraction in
                        let tenth = Int(fraction * 10)
                        guard tenth > reported else { return }
                        reported = tenth
                        session.reportProgress(current: position + 1, total: items.count,
                                               message: "\(Stage.cheat.referenceMessage) (video \(position + 1)/\(items.count), \(tenth * 10)%)")
                    }
                }
            } catch let error as MediaError {
                try session.recordItemError(item, message: "Video \(item.index): \(error.description)")
                continue
            }
            try session.writeJSON(track, to: "faces/\(item.index).json")
            var visual = VisualIntegrity.analyze(track)

            // Audio: how many voices.
            var audio: AudioIntegrityReport?
            if let sound = try? WAVFile.read(session.url("audio/\(item.index).wav")) {
                let voices = self.voices
                audio = AudioIntegrity.report(try await runBlocking { voices.count(sound.samples) })
            } else {
                session.logger.warning("item \(item.index): no readable audio, audio integrity skipped")
            }

            try await writeSnapshots(session, item: item, video: video, visual: &visual, audio: &audio)
            let result = CheatingDetection(visual: visual, audio: audio)
            try session.writeJSON(result, to: "cheat/\(item.index).json")
            session.logger.info("item \(item.index): \(result.finalVerdict.rawValue), \(visual.suspiciousPercentage)% suspicious, \(audio?.numSpeakersDetected ?? 0) voice(s), \(result.timeline.count) finding(s)")
        }
    }

    /// A JPEG of the first frame of each finding (visual and audio), `evidence/<n>/<k>.jpg` in
    /// time order, and the path in the finding.
    private func writeSnapshots(_ session: SessionContext, item: SessionItem, video: URL,
                                visual: inout VisualIntegrityReport, audio: inout AudioIntegrityReport?) async throws {
        var places: [(isVisual: Bool, index: Int, time: Double)] =
            visual.timeline.indices.map { (true, $0, visual.timeline[$0].startSeconds) }
            + (audio?.timeline.indices.map { (false, $0, audio!.timeline[$0].startSeconds) } ?? [])
        places.sort { $0.time < $1.time }
        places = Array(places.prefix(Self.maxSnapshots))
        guard !places.isEmpty else { return }
        let folder = session.url("evidence/\(item.index)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let requests = places.enumerated().map { k, place in
            EvidenceSnapshot.Request(time: place.time, destination: folder.appending(component: "\(k + 1).jpg"))
        }
        do {
            _ = try await runBlocking { try EvidenceSnapshot.write(requests, fromVideoAt: video) }
        } catch {
            // Evidence pictures help the reviewer but the findings stand without them.
            session.logger.warning("item \(item.index): snapshots not written: \(error)")
            return
        }
        for (k, place) in places.enumerated() {
            let path = "evidence/\(item.index)/\(k + 1).jpg"
            if place.isVisual { visual.timeline[place.index].snapshot = path } else { audio!.timeline[place.index].snapshot = path }
        }
    }
}
