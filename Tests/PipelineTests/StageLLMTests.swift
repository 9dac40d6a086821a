import Foundation
import StageProtocol
import Synchronization
import TestSupport
import Testing

/// The llm and translate stages as processes: with no endpoint (the rubric scorer), against a
/// real llama.cpp server (llama-cpp-python[server] from PyPI serving Gemma 3 270M, built by
/// scripts/fetch-llm-server.sh), and against a local chat server that refuses the key first
/// (hosted endpoints cannot be reached here) to show a session put off, not lost.
@Suite(.serialized) struct StageLLMTests {
    static let answers = [
        ("Tell me about a time you led a team through a difficult project.",
         "Last year I led a team of five engineers to migrate our billing system to a new database. The deadline was three months. First I split the work into weekly milestones, then I paired the junior developers with seniors. When we found data errors in week six, I organised a two day review and we fixed them. As a result we finished one week early and billing errors dropped by forty percent."),
        ("Why do you want to work for our company?",
         "Um, I think it is a good company and, you know, I need a job."),
    ]

    /// A session directory with `transcripts/<n>.json` as the transcribe stage writes them.
    func session(in root: URL, language: InterviewLanguage = .en) throws -> URL {
        let directory = root.appending(component: "session")
        try FileManager.default.createDirectory(at: directory.appending(component: "transcripts"), withIntermediateDirectories: true)
        var items: [SessionItem] = []
        for (offset, (question, text)) in Self.answers.enumerated() {
            let index = offset + 1
            let transcript: [String: Any] = ["language": language.rawValue, "text": text, "duration_seconds": 30.0, "segments": [],
                                             "model": "whisper-base (native Swift)",
                                             "word_count": text.split(separator: " ").count]
            try JSONSerialization.data(withJSONObject: transcript).write(to: directory.appending(path: "transcripts/\(index).json"))
            items.append(SessionItem(index: index, positionID: index, question: question, source: "\(index).mp4", videoExists: true))
        }
        try JSONCoding.write(SessionRequest(id: .random(), candidateName: "A", language: language, origin: .upload, items: items),
                             to: directory.appending(component: SessionFile.request))
        return directory
    }

    func run(_ executable: String, on directory: URL, environment: [String: String] = [:], timeout: Double = 600) throws -> ChildProcess {
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("LLM_") || key.hasPrefix("DEEPL_") || key == "HF_TOKEN" { env[key] = nil }
        env.merge(environment) { $1 }
        let child = try ChildProcess(TestPaths.executable(executable), arguments: ["--once", directory.path],
                                     environment: env, label: executable)
        #expect(child.waitForExit(timeout: timeout))
        return child
    }

    func json(_ url: URL) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test func withoutAnEndpointTheRubricScorerSaysWhatItIs() throws {
        let root = try TestPaths.temporaryDirectory("llm-rubric")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = try session(in: root)
        let child = try run("StageLLM", on: directory)
        #expect(child.process.terminationStatus == 0, Comment(rawValue: child.stderr))
        let strong = try json(directory.appending(path: "assessment/1.json"))
        let weak = try json(directory.appending(path: "assessment/2.json"))
        #expect(strong["scorer"] as? String == "rubric")
        #expect((strong["llm_model"] as? String)?.hasPrefix("rubric-scorer") == true)
        #expect(strong["logprobs_confidence"] is NSNull)
        #expect((strong["total_score"] as? Double ?? 0) > (weak["total_score"] as? Double ?? 100))
        #expect(strong["rubric_evidence"] != nil)
        let summary = try json(directory.appending(path: "assessment/summary.json"))
        #expect(summary["scorer"] as? String == "rubric")
        #expect(summary["reused_single_analysis"] as? Bool == false)
        #expect((summary["kesimpulan_llm"] as? String)?.contains("bukan oleh LLM") == true, "Indonesian report by default, says it is no LLM")
    }

    @Test func englishWithNoTranslatorSaysSoInsteadOfCopying() throws {
        let root = try TestPaths.temporaryDirectory("translate-none")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = try session(in: root)
        let child = try run("StageTranslate", on: directory, environment: ["TRANSLATE_WITH_WHISPER": "0"])
        #expect(child.process.terminationStatus == 0, Comment(rawValue: child.stderr))
        let translation = try json(directory.appending(path: "translations/1.json"))
        #expect(translation["engine"] as? String == "none")
        #expect(translation["text"] == nil)
        #expect((translation["unavailable_reason"] as? String)?.contains("DEEPL_API_KEY") == true)
    }

