/// A header value of the form `token; name=value; name="quoted value"`, as used by
/// Content-Disposition and Content-Type.
///
/// Guarantees: parameter names are lowercased (ASCII) and the first occurrence of a name wins;
/// quoted values lose their quotes, and `\"` and `\\` become `"` and `\` (any other backslash is
/// kept, because browsers send Windows paths unescaped); unquoted values are trimmed of blanks;
/// segments without `=` and empty segments are skipped. Non-ASCII text passes through unchanged.
struct MultipartHeaderParameters: Equatable {
    /// The value before the first `;`, trimmed and lowercased (`form-data`, `multipart/form-data`).
    var value: String
    /// Parameters by lowercased name.
    var parameters: [String: String]

    /// Parses `text`; nil if a quoted string is unterminated or followed by anything but `;`.
    init?(parsing text: String) {
        var reader = Reader(bytes: Array(text.utf8))
        value = reader.readUntilSemicolon().lowercased()
        parameters = [:]
        while reader.skip(Reader.semicolon) {
            reader.skipBlanks()
            let name = reader.readName()
            guard reader.skip(Reader.equals) else { continue }
            reader.skipBlanks()
            let parameterValue: String
            if reader.peek == Reader.quote {
                guard let quoted = reader.readQuoted() else { return nil }
                reader.skipBlanks()
                guard reader.atEnd || reader.peek == Reader.semicolon else { return nil }
                parameterValue = quoted
            } else {
                parameterValue = reader.readUntilSemicolon()
            }
            let key = name.lowercased()
            if !key.isEmpty, parameters[key] == nil { parameters[key] = parameterValue }
        }
    }

    /// A cursor over UTF-8 bytes; every delimiter it looks for is ASCII, so it never splits a
    /// multi-byte character.
    private struct Reader {
        static let semicolon = UInt8(ascii: ";")
        static let equals = UInt8(ascii: "=")
        static let quote = UInt8(ascii: "\"")
        static let backslash = UInt8(ascii: "\\")

        let bytes: [UInt8]
        var position = 0

        var atEnd: Bool { position >= bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[position] }

        mutating func skip(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            position += 1
            return true
        }

        mutating func skipBlanks() {
            while let byte = peek, byte == 0x20 || byte == 0x09 { position += 1 }
        }

        /// Reads up to `;` (not consumed) and trims blanks.
        mutating func readUntilSemicolon() -> String {
            let start = position
            while let byte = peek, byte != Self.semicolon { position += 1 }
            return Self.trimmed(bytes[start..<position])
        }

        /// Reads a parameter name up to `=` or `;` (neither consumed) and trims blanks.
        mutating func readName() -> String {
            let start = position
            while let byte = peek, byte != Self.semicolon, byte != Self.equals { position += 1 }
            return Self.trimmed(bytes[start..<position])
        }

        /// Reads a quoted string starting at the opening quote; nil if it never closes.
        mutating func readQuoted() -> String? {
            position += 1
            var unquoted: [UInt8] = []
            while let byte = peek {
                position += 1
                switch byte {
                case Self.quote:
                    return String(decoding: unquoted, as: UTF8.self)
                case Self.backslash where peek == Self.quote || peek == Self.backslash:
                    unquoted.append(bytes[position])
                    position += 1
                default:
                    unquoted.append(byte)
                }
            }
            return nil
        }

        private static func trimmed(_ slice: ArraySlice<UInt8>) -> String {
            var slice = slice
            while let first = slice.first, first == 0x20 || first == 0x09 { slice.removeFirst() }
            while let last = slice.last, last == 0x20 || last == 0x09 { slice.removeLast() }
            return String(decoding: slice, as: UTF8.self)
        }
    }
}
