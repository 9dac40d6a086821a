import Synchronization
import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle

/// The flags every stage executable takes, declared once.
public struct StageOptions: ParsableArguments {
    @Option(help: "Spool directory (default: $SPOOL_DIR, else ./spool).")
    public var spool: String?

    @Option(help: "Sessions this process works on at once.")
    public var concurrency: Int = 1

    @Option(help: ArgumentHelp("Run the stage on one session directory outside the spool, then exit.", valueName: "session-dir"))
    public var once: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    public var logLevel: Logger.Level = .info

    public init() {}

    /// Reads the configuration file (``ConfigurationFile``) before anything reads a setting.
    public func validate() throws {
        do { try ConfigurationFile.apply() } catch { throw ValidationError(error.description) }
    }

    /// The configuration from the environment, with these flags applied.
    public var configuration: PipelineConfiguration {
        var configuration = PipelineConfiguration.fromEnvironment()
        if let spool { configuration.spoolDirectory = spool }
        return configuration
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// The body of every stage executable: build the worker, then run it under the StageRunner
/// (or once on one directory with `--once`).
public enum StageMain {
    public static func run<Worker: StageWorker>(
        _ stage: Stage, options: StageOptions, makeWorker: (PipelineConfiguration) throws -> Worker
    ) async throws {
        bootstrapLogging(level: options.logLevel)
        let logger = Logger(label: "stage.\(stage.rawValue)")
        let configuration = options.configuration
        let runner = StageRunner(stage: stage, configuration: configuration, concurrency: options.concurrency,
                                 worker: try makeWorker(configuration), logger: logger)
        if let once = options.once {
            do {
                try await runner.runOnce(directory: URL(fileURLWithPath: once, isDirectory: true))
                print("\(stage.rawValue): done with \(once)")
            } catch {
                FileHandle.standardError.write(Data("\(stage.rawValue): failed on \(once): \(error)\n".utf8))
                throw ExitCode.failure
            }
            return
        }
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: runner)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
    }
}

/// Logs go to standard error with the level given, once per process.
public func bootstrapLogging(level: Logger.Level) {
    LoggingBootstrap.once(level: level)
}

private enum LoggingBootstrap {
    private static let done = LockedFlag()

    static func once(level: Logger.Level) {
        guard done.setOnce() else { return }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

private final class LockedFlag: Sendable {
    private let value = Synchronization.Mutex(false)
    func setOnce() -> Bool { value.withLock { let first = !$0; $0 = true; return first } }
}