    @Test func deepLTranslatesOverItsWireProtocolAndAWrongKeyIsReported() throws {
        let root = try TestPaths.temporaryDirectory("translate-deepl")
        defer { try? FileManager.default.removeItem(at: root) }
        // A local server speaking DeepL's /v2/translate (DeepL cannot be reached from here).
        let server = try FakeHTTPService { request in
            guard request.headers["authorization"] == "DeepL-Auth-Key good:fx" else {
                return .json(403, #"{"message":"Authorization failure, check auth_key"}"#)
            }
            let body = (try? JSONSerialization.jsonObject(with: request.body) as? [String: Any]) ?? [:]
            let texts = body["text"] as? [String] ?? []
            let answer = ["translations": texts.map { ["detected_source_language": "EN", "text": "[ID] " + $0] }]
            return .init(status: 200, body: try! JSONSerialization.data(withJSONObject: answer))
        }
        let directory = try session(in: root)
        let wrong = try run("StageTranslate", on: directory,
                            environment: ["DEEPL_API_KEY": "bad:fx", "DEEPL_API_URL": server.baseURL.absoluteString])
        #expect(wrong.process.terminationStatus != 0)
        #expect(wrong.stderr.contains("DeepL API key invalid"), Comment(rawValue: wrong.stderr))
        let good = try run("StageTranslate", on: directory,
                           environment: ["DEEPL_API_KEY": "good:fx", "DEEPL_API_URL": server.baseURL.absoluteString])
        #expect(good.process.terminationStatus == 0, Comment(rawValue: good.stderr))
        let translation = try json(directory.appending(path: "translations/1.json"))
        #expect(translation["engine"] as? String == "deepl")
        #expect(translation["engine_detail"] as? String == "DeepL API Free")
        #expect((translation["text"] as? String)?.hasPrefix("[ID] Last year I led") == true)
        let sent = try #require(server.requests.last)
        let body = try #require(JSONSerialization.jsonObject(with: sent.body) as? [String: Any])
        #expect(body["source_lang"] as? String == "EN" && body["target_lang"] as? String == "ID")
    }

    @Test func aWrongKeyPutsTheSessionOffUntilTheServiceWorks() throws {
        let spool = try TemporarySpool("llm-defer")
        defer { spool.remove() }
        let keyAccepted = Mutex(false)
        let reply = #"{\"analisis_llm\": \"Kandidat menyebut \\\"tim\\\".\", \"kualitas_jawaban\": 70, \"koherensi\": 60, \"relevansi\": 80}"#
        let server = try FakeHTTPService { _ in
            guard keyAccepted.withLock({ $0 }) else { return .json(401, #"{"error":"Invalid credentials in Authorization header"}"#) }
            return .json(200, #"{"id":"1","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"\#(reply)"},"finish_reason":"stop"}]}"#)
        }
        let transcript = #"{"language":"en","text":"I led a team.","duration_seconds":5,"segments":[],"model":"w","word_count":4}"#
        let id = try spool.publishSession(to: .llm, files: ["transcripts/1.json": Data(transcript.utf8)])
        let env = spool.environment(extra: ["LLM_BASE_URL": server.baseURL.absoluteString + "/v1", "LLM_API_KEY": "k",
                                            "MIN_DEFERRAL_SECONDS": "1", "MAX_DEFERRAL_SECONDS": "2", "MAX_ATTEMPTS": "1"])
        let stage = try ChildProcess(TestPaths.executable("StageLLM"), environment: env, label: "llm-defer")
        defer { stage.stop() }
        let deferred = waitUntil(timeout: 30) {
            spool.spool.status(of: id)?.message?.hasPrefix("LLM API key invalid; retrying at") == true
        }
        #expect(deferred, Comment(rawValue: "\(String(describing: spool.spool.status(of: id))) \(stage.stderr)"))
        #expect(spool.spool.status(of: id)?.status == .processing, "put off, not failed")
        usleep(2_500_000)   // at least one more refused try
        keyAccepted.withLock { $0 = true }
        let passed = waitUntil(timeout: 30) {
            FileManager.default.fileExists(atPath: spool.layout.session(id, in: .cheat, .inbox).path)
        }
        #expect(passed, Comment(rawValue: stage.stderr))
        let history = Spool.history(of: spool.layout.session(id, in: .cheat, .inbox))
        #expect(history.filter { $0.outcome == .deferred }.count >= 2)
        #expect(history.last?.outcome == .ok)
        #expect(server.requests.count >= 3)
    }

    /// Starts llama.cpp's OpenAI-compatible server on a free port; nil when it is not installed
    /// (scripts/fetch-llm-server.sh, run by `make test`).
    static func llamaServer() throws -> (ChildProcess, Int)? {
        let python = TestPaths.repositoryRoot.appending(path: ".cache/llama-venv/bin/python")
        let model = TestPaths.repositoryRoot.appending(path: "models/gemma-3-270m/gemma-3-270m-q4_k_m.gguf")
        guard FileManager.default.fileExists(atPath: python.path), FileManager.default.fileExists(atPath: model.path) else { return nil }
        let port = freePort()
        // llama_cpp.server's settings read HOST and PORT from the environment before the flags
        // (`make test` exports PORT=8888 for the pipeline): set them to the same values.
        var environment = ProcessInfo.processInfo.environment
        environment["HOST"] = "127.0.0.1"
        environment["PORT"] = "\(port)"
        let server = try ChildProcess(python, arguments: ["-m", "llama_cpp.server", "--model", model.path, "--host", "127.0.0.1",
                                                          "--port", "\(port)", "--n_ctx", "4096", "--n_threads", "2",
                                                          "--model_alias", "gemma-3-270m"],
                                      environment: environment, label: "llama-server")
        let up = waitUntil(timeout: 120) { (try? Curl.request("http://127.0.0.1:\(port)/v1/models", timeout: 2))?.status == 200 }
        guard up else { server.stop(); throw SpoolError.invalidSession("llama.cpp server did not start: \(server.stderr)") }
        return (server, port)
    }

    @Test func aRealLlamaCppServerScoresWithLogprobs() throws {
        let started = try Self.llamaServer()
        let (server, port) = try #require(started, "run scripts/fetch-llm-server.sh (make test does)")
        defer { server.stop() }
        let root = try TestPaths.temporaryDirectory("llm-llama")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = try session(in: root)
        let env = ["LLM_BASE_URL": "http://127.0.0.1:\(port)/v1", "LLM_MODEL": "gemma-3-270m",
                   "LLM_JSON_MODE": "json_object_schema", "LLM_MAX_TOKENS": "160", "LLM_SUMMARY_MAX_TOKENS": "120"]
        let llm = try run("StageLLM", on: directory, environment: env)
        #expect(llm.process.terminationStatus == 0, Comment(rawValue: llm.stderr + server.stderr))
        for index in 1...2 {
            let assessment = try json(directory.appending(path: "assessment/\(index).json"))
            #expect(assessment["scorer"] as? String == "llm", Comment(rawValue: "\(assessment)"))
            #expect(assessment["llm_model"] as? String == "gemma-3-270m")
            #expect(assessment["logprobs_available"] as? Bool == true, Comment(rawValue: "\(assessment)"))
            let confidence = assessment["logprobs_confidence"] as? Double ?? -1
            #expect(confidence > 0 && confidence <= 100)
            let evidence = try #require(assessment["score_evidence"] as? [String: [String: Any]])
            for key in ["kualitas_jawaban", "koherensi", "relevansi"] {
                let score = try #require(evidence[key])
                let weighted = score["weighted"] as? Double ?? -1
                #expect(weighted >= 0 && weighted <= 100)
                #expect((score["probability"] as? Double).map { $0 > 0 && $0 <= 1 } == true)
                #expect(assessment[key] as? Double == weighted)
            }
            #expect(!((assessment["analisis_llm"] as? String) ?? "").isEmpty)
        }
        let summary = try json(directory.appending(path: "assessment/summary.json"))
        #expect(summary["scorer"] as? String == "llm")
        #expect(summary["reused_single_analysis"] as? Bool == false)
        #expect(!((summary["kesimpulan_llm"] as? String) ?? "").isEmpty)
        #expect((summary["summary_logprobs_confidence"] as? String)?.hasPrefix("Confidence score logprobs dari LLM") == true)
        #expect(summary["llm_endpoint"] as? String == "127.0.0.1")

        // The aggregate turns it into a valid results document.
        let aggregate = try run("StageAggregate", on: directory)
        #expect(aggregate.process.terminationStatus == 0, Comment(rawValue: aggregate.stderr))
        let results = try json(directory.appending(component: "results.json"))
        let llmResults = try #require(results["llm_results"] as? [String: Any])
        #expect(llmResults["llm_model"] as? String == "gemma-3-270m")
        let metadata = try #require(results["metadata"] as? [String: Any])
        #expect(metadata["llm_model"] as? String == "gemma-3-270m")
        #expect(metadata["hf_api_used"] as? Bool == false)
    }
}
