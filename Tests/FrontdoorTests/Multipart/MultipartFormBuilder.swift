/// Builds multipart/form-data bodies for tests, byte by byte as RFC 7578 and RFC 2046 lay them out.
struct MultipartFormBuilder {
    /// One part as the builder writes it.
    struct Part {
        var name: String
        var filename: String?
        var contentType: String?
        var body: [UInt8]
        /// Header lines written before Content-Disposition, e.g. `X-Note: 1`.
        var extraHeaderLines: [String] = []
        /// Replaces the whole generated header block (lines without CRLF) when set.
        var rawHeaderLines: [String]?
    }

    var boundary: String
    var preamble: [UInt8] = []
    var epilogue: [UInt8] = []
    /// Transport padding written after every delimiter (blanks only).
    var padding = ""
    var parts: [Part] = []

    init(boundary: String = "----FrontdoorTestBoundary7MA4YWxkTrZu0gW") {
        self.boundary = boundary
    }

    /// The request's Content-Type header.
    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// `CRLF--boundary`, the byte sequence a body must never contain.
    var delimiter: [UInt8] { Array("\r\n--\(boundary)".utf8) }

    mutating func addField(_ name: String, _ value: String) {
        parts.append(Part(name: name, body: Array(value.utf8)))
    }

    mutating func addFile(_ name: String, filename: String, contentType: String = "application/octet-stream", bytes: [UInt8]) {
        parts.append(Part(name: name, filename: filename, contentType: contentType, body: bytes))
    }

    /// The whole body. A non-empty preamble is followed by the CRLF that starts the first delimiter.
    func build() -> [UInt8] {
        var out = preamble
        if !preamble.isEmpty { out += Array("\r\n".utf8) }
        for part in parts {
            out += Array("--\(boundary)\(padding)\r\n".utf8)
            for line in headerLines(part) { out += Array("\(line)\r\n".utf8) }
            out += Array("\r\n".utf8)
            out += part.body
            out += Array("\r\n".utf8)
        }
        out += Array("--\(boundary)--\(padding)\r\n".utf8)
        out += epilogue
        return out
    }

    private func headerLines(_ part: Part) -> [String] {
        if let raw = part.rawHeaderLines { return raw }
        var disposition = "form-data; name=\"\(Self.quoted(part.name))\""
        if let filename = part.filename { disposition += "; filename=\"\(Self.quoted(filename))\"" }
        var lines = part.extraHeaderLines + ["Content-Disposition: \(disposition)"]
        if let contentType = part.contentType { lines.append("Content-Type: \(contentType)") }
        return lines
    }

    private static func quoted(_ text: String) -> String {
        text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
    }
}
