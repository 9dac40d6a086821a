/// The exit codes of `assess`, the contract with the scripts that call it.
enum AssessExitCode {
    static let success: Int32 = 0
    /// The server refused a request, or could not be reached or understood.
    static let failure: Int32 = 1
    /// Bad usage: ArgumentParser's validation errors (its EX_USAGE, 64, is mapped to this).
    static let usage: Int32 = 2
    /// The session ended with `status: error`.
    static let sessionFailed: Int32 = 3
}

/// A failure the user sees as `error: <message>`; its case decides the exit code.
enum AssessError: Error, Equatable, CustomStringConvertible {
    /// The front door answered 4xx/5xx; `detail` is its `{"detail": …}` text, shown verbatim.
    case server(status: Int, detail: String)
    /// No answer: connection refused, timed out, cut.
    case network(String)
    /// An answer that is not what the API promises (not JSON, no session id).
    case unexpectedReply(String)
    /// A local file changed or could not be read while it was being uploaded.
    case localFile(String)
    /// The session ended in `error`; the message is the status's `error`.
    case sessionFailed(String)

    var message: String {
        switch self {
        case let .server(_, detail): detail
        case let .network(text), let .unexpectedReply(text), let .localFile(text): text
        case let .sessionFailed(text): "session failed: \(text)"
        }
    }

    var exitCode: Int32 {
        switch self {
        case .sessionFailed: AssessExitCode.sessionFailed
        case .server, .network, .unexpectedReply, .localFile: AssessExitCode.failure
        }
    }

    var description: String { message }
}
