import NIOCore
import Testing

@testable import Frontdoor

/// Part headers: Content-Disposition parameters in all their spellings, and Content-Type.
@Suite struct MultipartPartHeadersTests {
    /// The headers of a form whose single part has `lines` as its header block.
    static func headers(_ lines: [String]) throws -> MultipartPartHeaders {
        var form = MultipartFormBuilder(boundary: "h")
        form.parts.append(.init(name: "", body: Array("v".utf8), rawHeaderLines: lines))
        let result = try MultipartParseResult.parse(form.build(), boundary: "h", chunkSize: 3)
        return result.parts[0].headers
    }

    @Test func headerNamesAreCaseInsensitive() throws {
        let parsed = try Self.headers(["CONTENT-disposition: form-data; name=\"a\"", "content-TYPE: video/mp4"])
        #expect(parsed == MultipartPartHeaders(name: "a", contentType: "video/mp4"))
    }

    @Test func dispositionTypeAndParameterNamesAreCaseInsensitive() throws {
        let parsed = try Self.headers(["Content-Disposition: Form-Data; NAME=\"a\"; FileName=\"b.mp4\""])
        #expect(parsed == MultipartPartHeaders(name: "a", filename: "b.mp4"))
    }

    @Test func quotedValuesWithEscapesAndSeparators() throws {
        let parsed = try Self.headers([#"Content-Disposition: form-data; name="say \"hi\"; now"; filename="a\\b \"c\".mp4""#])
        #expect(parsed == MultipartPartHeaders(name: #"say "hi"; now"#, filename: #"a\b "c".mp4"#))
    }

    @Test func unescapedBackslashesOfWindowsPathsAreKept() throws {
        let parsed = try Self.headers([#"Content-Disposition: form-data; name="v"; filename="C:\Users\x\video.mp4""#])
        #expect(parsed.filename == #"C:\Users\x\video.mp4"#)
    }

    @Test func unquotedValuesAndBlanks() throws {
        let parsed = try Self.headers(["Content-Disposition:form-data ;name = candidate_name ; filename=plain.txt  "])
        #expect(parsed == MultipartPartHeaders(name: "candidate_name", filename: "plain.txt"))
    }

    @Test func extendedFilenameIsPreferredAndDecoded() throws {
        let parsed = try Self.headers([
            "Content-Disposition: form-data; name=\"videos\"; filename=\"fallback.mp4\"; filename*=UTF-8''wawancara%20%E2%82%AC%C3%AF.mp4"
        ])
        #expect(parsed.filename == "wawancara €ï.mp4")
        let latin = try Self.headers(["Content-Disposition: form-data; name=v; filename*=iso-8859-1'en'caf%E9.mp4"])
        #expect(latin.filename == "café.mp4")
    }

    @Test func undecodableExtendedFilenameFallsBackToFilename() throws {
        for extended in ["UTF-8''bad%FF.mp4", "UTF-8''bad%4.mp4", "koi8-r''x.mp4", "no-quotes"] {
            let parsed = try Self.headers(["Content-Disposition: form-data; name=v; filename=\"ok.mp4\"; filename*=\(extended)"])
            #expect(parsed.filename == "ok.mp4", "\(extended)")
        }
    }

    @Test func utf8NamesAndFilenames() throws {
        let parsed = try Self.headers(["Content-Disposition: form-data; name=\"pertanyaan_ü\"; filename=\"wawancara 面接 🎥.webm\""])
        #expect(parsed == MultipartPartHeaders(name: "pertanyaan_ü", filename: "wawancara 面接 🎥.webm"))
    }

    @Test func latin1BytesAreReadAsIso88591() throws {
        var form = MultipartFormBuilder(boundary: "h")
        form.parts.append(.init(name: "", body: [], rawHeaderLines: []))
        var body = form.build()
        // Replace the empty header block with one whose file name is the Latin-1 byte 0xE9.
        let header: [UInt8] = Array("Content-Disposition: form-data; name=v; filename=\"caf".utf8) + [0xE9] + Array(".mp4\"\r\n".utf8)
        body.insert(contentsOf: header, at: "--h\r\n".utf8.count)
        let result = try MultipartParseResult.parse(body, boundary: "h", chunkSize: .max)
        #expect(result.parts[0].headers.filename == "café.mp4")
    }

    @Test func foldedLinesAreJoined() throws {
        let parsed = try Self.headers(["Content-Disposition: form-data;", "\tname=\"folded\";", "  filename=\"f.mp4\""])
        #expect(parsed == MultipartPartHeaders(name: "folded", filename: "f.mp4"))
    }

    @Test func otherHeadersAreIgnoredAndTheFirstOccurrenceWins() throws {
        let parsed = try Self.headers([
            "X-Trace: 1", "Content-Transfer-Encoding: binary",
            "Content-Disposition: form-data; name=\"first\"", "Content-Disposition: form-data; name=\"second\"",
            "Content-Type: text/plain; charset=utf-8", "Content-Type: video/mp4",
        ])
        #expect(parsed == MultipartPartHeaders(name: "first", contentType: "text/plain; charset=utf-8"))
    }

    @Test func emptyNameAndEmptyFilenameArePresentNotMissing() throws {
        let parsed = try Self.headers(["Content-Disposition: form-data; name=\"\"; filename=\"\""])
        #expect(parsed == MultipartPartHeaders(name: "", filename: ""))
    }

    @Test func headerBlockOfExactlyTheLimitIsAccepted() throws {
        let line = "Content-Disposition: form-data; name=\"a\""
        let limit = line.utf8.count + 4  // the line's CRLF and the blank line
        var form = MultipartFormBuilder(boundary: "h")
        form.parts.append(.init(name: "", body: [], rawHeaderLines: [line]))
        for chunkSize in [1, 5, .max] {
            let result = try MultipartParseResult.parse(form.build(), boundary: "h", chunkSize: chunkSize, maxHeaderBytes: limit)
            #expect(result.parts.map(\.headers.name) == ["a"])
            #expect(throws: MultipartError.headerBlockTooLarge(limit: limit - 1)) {
                try MultipartParseResult.parse(form.build(), boundary: "h", chunkSize: chunkSize, maxHeaderBytes: limit - 1)
            }
        }
    }
}
