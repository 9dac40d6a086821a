import NIOCore

extension MultipartPartHeaders {
    /// Reads a part's header block (header lines separated by CRLF, without the blank line).
    ///
    /// Header names are matched case-insensitively; the first Content-Disposition and the first
    /// Content-Type win and other headers are ignored. Folded lines (starting with a blank) are
    /// joined to the line before. Lines are read as UTF-8, or as ISO-8859-1 if they are not valid
    /// UTF-8, so that no client's file name is refused for its encoding.
    /// - Throws: ``MultipartError/malformedHeader(line:)``,
    ///   ``MultipartError/missingContentDisposition``,
    ///   ``MultipartError/invalidContentDisposition(value:)``, ``MultipartError/missingFieldName``.
    init(headerBlock: ByteBuffer) throws(MultipartError) {
        var disposition: String?
        var contentType: String?
        for line in try Self.logicalLines(Array(headerBlock.readableBytesView)) {
            let (name, value) = try Self.nameAndValue(line)
            switch name.lowercased() {
            case "content-disposition" where disposition == nil: disposition = value
            case "content-type" where contentType == nil: contentType = value
            default: continue
            }
        }
        guard let disposition else { throw .missingContentDisposition }
        guard let parsed = MultipartHeaderParameters(parsing: disposition), parsed.value == "form-data" else {
            throw .invalidContentDisposition(value: disposition)
        }
        guard let name = parsed.parameters["name"] else { throw .missingFieldName }
        let filename = parsed.parameters["filename*"].flatMap(MultipartExtendedValue.decode) ?? parsed.parameters["filename"]
        self.init(name: name, filename: filename, contentType: contentType)
    }

    /// Splits at CRLF and unfolds continuation lines.
    private static func logicalLines(_ block: [UInt8]) throws(MultipartError) -> [String] {
        var lines: [String] = []
        var start = 0
        var index = 0
        while index <= block.count {
            let atBreak = index == block.count || (block[index] == 0x0D && index + 1 < block.count && block[index + 1] == 0x0A)
            guard atBreak else {
                index += 1
                continue
            }
            let raw = block[start..<index]
            let text = decodedText(raw)
            if raw.contains(0x0D) || raw.contains(0x0A) { throw .malformedHeader(line: text) }
            if let first = raw.first, first == 0x20 || first == 0x09 {
                guard let previous = lines.popLast() else { throw .malformedHeader(line: text) }
                lines.append(previous + " " + text.trimmingBlanks())
            } else if !raw.isEmpty {
                lines.append(text)
            }
            index += 2
            start = index
        }
        return lines
    }

    /// `Name: value` with a token name; the value trimmed of blanks.
    private static func nameAndValue(_ line: String) throws(MultipartError) -> (String, String) {
        guard let colon = line.firstIndex(of: ":") else { throw .malformedHeader(line: line) }
        let name = line[..<colon]
        let isToken = !name.isEmpty && name.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }
        guard isToken else { throw .malformedHeader(line: line) }
        return (String(name), String(line[line.index(after: colon)...]).trimmingBlanks())
    }

    private static func decodedText(_ bytes: ArraySlice<UInt8>) -> String {
        String(validating: bytes, as: UTF8.self) ?? String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    fileprivate func trimmingBlanks() -> String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
