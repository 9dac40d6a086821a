/// Why a multipart/form-data body was rejected.
///
/// Each case is the client's fault and maps to HTTP 400. ``description`` is a lowercase phrase
/// meant to follow "Malformed multipart body: " in the response's `detail`; it quotes at most
/// ``quotedTextLimit`` characters of the offending input.
enum MultipartError: Error, Equatable, CustomStringConvertible {
    /// No `--boundary` line anywhere in the body (wrong boundary, or not multipart at all).
    case boundaryNotFound
    /// A delimiter was followed by something other than `--`, optional blanks and CRLF.
    case invalidDelimiterLine
    /// A part's header block did not end within the limit.
    case headerBlockTooLarge(limit: Int)
    /// A header line is not `Name: value`, or its bytes are not text.
    case malformedHeader(line: String)
    /// A part has no Content-Disposition header.
    case missingContentDisposition
    /// The Content-Disposition is not `form-data; ...` or its parameters cannot be read.
    case invalidContentDisposition(value: String)
    /// The Content-Disposition has no `name` parameter.
    case missingFieldName
    /// The body ended before the closing `--boundary--`.
    case truncatedBody

    /// How much of a quoted header is repeated in a message.
    static let quotedTextLimit = 120

    var description: String {
        switch self {
        case .boundaryNotFound:
            "the boundary from the Content-Type header never occurs in the body"
        case .invalidDelimiterLine:
            "a boundary delimiter is followed by unexpected bytes"
        case .headerBlockTooLarge(let limit):
            "a part's headers exceed \(limit) bytes"
        case .malformedHeader(let line):
            "invalid part header line: \(Self.quoted(line))"
        case .missingContentDisposition:
            "a part has no Content-Disposition header"
        case .invalidContentDisposition(let value):
            "invalid Content-Disposition: \(Self.quoted(value))"
        case .missingFieldName:
            "a part's Content-Disposition has no name parameter"
        case .truncatedBody:
            "the body ended before the closing boundary"
        }
    }

    private static func quoted(_ text: String) -> String {
        text.count <= quotedTextLimit ? text : String(text.prefix(quotedTextLimit)) + "..."
    }
}
