import ArgumentParser
import Foundation
import StageProtocol
import Synchronization

extension PipelineCommand {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start the front door and one process per deployed stage; restart any that crashes; stop all on SIGTERM/Ctrl-C.")
        @OptionGroup var spool: SpoolOption
        @Option(help: "Front door port (default: $PORT, else 8888).") var port: Int?
        @Option(help: ArgumentHelp("Processes of a stage, e.g. --scale audio=2 (repeatable).", valueName: "stage=count"))
        var scale: [String] = []
        @Option(help: "Directory holding the executables (default: this program's directory).") var binDir: String?

        func run() throws {
            var configuration = spool.configuration
            if let port { configuration.port = port }
            try configuration.spoolLayout.createDirectories()
            let binaries = URL(fileURLWithPath: binDir ?? CommandLine.executablePath.deletingLastPathComponent().path)
            var counts: [Stage: Int] = [:]
            for entry in scale {
                let parts = entry.split(separator: "=")
                guard parts.count == 2, let stage = Stage(rawValue: String(parts[0])), let count = Int(parts[1]), count >= 0 else {
                    throw ValidationError("--scale takes stage=count, e.g. audio=2; got '\(entry)'")
                }
                counts[stage] = count
            }
            var environment = ProcessInfo.processInfo.environment
            environment["SPOOL_DIR"] = URL(fileURLWithPath: configuration.spoolDirectory).standardizedFileURL.path
            environment["PORT"] = "\(configuration.port)"
            var programs = [SupervisedProgram(name: "Frontdoor", executable: binaries.appending(component: "Frontdoor"))]
            for stage in StageChain.deployed {
                for index in 0..<(counts[stage] ?? 1) {
                    programs.append(SupervisedProgram(name: "\(stage.executableName)#\(index + 1)",
                                                      executable: binaries.appending(component: stage.executableName)))
                }
            }
            for program in programs where !FileManager.default.isExecutableFile(atPath: program.executable.path) {
                throw ValidationError("\(program.executable.path) not found: build with `swift build -c release` first")
            }
            let supervisor = Supervisor(programs: programs, environment: environment,
                                        stopGraceSeconds: configuration.shutdownGraceSeconds + 5)
            print("pipeline: spool \(environment["SPOOL_DIR"]!), front door on port \(configuration.port), stages: \(StageChain.deployed.map(\.rawValue).joined(separator: " → ")) → done")
            let retention = PurgeSchedule.start(spool: Spool(layout: configuration.spoolLayout), policy: configuration.retentionPolicy,
                                                intervalSeconds: configuration.retentionIntervalSeconds)
            let webhooks = WebhookNotifier.start(spool: Spool(layout: configuration.spoolLayout), policy: configuration.webhooks)
            supervisor.runUntilSignalled()
            retention?.cancel()
            webhooks?.cancel()
        }
    }
}

extension CommandLine {
    /// The running executable's path (resolved through /proc, so it works from any cwd).
    static var executablePath: URL {
        let resolved = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? arguments[0]
        return URL(fileURLWithPath: resolved)
    }
}

struct SupervisedProgram: Sendable {
    var name: String
    var executable: URL
}

/// Keeps a set of programs running: restarts one that exits (with growing back-off while it keeps
/// crashing), and on SIGTERM or SIGINT stops them all (SIGTERM, then SIGKILL after a grace).
final class Supervisor: @unchecked Sendable {
    private let programs: [SupervisedProgram]
    private let environment: [String: String]
    private let stopGraceSeconds: Double
    private let state = Mutex(State())
    private let finished = DispatchSemaphore(value: 0)

    private struct State {
        var running: [Int: Process] = [:]
        var stopping = false
        var failures: [Int: Int] = [:]
    }

    init(programs: [SupervisedProgram], environment: [String: String], stopGraceSeconds: Double) {
        self.programs = programs
        self.environment = environment
        self.stopGraceSeconds = stopGraceSeconds
    }

    func runUntilSignalled() {
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        let sources = [SIGTERM, SIGINT].map { number -> any DispatchSourceSignal in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in stopAll(reason: number == SIGTERM ? "SIGTERM" : "SIGINT") }
            source.resume()
            return source
        }
        for index in programs.indices { start(index) }
        // The signal sources must outlive the wait: an optimised build would otherwise free them early.
        withExtendedLifetime(sources) { finished.wait() }
    }

    private func start(_ index: Int) {
        let program = programs[index]
        let process = Process()
        process.executableURL = program.executable
        process.environment = environment
        process.terminationHandler = { [self] ended in exited(index, process: ended) }
        do {
            try process.run()
        } catch {
            log("\(program.name): could not start: \(error)")
            scheduleRestart(index)
            return
        }
        let stopping = state.withLock { state -> Bool in
            if !state.stopping { state.running[index] = process }
            return state.stopping
        }
        if stopping { process.terminate() }
        log("\(program.name): started (pid \(process.processIdentifier))")
    }

    private func exited(_ index: Int, process: Process) {
        let program = programs[index]
        let (stopping, remaining) = state.withLock { state -> (Bool, Int) in
            state.running[index] = nil
            return (state.stopping, state.running.count)
        }
        if stopping {
            log("\(program.name): stopped")
            if remaining == 0 { finished.signal() }
            return
        }
        log("\(program.name): exited with status \(process.terminationStatus) (\(process.terminationReason == .uncaughtSignal ? "signal" : "exit")); restarting")
        scheduleRestart(index)
    }

    private func scheduleRestart(_ index: Int) {
        let failures = state.withLock { state -> Int in
            state.failures[index, default: 0] += 1
            return state.failures[index]!
        }
        let delay = min(30, 0.5 * pow(2, Double(failures - 1)))
        DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [self] in
            let stopping = state.withLock { $0.stopping }
            if !stopping { start(index) }
        }
        // A program that stays up for a minute is healthy again: forget its failures.
        DispatchQueue.global().asyncAfter(deadline: .now() + delay + 60) { [self] in
            state.withLock { state in
                if state.running[index] != nil { state.failures[index] = 0 }
            }
        }
    }

    private func stopAll(reason: String) {
        let processes = state.withLock { state -> [Process] in
            guard !state.stopping else { return [] }
            state.stopping = true
            return Array(state.running.values)
        }
        guard !processes.isEmpty || state.withLock({ $0.running.isEmpty }) else { return }
        log("\(reason): stopping \(processes.count) program(s)")
        if processes.isEmpty { finished.signal(); return }
        for process in processes { kill(process.processIdentifier, SIGTERM) }
        DispatchQueue.global().asyncAfter(deadline: .now() + stopGraceSeconds) { [self] in
            let left = state.withLock { Array($0.running.values) }
            for process in left {
                log("pid \(process.processIdentifier) still running after \(stopGraceSeconds) s: SIGKILL")
                kill(process.processIdentifier, SIGKILL)
            }
        }
    }

    private func log(_ message: String) {
        FileHandle.standardError.write(Data("\(Timestamp.string(from: Date())) supervisor: \(message)\n".utf8))
    }
}
