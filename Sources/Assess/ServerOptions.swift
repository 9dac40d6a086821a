import ArgumentParser
import Foundation

/// The front door to talk to, shared by every subcommand.
struct ServerOptions: ParsableArguments {
    static let defaultServer = "http://127.0.0.1:8888"
    static let environmentVariable = "ASSESS_SERVER"

    @Option(help: ArgumentHelp("The front door's base URL (default: $ASSESS_SERVER, else \(Self.defaultServer)).", valueName: "url"))
    var server: String?

    @Option(help: ArgumentHelp("Seconds to wait for each status or results request.", valueName: "seconds"))
    var timeoutSeconds: Double = 30

    /// The base URL without a trailing slash.
    var baseURL: String {
        var text = server ?? ProcessInfo.processInfo.environment[Self.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
            ?? Self.defaultServer
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    var client: FrontDoorClient { FrontDoorClient(baseURL: baseURL, timeoutSeconds: timeoutSeconds) }

    func validate() throws {
        guard let url = URL(string: baseURL), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              url.host?.isEmpty == false
        else { throw ValidationError("The server must be an http(s) URL such as \(Self.defaultServer), not '\(baseURL)'.") }
        guard timeoutSeconds > 0 else { throw ValidationError("--timeout-seconds must be positive.") }
    }

    /// The reviewer's page for a session (the reference's redirect target).
    func dashboardURL(for session: String) -> String { "\(baseURL)/halaman_dasboard.html?session=\(session)" }
}

/// A session id as the API defines it: 32 lowercase hexadecimal characters. Checked before
/// it is put in a URL path.
enum SessionIDArgument {
    static func isSessionID(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    static func validate(_ text: String) throws {
        guard isSessionID(text) else { throw ValidationError("'\(text)' is not a session id (32 lowercase hexadecimal characters).") }
    }
}
