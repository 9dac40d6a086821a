#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TestSupport

/// One run of the built `assess` executable: its exit status and what it printed.
struct AssessRun {
    var status: Int32
    var stdout: String
    var stderr: String

    var stdoutLines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
}

/// The built `assess` binary as a child process, its output captured to files (no pipe can fill
/// up and stall it).
final class AssessProcess: @unchecked Sendable {
    let process = Process()
    let stdoutURL: URL
    let stderrURL: URL

    init(_ arguments: [String], environment extra: [String: String] = [:]) throws {
        let scratch = FileManager.default.temporaryDirectory.appending(component: "ia-assess-\(UUID().uuidString.prefix(8))")
        stdoutURL = scratch.appendingPathExtension("out")
        stderrURL = scratch.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "ASSESS_SERVER")
        for (key, value) in extra { environment[key] = value }
        process.executableURL = TestPaths.executable("assess")
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    var stdout: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    /// Waits for the exit (killing the process after `timeout` seconds) and collects the output.
    func finish(timeout: Double = 20) -> AssessRun {
        if !waitUntil(timeout: timeout, { !self.process.isRunning }) {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        process.waitUntilExit()
        let run = AssessRun(status: process.terminationStatus, stdout: stdout, stderr: stderr)
        try? FileManager.default.removeItem(at: stdoutURL)
        try? FileManager.default.removeItem(at: stderrURL)
        return run
    }

    /// Runs `assess` with `arguments` to completion.
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 20) throws -> AssessRun {
        try AssessProcess(arguments, environment: environment).finish(timeout: timeout)
    }
}
