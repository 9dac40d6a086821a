import Foundation

/// The one JSON dialect of the spool and the API: pretty-printed, sorted keys, unescaped
/// slashes, ISO 8601 dates with fractional seconds. Types spell their snake_case keys in
/// `CodingKeys`; no key strategy is used, so what a type says is what is on disk.
public enum JSONCoding {
    public static func encoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.string(from: date))
        }
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = Timestamp.date(from: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad date \(text)"))
            }
            return date
        }
        return decoder
    }

    public static func encode<T: Encodable>(_ value: T, pretty: Bool = true) throws -> Data {
        try encoder(pretty: pretty).encode(value)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try decoder().decode(type, from: data)
    }

    public static func read<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        try decode(type, from: Data(contentsOf: url))
    }

    /// Writes `value` durably (see ``DurableFile``).
    public static func write<T: Encodable>(_ value: T, to url: URL) throws {
        try DurableFile.write(encode(value), to: url)
    }
}

/// UTC ISO 8601 timestamps with microseconds, like the reference's `processed_at`.
public enum Timestamp {
    public static func string(from date: Date) -> String {
        date.formatted(.iso8601.year().month().day().dateSeparator(.dash)
            .time(includingFractionalSeconds: true).timeSeparator(.colon).timeZone(separator: .omitted))
            .replacingOccurrences(of: "Z", with: "+00:00")
    }

    public static func date(from text: String) -> Date? {
        let normalized = text.replacingOccurrences(of: "+00:00", with: "Z")
        if let date = try? Date(normalized, strategy: .iso8601.year().month().day().dateSeparator(.dash)
            .time(includingFractionalSeconds: true).timeSeparator(.colon).timeZone(separator: .omitted)) {
            return date
        }
        return try? Date(normalized, strategy: .iso8601)
    }
}
