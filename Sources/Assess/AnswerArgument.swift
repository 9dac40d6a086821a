import ArgumentParser
import Foundation

/// One answer of `assess submit`: `FILE:QUESTION` (a video on disk) or `URL:QUESTION` (a Google
/// Drive link or an https URL that the server's download stage fetches).
struct AnswerArgument: Sendable, Equatable {
    enum Source: Sendable, Equatable {
        case file(String)
        case link(String)
    }

    var source: Source
    var question: String

    /// Splits at the first ':' that can end the location, so a question may itself hold ':'
    /// ("Describe X: why?"): for a link, the first ':' after the host that is not a port's; for
    /// a file, the first ':' before which an existing file is named (a name with ':' in it works
    /// when the file exists), else the first ':'.
    init(parsing argument: String) throws {
        let candidates = argument.indices.filter { index in
            argument[index] == ":" && !argument[argument.index(after: index)...].hasPrefix("//")
        }
        let link = Self.isLink(argument)
        let colon = candidates.first { index in
            let rest = argument[argument.index(after: index)...]
            if link { return !(rest.first?.isNumber ?? false) }   // "host:8443/…" is a port
            return FileManager.default.fileExists(atPath: String(argument[..<index]))
        } ?? (link ? nil : candidates.first)
        guard let colon else {
            throw ValidationError("'\(argument)' is not FILE:QUESTION or URL:QUESTION (no question after a ':').")
        }
        let location = String(argument[..<colon])
        let question = argument[argument.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        guard !location.isEmpty else { throw ValidationError("'\(argument)' names no file or URL before the ':'.") }
        guard !question.isEmpty else { throw ValidationError("'\(argument)' has an empty question.") }
        self.question = question
        self.source = link ? .link(location) : .file(location)
    }

    init(source: Source, question: String) {
        self.source = source
        self.question = question
    }

    /// A link is anything with an http(s) scheme; the server decides whether it can fetch it
    /// (a Drive file, or a host on its allow-list).
    static func isLink(_ location: String) -> Bool {
        let lowered = location.lowercased()
        return lowered.hasPrefix("https://") || lowered.hasPrefix("http://")
    }
}
