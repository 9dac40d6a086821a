import ArgumentParser
import Artifacts
import Foundation
import MediaKit
import StageProtocol

/// The transcribe stage: speech to text for each answer, with segment and word timings and
/// confidences, in `transcripts/<n>.json`. The model is loaded once per process.
@main
struct StageTranscribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "StageTranscribe",
        abstract: "Transcribe answers with the native Whisper engine (CTranslate2 weights, as faster-whisper uses).")

    @OptionGroup var options: StageOptions

    @Option(help: "Whisper model directory (default: $WHISPER_MODEL_DIR, else ./models/whisper-base).")
    var model: String?

    @Option(help: "CPU threads for the matrix products (default: $WHISPER_THREADS, else 2).")
    var threads: Int?

    @Option(help: "Beam size; 1 is greedy (default: $WHISPER_BEAM_SIZE, else 5, as faster-whisper).")
    var beamSize: Int?

    @Option(help: "Use an OpenAI-compatible transcription service at this base URL instead of the native engine (default: $TRANSCRIPTION_API_URL).")
    var remoteURL: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let directory = model ?? environment["WHISPER_MODEL_DIR"] ?? "./models/whisper-base"
        let threads = threads ?? environment["WHISPER_THREADS"].flatMap { Int($0) } ?? 2
        let beamSize = beamSize ?? environment["WHISPER_BEAM_SIZE"].flatMap { Int($0) } ?? 5
        let remote = remoteURL ?? environment["TRANSCRIPTION_API_URL"] ?? ""
        try await StageMain.run(.transcribe, options: options) { _ in
            let (recognizer, name) = try remote.isEmpty
                ? Self.nativeRecognizer(directory: directory, threads: threads)
                : Self.remoteRecognizer(remote, environment: environment)
            return TranscribeWorker(recognizer: recognizer, modelName: name, beamSize: beamSize)
        }
    }

    /// The native engine on a faster-whisper model directory, loaded once for the process.
    static func nativeRecognizer(directory: String, threads: Int) throws -> (any SpeechRecognizer, String) {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        do {
            let name = "whisper-\(url.lastPathComponent.replacingOccurrences(of: "whisper-", with: "")) (native Swift)"
            return (try WhisperModel(directory: url, threads: threads), name)
        } catch {
            throw ValidationError("cannot load the Whisper model from \(directory): \(error). Run scripts/fetch-models.sh or set WHISPER_MODEL_DIR.")
        }
    }

    /// An OpenAI-compatible transcription service (`TRANSCRIPTION_API_KEY`, `TRANSCRIPTION_API_MODEL`).
    static func remoteRecognizer(_ remote: String, environment: [String: String]) throws -> (any SpeechRecognizer, String) {
        guard let url = URL(string: remote), url.scheme == "https" || url.scheme == "http" else {
            throw ValidationError("TRANSCRIPTION_API_URL is not an http(s) URL: \(remote)")
        }
        let configuration = RemoteRecognizerConfiguration(
            baseURL: url, apiKey: environment["TRANSCRIPTION_API_KEY"],
            model: environment["TRANSCRIPTION_API_MODEL"] ?? "whisper-1")
        return (RemoteSpeechRecognizer(configuration: configuration), "\(configuration.model) (remote, \(url.host ?? remote))")
    }
}

struct TranscribeWorker: StageWorker {
    /// Audio whose loudest sample stays under -50 dBFS is silence (a muted microphone): it gets
    /// an empty transcript without decoding, because Whisper, like faster-whisper without its VAD
    /// filter, hallucinates a word ("You") on digital silence.
    static let silencePeak: Float = 0.00316
    let recognizer: any SpeechRecognizer
    let modelName: String
    let beamSize: Int

    func process(_ session: SessionContext) async throws {
        let items = session.request.items
        for (position, item) in items.enumerated() {
            session.reportProgress(current: position + 1, total: items.count)
            guard session.itemError(item) == nil else { continue }
            let wav = session.url("audio/\(item.index).wav")
            let track: AudioTrack
            do {
                track = try WAVFile.read(wav)
            } catch {
                try session.recordItemError(item, message: "Video \(item.index): the extracted audio cannot be read (\(error))")
                continue
            }
            if track.samples.lazy.map(abs).max() ?? 0 < Self.silencePeak {
                try session.writeJSON(TranscriptArtifact.silent(language: session.request.language.rawValue,
                                                                 durationSeconds: track.durationSeconds, model: modelName),
                                      to: "transcripts/\(item.index).json")
                session.logger.info("item \(item.index): silent answer, empty transcript")
                continue
            }
            // The interview's language is known; forcing it (as the original did) avoids a
            // wrong guess on a short or quiet answer.
            let options = DecodingOptions(language: session.request.language.rawValue, beamSize: beamSize, wordTimestamps: true)
            let recognizer = self.recognizer
            let modelName = self.modelName
            // The artifact is built on the blocking thread: handing Whisper's `Transcript` itself
            // back through the continuation crashed debug builds (a bad retain while copying
            // `Result<Transcript, Error>`; not reproduced outside this binary, ASan and valgrind
            // found no invalid access in the engine).
            let artifact = try await runBlocking {
                TranscriptArtifact(transcript: try recognizer.transcribe(samples: track.samples, options: options), model: modelName)
            }
            try session.writeJSON(artifact, to: "transcripts/\(item.index).json")
            session.logger.info("item \(item.index): \(artifact.wordCount) words, \(artifact.segments.count) segments")
        }
    }
}
