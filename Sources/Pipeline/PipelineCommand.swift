import ArgumentParser
import Foundation
import StageProtocol

/// The operator's tool: start the whole system, look into the spool, retry and re-run sessions.
@main
struct PipelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Run and operate the interview assessment pipeline.",
        subcommands: [Run.self, Status.self, Show.self, Retry.self, Rerun.self, Purge.self, Erase.self])
}

/// `--spool`, shared by the subcommands.
struct SpoolOption: ParsableArguments {
    @Option(help: "Spool directory (default: $SPOOL_DIR, else ./spool).")
    var spool: String?

    var configuration: PipelineConfiguration {
        var configuration = PipelineConfiguration.fromEnvironment()
        if let spool { configuration.spoolDirectory = spool }
        return configuration
    }

    var spoolValue: Spool { Spool(layout: configuration.spoolLayout) }

    /// Reads the configuration file (``ConfigurationFile``) before anything reads a setting; the
    /// programs `pipeline run` starts inherit what it set.
    func validate() throws {
        do { try ConfigurationFile.apply() } catch { throw ValidationError(error.description) }
    }
}

func parseSessionID(_ text: String) throws -> SessionID {
    guard let id = SessionID(rawValue: text) else {
        throw ValidationError("'\(text)' is not a session id (32 lowercase hex characters)")
    }
    return id
}

extension PipelineCommand {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per-stage queue counts (deferred: waiting for a service to come back) and the oldest session's age.")
        @OptionGroup var spool: SpoolOption
        @Flag(help: "Print JSON instead of a table.") var json = false

        func run() throws {
            let spool = spool.spoolValue
            let depths = spool.depths()
            if json {
                print(String(decoding: try JSONCoding.encode(depths), as: UTF8.self))
                return
            }
            func age(_ seconds: Double?) -> String { seconds.map { String(format: "%.0fs", $0) } ?? "-" }
            let rows = [["stage", "deployed", "inbox", "deferred", "work", "failed", "oldest-inbox", "oldest-work"]] + depths.map {
                [$0.stage.rawValue, StageChain.isDeployed($0.stage) ? "yes" : "no", "\($0.inbox)", "\($0.deferred)", "\($0.work)", "\($0.failed)",
                 age($0.oldestInboxSeconds), age($0.oldestWorkSeconds)]
            }
            let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max()! }
            for row in rows {
                print(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  "))
            }
            print("done: \(spool.doneCount)")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One session's location, status and history.")
        @OptionGroup var spool: SpoolOption
        @Argument(help: "Session id.") var session: String

        func run() throws {
            let id = try parseSessionID(session)
            let spool = spool.spoolValue
            guard let location = spool.locate(id) else { throw ValidationError("Session not found: \(id)") }
            print("session:  \(id)")
            print("location: \(location.stage.map { "\($0.rawValue)/\(location.queueName)" } ?? "done")  (\(location.directory.path))")
            if let status = spool.status(of: id) {
                print("status:   \(status.status.rawValue)\(status.message.map { " — \($0)" } ?? "")\(status.error.map { " — \($0)" } ?? "")")
            }
            print("history:")
            for entry in Spool.history(of: location.directory) {
                let seconds = entry.end.timeIntervalSince(entry.start)
                print("  \(Timestamp.string(from: entry.start))  \(entry.stage.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(entry.outcome.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(String(format: "%7.2fs", seconds))  \(entry.host):\(entry.pid)\(entry.detail.map { "  \($0)" } ?? "")")
            }
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a failed session back into its stage's inbox, or let a deferred one go now.")
        @OptionGroup var spool: SpoolOption
        @Argument(help: "Session id.") var session: String

        func run() throws {
            let id = try parseSessionID(session)
            do { try spool.spoolValue.retry(id) } catch let error as OperatorError { throw ValidationError(error.description) }
            print("retried \(id)")
        }
    }

    struct Rerun: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-run a session from a stage onwards, removing that stage's and later stages' artifacts.")
        @OptionGroup var spool: SpoolOption
        @Argument(help: "Session id.") var session: String
        @Option(help: "The stage to start from: \(Stage.allCases.map(\.rawValue).joined(separator: ", ")).")
        var from: Stage

        func run() throws {
            let id = try parseSessionID(session)
            do { try spool.spoolValue.rerun(id, from: from) } catch let error as OperatorError { throw ValidationError(error.description) }
            print("re-running \(id) from \(from.rawValue)")
        }
    }
}

extension Stage: ExpressibleByArgument {}
