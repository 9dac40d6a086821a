import AnswerScoring
import ArgumentParser
import Artifacts
import Foundation
import ServiceClients
import StageProtocol
import Synchronization

/// The translate stage: each transcript in the other interview language
/// (`translations/<n>.json`), so the results carry both `transkripsi_en` and `transkripsi_id`.
///
/// Engines, first that applies: DeepL (`DEEPL_API_KEY`); the chat endpoint (`LLM_BASE_URL`,
/// unless `TRANSLATE_WITH_LLM=0`); Whisper's translate task for Indonesian → English (the
/// transcribe stage's model, `WHISPER_MODEL_DIR`, unless `TRANSLATE_WITH_WHISPER=0`). Where none
/// can, the artifact says so and the results field says so: the source is never copied.
@main
struct StageTranslateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "StageTranslate",
        abstract: "Translate transcripts between English and Indonesian (DeepL, a chat model, or Whisper's translate task).")

    @OptionGroup var options: StageOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        func value(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        var engines = TranslationEngines()
        if let key = value("DEEPL_API_KEY") {
            var base: URL?
            if let text = value("DEEPL_API_URL") {
                guard let url = URL(string: text), url.scheme == "https" || url.scheme == "http" else {
                    throw ValidationError("DEEPL_API_URL is not an http(s) URL: \(text)")
                }
                base = url
            }
            engines.deepL = DeepLClient(authKey: key, baseURL: base,
                                        timeoutSeconds: value("DEEPL_TIMEOUT_SECONDS").flatMap(Double.init) ?? 60)
        }
        if value("TRANSLATE_WITH_LLM") != "0" {
            do { engines.chat = try LLMConfiguration.fromEnvironment(environment).endpoint } catch {
                throw ValidationError(error.description)
            }
        }
        if value("TRANSLATE_WITH_WHISPER") != "0" {
            engines.whisperDirectory = URL(fileURLWithPath: value("WHISPER_MODEL_DIR") ?? "./models/whisper-base", isDirectory: true)
            engines.whisperThreads = value("WHISPER_THREADS").flatMap { Int($0) } ?? 2
        }
        try await StageMain.run(.translate, options: options) { _ in TranslateWorker(engines: engines) }
    }
}

/// What can translate, as configured.
struct TranslationEngines: Sendable {
    var deepL: DeepLClient?
    var chat: ChatEndpoint?
    var whisperDirectory: URL?
    var whisperThreads = 2
}

struct TranslateWorker: StageWorker {
    let engines: TranslationEngines
    /// Whisper is loaded on the first Indonesian answer that needs it, then kept.
    private let whisper = WhisperHolder()

    init(engines: TranslationEngines) {
        self.engines = engines
    }

    func process(_ session: SessionContext) async throws {
        let items = session.request.items
        let source = session.request.language.rawValue
        let target = source == "en" ? "id" : "en"
        for (position, item) in items.enumerated() {
            session.reportProgress(current: position + 1, total: items.count)
            guard session.itemError(item) == nil,
                  let transcript = try? session.readJSON(TranscriptArtifact.self, from: "transcripts/\(item.index).json") else { continue }
            let path = "translations/\(item.index).json"
            if let earlier = try? session.readJSON(TranslationArtifact.self, from: path), earlier.text != nil { continue }
            let artifact: TranslationArtifact
            if transcript.text.isEmpty {
                artifact = TranslationArtifact(sourceLanguage: source, targetLanguage: target, text: "", engine: .none,
                                               engineDetail: "nothing to translate: no speech was transcribed", sourceCharacters: 0)
            } else {
                artifact = try await translate(transcript.text, item: item, from: source, to: target, session: session)
            }
            try session.writeJSON(artifact, to: path)
            session.logger.info("item \(item.index): \(source)→\(target) by \(artifact.engine.rawValue)")
        }
    }

    private func translate(_ text: String, item: SessionItem, from source: String, to target: String,
                           session: SessionContext) async throws -> TranslationArtifact {
        func made(_ text: String, _ engine: TranslationArtifact.Engine, _ detail: String) -> TranslationArtifact {
            TranslationArtifact(sourceLanguage: source, targetLanguage: target, text: text, engine: engine,
                                engineDetail: detail, sourceCharacters: text.count)
        }
        if let deepL = engines.deepL {
            do {
                let translated = try await deepL.translate(text, source: source.uppercased(), target: target == "en" ? "EN-US" : "ID")
                return made(translated, .deepl, deepL.isFreePlan ? "DeepL API Free" : "DeepL API Pro")
            } catch where error.isServiceProblem {
                throw SessionDeferral(error.statusMessage(service: "DeepL"), detail: "\(error)", retryAfterSeconds: error.retryAfterSeconds)
            } catch {
                session.logger.warning("item \(item.index): DeepL refused the text (\(error)); trying the next engine")
            }
        }
        if let chat = engines.chat {
            do {
                let translated = try await ChatTranslator(client: ChatClient(endpoint: chat)).translate(text, from: source, to: target)
                return made(translated, .llm, chat.model)
            } catch where error.isServiceProblem {
                throw SessionDeferral(error.statusMessage(service: "LLM"), detail: "\(error)", retryAfterSeconds: error.retryAfterSeconds)
            } catch {
                session.logger.warning("item \(item.index): the chat model could not translate (\(error)); trying the next engine")
            }
        }
        if source == "id", target == "en", let directory = engines.whisperDirectory {
            let samples = try WAVFile.read(session.url("audio/\(item.index).wav")).samples
            let model = try loadWhisper(directory)
            // Only the text crosses back from the blocking thread (see StageTranscribe on why).
            let translated = try await runBlocking {
                try model.transcribe(samples: samples, options: DecodingOptions(language: "id", task: .translate))
                    .text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            return made(translated, .whisper,
                        "\(directory.lastPathComponent) translate task (native Swift)")
        }
        let reason = source == "en"
            ? "no engine translates English to Indonesian here: set DEEPL_API_KEY or LLM_BASE_URL"
            : "no engine translates Indonesian to English here: set DEEPL_API_KEY or LLM_BASE_URL, or keep the Whisper model"
        return TranslationArtifact(sourceLanguage: source, targetLanguage: target, text: nil, engine: .none,
                                   unavailableReason: reason, sourceCharacters: text.count)
    }

    private func loadWhisper(_ directory: URL) throws -> WhisperModel {
        try whisper.model.withLock { cached in
            if let cached { return cached }
            let model = try WhisperModel(directory: directory, threads: engines.whisperThreads)
            cached = model
            return model
        }
    }
}

/// The lazily loaded Whisper model, shared by the worker's copies.
final class WhisperHolder: Sendable {
    let model = Mutex<WhisperModel?>(nil)
}
