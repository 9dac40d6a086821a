extension MultipartStreamParser {
    /// The longest boundary RFC 2046 allows.
    static let maxBoundaryLength = 70

    /// The boundary parameter of a `multipart/form-data; boundary=...` content type.
    ///
    /// The media type and parameter name match case-insensitively and the value may be quoted.
    /// Nil if the type is not multipart/form-data, or the boundary is absent or breaks RFC 2046
    /// (1 to 70 characters from its `bchars` set, not ending in a space).
    static func boundary(fromContentType contentType: String) -> String? {
        guard let parsed = MultipartHeaderParameters(parsing: contentType),
            parsed.value == "multipart/form-data",
            let boundary = parsed.parameters["boundary"],
            (1...maxBoundaryLength).contains(boundary.utf8.count),
            boundary.utf8.allSatisfy(isBoundaryCharacter),
            boundary.utf8.last != UInt8(ascii: " ")
        else { return nil }
        return boundary
    }

    /// RFC 2046 `bchars`: digits, letters, and `'()+_,-./:=?` and space.
    private static func isBoundaryCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
            true
        default:
            "'()+_,-./:=? ".utf8.contains(byte)
        }
    }
}
