import NIOCore
import Testing

@testable import Frontdoor

/// Malformed bodies: each raises its own error, whatever the chunking.
@Suite struct MultipartErrorTests {
    static let disposition = "Content-Disposition: form-data; name=\"a\""

    @Test(arguments: [
        ("no delimiter at all", "just some bytes, no boundary", MultipartError.boundaryNotFound),
        ("empty body", "", .boundaryNotFound),
        ("wrong boundary", "--other\r\n\(disposition)\r\n\r\nv\r\n--other--", .boundaryNotFound),
        ("ends inside a body", "--b\r\n\(disposition)\r\n\r\nvalue without end", .truncatedBody),
        ("ends inside headers", "--b\r\n\(disposition)\r\n", .truncatedBody),
        ("ends after a delimiter", "--b\r\n\(disposition)\r\n\r\nv\r\n--b", .truncatedBody),
        ("ends after a single closing dash", "--b\r\n\(disposition)\r\n\r\nv\r\n--b-", .truncatedBody),
        ("ends inside the delimiter", "--b\r\n\(disposition)\r\n\r\nv\r\n-", .truncatedBody),
        ("text after the boundary", "--b\r\n\(disposition)\r\n\r\nv\r\n--bx\r\n", .invalidDelimiterLine),
        ("single dash then text", "--b-x", .invalidDelimiterLine),
        ("bare LF after the boundary", "--b\n\(disposition)\r\n\r\nv\r\n--b--", .invalidDelimiterLine),
        ("padding then text", "--b  x\r\n", .invalidDelimiterLine),
        ("no Content-Disposition", "--b\r\nContent-Type: text/plain\r\n\r\nv\r\n--b--", .missingContentDisposition),
        ("no headers at all", "--b\r\n\r\nv\r\n--b--", .missingContentDisposition),
        ("no name", "--b\r\nContent-Disposition: form-data; filename=\"x.mp4\"\r\n\r\nv\r\n--b--", .missingFieldName),
        (
            "not form-data", "--b\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--b--",
            .invalidContentDisposition(value: "attachment; name=\"a\"")
        ),
        (
            "unterminated quote", "--b\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--b--",
            .invalidContentDisposition(value: "form-data; name=\"a")
        ),
        (
            "text after a quoted value", "--b\r\nContent-Disposition: form-data; name=\"a\"x\r\n\r\nv\r\n--b--",
            .invalidContentDisposition(value: "form-data; name=\"a\"x")
        ),
        ("header without colon", "--b\r\nContent-Disposition form-data\r\n\r\nv\r\n--b--", .malformedHeader(line: "Content-Disposition form-data")),
        ("space in header name", "--b\r\nContent Disposition: x\r\n\r\nv\r\n--b--", .malformedHeader(line: "Content Disposition: x")),
        ("folded first line", "--b\r\n x: y\r\n\r\nv\r\n--b--", .malformedHeader(line: " x: y")),
        ("bare LF inside headers", "--b\r\n\(disposition)\nX: y\r\n\r\nv\r\n--b--", .malformedHeader(line: "\(disposition)\nX: y")),
    ])
    func malformedBodyRaises(label: String, body: String, error: MultipartError) {
        for chunkSize in [1, 2, 7, Int.max] {
            #expect(throws: error, "\(label), chunk size \(chunkSize)") {
                try MultipartParseResult.parse(Array(body.utf8), boundary: "b", chunkSize: chunkSize)
            }
        }
    }

    @Test(arguments: [1, 100, 65536])
    func endlessHeaderBlockIsRefusedAtTheLimit(chunkSize: Int) throws {
        var parser = MultipartStreamParser(boundary: "b", maxHeaderBytes: 1024)
        let headerLine = ByteBuffer(string: "X-Filler: " + String(repeating: "a", count: 90) + "\r\n")
        var chunk = ByteBuffer(string: "--b\r\n")
        var fed = 0
        let caught = #expect(throws: MultipartError.self) {
            while fed < 1_000_000 {
                while chunk.readableBytes < chunkSize { chunk.writeImmutableBuffer(headerLine) }
                _ = try parser.feed(chunk.readSlice(length: chunkSize)!)
                fed += chunkSize
                #expect(parser.bufferedByteCount <= 1024)
            }
        }
        #expect(caught == .headerBlockTooLarge(limit: 1024))
        #expect(fed < 1024 + 200 + chunkSize)
    }

    @Test func endlessTransportPaddingIsRefused() {
        var parser = MultipartStreamParser(boundary: "b")
        #expect(throws: MultipartError.invalidDelimiterLine) {
            _ = try parser.feed(ByteBuffer(string: "--b" + String(repeating: " ", count: 5000)))
        }
    }

    @Test func errorsAreStickyAndMessagesClear() {
        var parser = MultipartStreamParser(boundary: "b")
        #expect(throws: MultipartError.missingContentDisposition) {
            _ = try parser.feed(ByteBuffer(string: "--b\r\n\r\n"))
        }
        #expect(throws: MultipartError.missingContentDisposition) {
            _ = try parser.feed(ByteBuffer(string: "--b--"))
        }
        #expect(throws: MultipartError.missingContentDisposition) { try parser.finish() }
        #expect(MultipartError.missingContentDisposition.description == "a part has no Content-Disposition header")
        #expect(MultipartError.headerBlockTooLarge(limit: 16384).description.contains("16384 bytes"))
        let long = MultipartError.malformedHeader(line: String(repeating: "x", count: 500)).description
        #expect(long.count < 200 && long.hasSuffix("..."))
    }
}
