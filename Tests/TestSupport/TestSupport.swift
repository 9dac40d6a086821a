#if canImport(Glibc)
import Glibc
#endif
import Foundation
import StageProtocol

/// Shared helpers for the test targets: where things are, temporary spools, child processes.
public enum TestPaths {
    /// The repository root (this file is `Tests/TestSupport/TestSupport.swift`).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Where SwiftPM put the executables built with the tests (beside the test bundle).
    public static let binDirectory: URL = {
        if let dir = ProcessInfo.processInfo.environment["PIPELINE_BIN_DIR"] { return URL(fileURLWithPath: dir) }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // The test binary may sit inside `<bundle>.xctest/`; the executables sit beside the bundle.
        while dir.path != "/" && !FileManager.default.fileExists(atPath: dir.appending(component: "StageProtocol.swiftmodule").path)
            && !FileManager.default.fileExists(atPath: dir.appending(component: "Modules").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir
    }()

    public static func executable(_ name: String) -> URL { binDirectory.appending(component: name) }

    /// A scratch directory for one test, removed by the caller with `remove()`.
    public static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(component: "ia-\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A spool in a temporary directory.
public struct TemporarySpool: Sendable {
    public let root: URL
    public let spool: Spool

    public init(_ label: String = "spool") throws {
        root = try TestPaths.temporaryDirectory(label)
        spool = Spool(layout: SpoolLayout(root: root))
        try spool.layout.createDirectories()
    }

    public var layout: SpoolLayout { spool.layout }

    public func remove() { try? FileManager.default.removeItem(at: root) }

    /// Publishes a session (built in `frontdoor/tmp` like the front door does) into `stage`'s inbox.
    @discardableResult
    public func publishSession(to stage: Stage, items: [SessionItem]? = nil, candidate: String = "Test Candidate",
                               files: [String: Data] = [:]) throws -> SessionID {
        let id = SessionID.random()
        let directory = layout.frontdoorTemporary.appending(component: id.rawValue)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (path, data) in files {
            let url = directory.appending(path: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        let request = SessionRequest(id: id, candidateName: candidate, language: .en, origin: .upload,
                                     items: items ?? [SessionItem(index: 1, positionID: 1, question: "Q1", source: "a.mp4", videoExists: true)])
        try JSONCoding.write(request, to: directory.appending(component: SessionFile.request))
        try spool.publish(directory, id: id, to: stage)
        return id
    }

    /// A configuration pointing at this spool, with short timings for tests.
    public func environment(leaseTimeout: Double = 30, rescan: Double = 1, extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["SPOOL_DIR"] = root.path
        env["LEASE_TIMEOUT_SECONDS"] = "\(leaseTimeout)"
        env["HEARTBEAT_SECONDS"] = "\(max(0.2, leaseTimeout / 6))"
        env["RESCAN_SECONDS"] = "\(rescan)"
        env["SHUTDOWN_GRACE_SECONDS"] = "5"
        if env["WHISPER_MODEL_DIR"] == nil {
            env["WHISPER_MODEL_DIR"] = TestPaths.repositoryRoot.appending(path: "models/whisper-base").path
        }
        for (key, value) in extra { env[key] = value }
        return env
    }
}

/// A child process with its standard error captured to a file.
public final class ChildProcess: @unchecked Sendable {
    public let process = Process()
    public let stderrURL: URL

    public init(_ executable: URL, arguments: [String] = [], environment: [String: String], label: String) throws {
        stderrURL = FileManager.default.temporaryDirectory.appending(component: "ia-\(label)-\(UUID().uuidString.prefix(8)).log")
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }
    public var stderr: String { (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? "" }

    public func signal(_ number: Int32) { kill(pid, number) }

    /// Waits for exit up to `timeout` seconds; true if it exited.
    @discardableResult
    public func waitForExit(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        return !process.isRunning
    }

    /// SIGKILL and reap.
    public func stop() {
        if process.isRunning { kill(pid, SIGKILL); waitForExit(timeout: 5) }
    }

    deinit { stop() }
}

/// Polls `condition` every 20 ms until it holds or `timeout` seconds pass.
@discardableResult
public func waitUntil(timeout: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(20_000)
    }
    return condition()
}
