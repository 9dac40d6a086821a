#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation

/// `assess`: the API reference's Python workflow (upload, poll `/status`, read `/results`) as one
/// command-line client of the front door.
@main
struct Assess: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Submit interview answers to the assessment pipeline and read the results.",
        discussion: """
        Exit codes: 0 success, 1 a server or network error, 2 bad usage, 3 the session ended in error.
        The server is --server, else $ASSESS_SERVER, else \(ServerOptions.defaultServer).
        """,
        subcommands: [SubmitCommand.self, StatusCommand.self, ResultsCommand.self]
    )

    /// ArgumentParser's own `main`, with this tool's exit codes: its usage errors exit with
    /// ``AssessExitCode/usage`` instead of EX_USAGE, and an ``AssessError`` prints
    /// `error: <message>` and exits with its code.
    static func main() async {
        do {
            var command = try await asyncParseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as AssessError {
            Terminal.standardError("error: \(error.message)\n")
            Foundation.exit(error.exitCode)
        } catch {
            if exitCode(for: error) == .validationFailure {
                Terminal.standardError(fullMessage(for: error) + "\n")
                Foundation.exit(AssessExitCode.usage)
            }
            exit(withError: error)
        }
    }
}
