import Foundation
import StageProtocol
import TestSupport
import Testing

/// `GET /metrics` over real HTTP: the spool's queues as gauges, stage attempts and durations from
/// the history of sessions that reached done/, the front door's own counters, and text that
/// parses as the Prometheus exposition format.
@Suite(.serialized) final class MetricsTests {
    let spool: TemporarySpool
    let server: FrontdoorProcess

    init() throws {
        spool = try TemporarySpool("metrics")
        server = try FrontdoorProcess(spool: spool)
    }

    deinit {
        server.stop()
        spool.remove()
    }

    /// One sample of the exposition text: the family's name, its labels, its value.
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    /// Parses the text exposition format strictly: every line is `# HELP`, `# TYPE`, or
    /// `name{label="value",…} number`; every sample's family has been typed before it.
    static func parse(_ text: String) throws -> [Sample] {
        let sampleLine = try Regex(#"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? ([-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?|[-+]Inf|NaN)$"#)
        let labelPair = try Regex(#"^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)"#)
        var typed: [String: String] = [:]
        var samples: [Sample] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { continue }
            if line.hasPrefix("# HELP ") { continue }
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                #expect(parts.count == 4 && ["counter", "gauge", "histogram", "summary", "untyped"].contains(String(parts[3])), "\(line)")
                typed[String(parts[2])] = String(parts[3])
                continue
            }
            let match = try #require(try sampleLine.wholeMatch(in: String(line)), "not a sample line: \(line)")
            let name = String(try #require(match.output[1].substring))
            var labels: [String: String] = [:]
            var rest = match.output[3].substring.map(String.init) ?? ""
            while !rest.isEmpty {
                let pair = try #require(try labelPair.prefixMatch(in: rest), "bad labels in: \(line)")
                labels[String(pair.output[1].substring!)] = String(pair.output[2].substring!)
                rest = String(rest[pair.range.upperBound...])
            }
            let family = ["_bucket", "_sum", "_count"].reduce(name) { name, suffix in
                name.hasSuffix(suffix) && typed[String(name.dropLast(suffix.count))] == "histogram" ? String(name.dropLast(suffix.count)) : name
            }
            #expect(typed[family] != nil, "sample before its # TYPE line: \(line)")
            let valueText = String(try #require(match.output[4].substring))
            let value = try #require(valueText.hasSuffix("Inf") ? (valueText.hasPrefix("-") ? -.infinity : .infinity) : Double(valueText))
            samples.append(Sample(name: name, labels: labels, value: value))
        }
        return samples
    }

    func scrape() throws -> [Sample] {
        let reply = try Curl.request(server.url("/metrics"))
        #expect(reply.status == 200)
        #expect(reply.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        return try Self.parse(reply.text)
    }

    /// The value of the one sample with this name and these labels (nil when absent).
    func value(_ samples: [Sample], _ name: String, _ labels: [String: String] = [:]) -> Double? {
        let found = samples.filter { $0.name == name && $0.labels == labels }
        #expect(found.count <= 1, "\(name) \(labels) appears \(found.count) times")
        return found.first?.value
    }

    /// The `le` bucket of a stage's duration histogram (bounds compared as numbers: `1` or `1.0`).
    func bucket(_ samples: [Sample], _ stage: String, _ bound: Double) -> Double? {
        let bounds = samples.filter { $0.name == "interview_stage_duration_seconds_bucket" && $0.labels["stage"] == stage }
        let text = bounds.map { $0.labels["le"] ?? "" }
        return bounds.first { ($0.labels["le"] == "+Inf" ? .infinity : Double($0.labels["le"] ?? "")) == bound }
            .map(\.value) ?? { Issue.record("no le=\(bound) among \(text)"); return nil }()
    }

    /// Publishes a finished session whose history is `entries` (stage, seconds it took, outcome),
    /// one after the other, the last ending `endingSecondsAgo` seconds before now.
    @discardableResult
    func publishDone(_ entries: [(Stage, Double, HistoryEntry.Outcome)], endingSecondsAgo: Double = 0) throws -> SessionID {
        let id = SessionID.random()
        let directory = spool.layout.frontdoorTemporary.appending(component: id.rawValue)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try JSONCoding.write(SessionRequest(id: id, candidateName: "Done", language: .en, origin: .upload, items: []),
                             to: directory.appending(component: SessionFile.request))
        var end = Date().addingTimeInterval(-endingSecondsAgo - entries.reduce(0) { $0 + $1.1 + 0.5 })
        for (stage, seconds, outcome) in entries {
            let start = end.addingTimeInterval(0.5)
            end = start.addingTimeInterval(seconds)
            try spool.spool.appendHistory(HistoryEntry(stage: stage, host: "test", pid: 1, start: start, end: end, outcome: outcome),
                                          to: directory)
        }
        try spool.spool.publish(directory, id: id, to: nil)
        return id
    }

    /// A multipart body written to a file, so the bytes the front door reads are known exactly.
    func multipartFile(_ fields: [(String, String)], video: Data) throws -> (path: String, bytes: Int) {
        var body = Data()
        for (name, value) in fields {
            body.append(Data("--B0undary\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        body.append(Data("--B0undary\r\nContent-Disposition: form-data; name=\"videos\"; filename=\"a.mp4\"\r\n\r\n".utf8))
        body.append(video)
        body.append(Data("\r\n--B0undary--\r\n".utf8))
        let url = spool.root.appending(component: "body-\(UUID().uuidString.prefix(8))")
        try body.write(to: url)
        return (url.path, body.count)
    }

    func postMultipart(_ file: (path: String, bytes: Int)) throws -> HTTPResult {
        try Curl.request(server.url("/upload"), ["-H", "Content-Type: multipart/form-data; boundary=B0undary", "--data-binary", "@\(file.path)"])
    }

    @Test func queuesDoneSessionsStageHistoryAndUploadsAreExported() throws {
        // Queues: two in audio's inbox (one waiting 100 s), one in llm's, one deferred by
        // translate, one failed in cheat, one claimed by nonverbal.
        let old = try spool.publishSession(to: .audio)
        try spool.publishSession(to: .audio)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-100)],
                                              ofItemAtPath: spool.layout.session(old, in: .audio, .inbox).path)
        try spool.publishSession(to: .llm)
        let deferral = DeferralRecord(stage: .translate, message: "DeepL key invalid", detail: nil, until: Date().addingTimeInterval(600), count: 1)
        try spool.publishSession(to: .translate, files: [SessionFile.deferral: JSONCoding.encode(deferral)])
        let failed = try spool.publishSession(to: .cheat)
        try FileManager.default.moveItem(at: spool.layout.session(failed, in: .cheat, .inbox), to: spool.layout.session(failed, in: .cheat, .failed))
        let working = try spool.publishSession(to: .nonverbal)
        try FileManager.default.moveItem(at: spool.layout.session(working, in: .nonverbal, .inbox), to: spool.layout.session(working, in: .nonverbal, .work))

        // Done: one finished an hour before the front door started (not in the stage metrics),
        // one now after audio failed once, took 2 s, and aggregate 0.2 s.
        try publishDone([(.audio, 3, .ok), (.aggregate, 1, .ok)], endingSecondsAgo: 3600)
        try publishDone([(.audio, 0.3, .error), (.audio, 2, .ok), (.aggregate, 0.2, .ok)])

        // Uploads: one accepted, one refused (no language), bodies of known size.
        let accepted = try multipartFile([("candidate_name", "A"), ("language", "en"), ("question", "Q")], video: Data(repeating: 1, count: 5000))
        let refused = try multipartFile([("candidate_name", "A"), ("question", "Q")], video: Data(repeating: 2, count: 3000))
        #expect(try postMultipart(accepted).status == 200)
        #expect(try postMultipart(refused).status == 400)
        #expect(try Curl.request(server.url("/status/\(SessionID.random())")).status == 404)

        let samples = try scrape()
        func queue(_ stage: Stage, _ queue: String) -> Double? {
            value(samples, "interview_queue_sessions", ["stage": stage.rawValue, "queue": queue])
        }
        #expect(queue(.audio, "inbox") == 3, "two published, one uploaded")
        #expect(queue(.llm, "inbox") == 1)
        #expect(queue(.translate, "deferred") == 1 && queue(.translate, "inbox") == 0, "a deferred session is not counted as claimable")
        #expect(queue(.cheat, "failed") == 1)
        #expect(queue(.nonverbal, "work") == 1)
        #expect(queue(.transcribe, "inbox") == 0)
        let oldest = try #require(value(samples, "interview_queue_oldest_seconds", ["stage": "audio", "queue": "inbox"]))
        #expect(oldest >= 100 && oldest < 200)
        #expect(value(samples, "interview_queue_oldest_seconds", ["stage": "llm", "queue": "failed"]) == 0)
        #expect(value(samples, "interview_sessions_done_total") == 2)

        // Stage durations and attempts: only the session done since the front door started.
        let audio = ["stage": "audio"]
        #expect(bucket(samples, "audio", 1) == 0 && bucket(samples, "audio", 2.5) == 1 && bucket(samples, "audio", .infinity) == 1,
                "the 2 s ok attempt only")
        #expect(bucket(samples, "aggregate", 0.1) == 0 && bucket(samples, "aggregate", 0.5) == 1)
        #expect(value(samples, "interview_stage_duration_seconds_count", audio) == 1)
        #expect(abs((value(samples, "interview_stage_duration_seconds_sum", audio) ?? 0) - 2) < 0.01)
        #expect(value(samples, "interview_stage_attempts_total", ["stage": "audio", "outcome": "error"]) == 1)
        #expect(value(samples, "interview_stage_attempts_total", ["stage": "audio", "outcome": "ok"]) == 1)
        #expect(value(samples, "interview_stage_attempts_total", ["stage": "aggregate", "outcome": "ok"]) == 1)

