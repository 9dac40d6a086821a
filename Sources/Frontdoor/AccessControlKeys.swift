import Foundation
import HTTPTypes
import StageProtocol

/// The API keys the front door accepts, from `API_KEYS` and `API_KEYS_FILE`. Empty means the
/// API is open. A key is only ever compared, never logged or echoed: this type has no
/// description that shows one.
struct APIKeySet: Sendable, CustomStringConvertible {
    private let keys: [[UInt8]]

    init(_ keys: [String]) {
        var unique: [[UInt8]] = []
        for key in keys where !key.isEmpty && !unique.contains(Array(key.utf8)) { unique.append(Array(key.utf8)) }
        self.keys = unique
    }

    /// `configuration.apiKeys` plus the lines of `configuration.apiKeysFile` (blank lines and
    /// `#` comments skipped). Throws when the file is named but unreadable, so a front door
    /// meant to be closed never starts open.
    init(configuration: PipelineConfiguration) throws {
        var keys = configuration.apiKeys
        if let path = configuration.apiKeysFile {
            let text: String
            do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
                throw AccessControlError.unreadableKeyFile(path)
            }
            keys += Self.parseKeyFile(text)
        }
        self.init(keys)
    }

    /// One key a line; surrounding spaces trimmed; blank lines and lines starting with `#` skipped.
    static func parseKeyFile(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    var isEmpty: Bool { keys.isEmpty }
    var count: Int { keys.count }
    var description: String { "\(keys.count) API key(s)" }

    /// The index of the configured key equal to `presented`, nil when none is. Every configured
    /// key is compared in full, each in time that depends only on the presented key's length,
    /// so the answer's timing tells nothing about how much of a key was right.
    func match(_ presented: String) -> Int? {
        let given = Array(presented.utf8)
        var matched: Int?
        for (index, key) in keys.enumerated() where Self.constantTimeEqual(key, given) { matched = index }
        return matched
    }

    /// Byte-wise equality without an early exit: a length mismatch is only folded into the
    /// result, and the loop runs over `given` whatever its content.
    static func constantTimeEqual(_ expected: [UInt8], _ given: [UInt8]) -> Bool {
        guard !expected.isEmpty else { return false }
        var difference: UInt8 = expected.count == given.count ? 0 : 1
        for index in given.indices { difference |= given[index] ^ expected[index % expected.count] }
        return difference == 0
    }

    /// The key a request presents: `X-API-Key`, else `Authorization: Bearer <key>`; nil when it presents none.
    static func presentedKey(in headers: HTTPFields) -> String? {
        if let key = headers[.apiKey]?.trimmingCharacters(in: .whitespaces), !key.isEmpty { return key }
        guard let authorization = headers[.authorization] else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let key = parts[1].trimmingCharacters(in: .whitespaces)
        return key.isEmpty ? nil : key
    }
}

extension HTTPField.Name {
    static let apiKey = HTTPField.Name("X-API-Key")!
}

/// Why the front door refuses to start with the access-control settings it was given.
enum AccessControlError: Error, CustomStringConvertible {
    case unreadableKeyFile(String)

    var description: String {
        switch self {
        case .unreadableKeyFile(let path): "API_KEYS_FILE \(path) cannot be read"
        }
    }
}
