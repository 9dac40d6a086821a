import Foundation

/// A session id: exactly 32 lowercase hexadecimal characters (a UUID v4 without dashes, as the
/// API reference's examples). Anything else is not an id, so it can never name a path outside
/// the spool (`../../etc` is rejected before any filesystem call).
public struct SessionID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let rawValue: String

    public init?(rawValue: String) {
        guard rawValue.utf8.count == 32,
              rawValue.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        self.rawValue = rawValue
    }

    /// A new random id (122 random bits from the system's generator).
    public static func random() -> SessionID {
        SessionID(rawValue: UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())!
    }

    public var description: String { rawValue }

    public static func < (lhs: SessionID, rhs: SessionID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = SessionID(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a session id: \(text)"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
