import ArgumentParser

/// `assess status SESSION`: the session's status, once.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print a session's status once.",
        discussion: "Exits with 3 when the session ended in error."
    )

    @Argument(help: "The session id (32 hexadecimal characters).")
    var session: String

    @OptionGroup var server: ServerOptions

    func validate() throws { try SessionIDArgument.validate(session) }

    func run() async throws {
        let data = try await server.client.status(of: session)
        guard let document = JSONDocument(data: data) else { throw AssessError.unexpectedReply("The status answer is not JSON") }
        let status = StatusView(document)
        Terminal.standardOutput(status.detailLines(session: session, dashboardURL: server.dashboardURL(for: session))
            .joined(separator: "\n") + "\n")
        if status.state == .error { throw ExitCode(AssessExitCode.sessionFailed) }
    }
}
