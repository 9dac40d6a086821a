import ArgumentParser
import Foundation
import StageProtocol

/// A test fixture: a real stage process that takes a configurable time per session and logs
/// each session it processes (one O_APPEND line: session id and pid) to `--log`. The protocol
/// tests run several of these on one spool, kill them, and count the log lines.
@main
struct SpoolProbeWorker: AsyncParsableCommand {
    @OptionGroup var options: StageOptions
    @Option(help: "The stage this process plays.") var stage: String = "aggregate"
    @Option(help: "Seconds of simulated work per session.") var workSeconds: Double = 0
    @Option(help: "File that gets one line per processed session.") var log: String

    func run() async throws {
        guard let stage = Stage(rawValue: stage) else { throw ValidationError("unknown stage \(self.stage)") }
        let worker = ProbeWorker(workSeconds: workSeconds, log: URL(fileURLWithPath: log))
        try await StageMain.run(stage, options: options) { _ in worker }
    }
}

struct ProbeWorker: StageWorker {
    let workSeconds: Double
    let log: URL

    func process(_ session: SessionContext) async throws {
        session.reportProgress(current: 1, total: max(1, session.request.items.count), message: "probing")
        if workSeconds > 0 { try await Task.sleep(for: .seconds(workSeconds)) }
        try DurableFile.appendLine("\(session.request.id) \(getpid())", to: log)
    }
}
