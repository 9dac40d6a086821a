import ArgumentParser
import Foundation
import StageProtocol

/// A test fixture: a real stage process that takes a configurable time per session and logs
/// each session it processes (one O_APPEND line: session id and pid) to `--log`. The protocol
/// tests run several of these on one spool, kill them, and count the log lines. With
/// `--defer-first N` it plays a stage whose service refuses its key on its first N calls per
/// session (each logged as `<id> <pid> deferred <unix time>`), then works.
@main
struct SpoolProbeWorker: AsyncParsableCommand {
    @OptionGroup var options: StageOptions
    @Option(help: "The stage this process plays.") var stage: String = "aggregate"
    @Option(help: "Seconds of simulated work per session.") var workSeconds: Double = 0
    @Option(help: "File that gets one line per processed session.") var log: String
    @Option(help: "Defer each session on its first N calls, as if the service's key were refused.") var deferFirst: Int = 0
    @Option(help: "The Retry-After the refusing service gives, seconds.") var retryAfter: Double?

    func run() async throws {
        guard let stage = Stage(rawValue: stage) else { throw ValidationError("unknown stage \(self.stage)") }
        let worker = ProbeWorker(workSeconds: workSeconds, log: URL(fileURLWithPath: log), deferFirst: deferFirst,
                                 retryAfterSeconds: retryAfter)
        try await StageMain.run(stage, options: options) { _ in worker }
    }
}

struct ProbeWorker: StageWorker {
    let workSeconds: Double
    let log: URL
    var deferFirst = 0
    var retryAfterSeconds: Double?

    func process(_ session: SessionContext) async throws {
        if deferFirst > 0 {
            let earlier = ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n")
                .filter { $0.hasPrefix("\(session.request.id) ") && $0.contains(" deferred ") }.count
            if earlier < deferFirst {
                try DurableFile.appendLine("\(session.request.id) \(getpid()) deferred \(Date().timeIntervalSince1970)", to: log)
                throw SessionDeferral("LLM API key invalid", detail: "HTTP 401", retryAfterSeconds: retryAfterSeconds)
            }
        }
        session.reportProgress(current: 1, total: max(1, session.request.items.count), message: "probing")
        if workSeconds > 0 { try await Task.sleep(for: .seconds(workSeconds)) }
        try DurableFile.appendLine("\(session.request.id) \(getpid())", to: log)
    }
}
