import Foundation
import ArgumentParser

/// `assess results SESSION`: the summary of a finished session, or its whole results document.
struct ResultsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "Print a finished session's summary, or its results document with --json."
    )

    @Argument(help: "The session id (32 hexadecimal characters).")
    var session: String

    @OptionGroup var server: ServerOptions

    @Flag(help: "Print the results document itself (pretty-printed JSON) instead of the summary.")
    var json = false

    func validate() throws { try SessionIDArgument.validate(session) }

    func run() async throws {
        let data = try await server.client.results(of: session)
        if json {
            guard let pretty = JSONDocument.prettyPrinted(data) else { throw AssessError.unexpectedReply("The results document is not JSON") }
            Terminal.standardOutput(pretty + "\n")
        } else {
            try printSummary(of: data, session: session, server: server)
        }
    }
}

/// Prints ``ResultsSummary`` for a results document (shared by `results` and `submit`).
func printSummary(of data: Data, session: String, server: ServerOptions) throws {
    guard let document = JSONDocument(data: data) else { throw AssessError.unexpectedReply("The results document is not JSON") }
    let summary = ResultsSummary(results: document, session: session, dashboardURL: server.dashboardURL(for: session))
    Terminal.standardOutput(summary.lines.joined(separator: "\n") + "\n")
}