        // The front door's own counters.
        #expect(value(samples, "interview_uploads_total", ["kind": "upload", "outcome": "accepted"]) == 1)
        #expect(value(samples, "interview_uploads_total", ["kind": "upload", "outcome": "refused"]) == 1)
        #expect(value(samples, "interview_upload_bytes_total", ["kind": "upload"]) == Double(accepted.bytes + refused.bytes))
        #expect(value(samples, "interview_http_requests_total", ["route": "/status/{session_id}", "method": "GET", "status_class": "4xx"]) == 1,
                "labelled by the route's template, not the path")
        #expect(value(samples, "interview_http_requests_total", ["route": "/upload", "method": "POST", "status_class": "2xx"]) == 1)

        // The next scrape counts only what arrived since: the same history is not counted twice.
        try publishDone([(.audio, 12, .ok), (.aggregate, 0.2, .ok)])
        let again = try scrape()
        #expect(value(again, "interview_sessions_done_total") == 3)
        #expect(value(again, "interview_stage_duration_seconds_count", audio) == 2)
        #expect(value(again, "interview_stage_attempts_total", ["stage": "audio", "outcome": "error"]) == 1)
        #expect(bucket(again, "audio", 10) == 1 && bucket(again, "audio", 30) == 2)
        #expect(value(again, "interview_http_requests_total", ["route": "/metrics", "method": "GET", "status_class": "2xx"]) == 1)
    }

    @Test func aReRunSessionCountsOnlyItsNewRun() throws {
        // Done once, re-run from audio by an operator, done again: the first run's lines stay
        // in the history but were counted (or predate us); only the second run is new.
        let id = try publishDone([(.audio, 1, .ok), (.aggregate, 0.2, .ok)])
        _ = try scrape()
        try spool.spool.rerun(id, from: .audio)
        let inbox = spool.layout.session(id, in: .audio, .inbox)
        Thread.sleep(forTimeInterval: 1.2)   // the second run happens after the first
        let now = Date()
        try spool.spool.appendHistory(HistoryEntry(stage: .audio, host: "test", pid: 1, start: now.addingTimeInterval(-1),
                                                   end: now.addingTimeInterval(-0.2), outcome: .ok), to: inbox)
        try spool.spool.appendHistory(HistoryEntry(stage: .aggregate, host: "test", pid: 1, start: now.addingTimeInterval(-0.2),
                                                   end: now.addingTimeInterval(-0.1), outcome: .ok), to: inbox)
        try spool.spool.publish(inbox, id: id, to: nil)
        let samples = try scrape()
        #expect(value(samples, "interview_stage_duration_seconds_count", ["stage": "audio"]) == 2)
        #expect(value(samples, "interview_stage_attempts_total", ["stage": "audio", "outcome": "ok"]) == 2)
        #expect(value(samples, "interview_stage_attempts_total", ["stage": "audio", "outcome": "retried"]) == nil, "an operator's action is no attempt")
    }

    @Test func historyRunsSplitAtEachArrivalInDone() {
        func entry(_ stage: Stage, _ outcome: HistoryEntry.Outcome, _ end: Double) -> HistoryEntry {
            HistoryEntry(stage: stage, host: "h", pid: 1, start: Date(timeIntervalSince1970: end - 1), end: Date(timeIntervalSince1970: end), outcome: outcome)
        }
        let history = [entry(.audio, .ok, 1), entry(.aggregate, .ok, 2), entry(.audio, .retried, 3),
                       entry(.audio, .error, 4), entry(.audio, .ok, 5), entry(.aggregate, .ok, 6)]
        let run = HistoryEntry.lastRun(of: history)
        #expect(run?.completedAt == Date(timeIntervalSince1970: 6))
        #expect(run?.attempts.map(\.end.timeIntervalSince1970) == [4, 5, 6])
        #expect(HistoryEntry.lastRun(of: Array(history.prefix(2)))?.attempts.count == 2)
        #expect(HistoryEntry.lastRun(of: [entry(.audio, .ok, 1)]) == nil, "never reached done")
    }
}
