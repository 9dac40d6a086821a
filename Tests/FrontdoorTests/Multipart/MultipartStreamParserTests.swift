import NIOCore
import Testing

@testable import Frontdoor

/// The splitter's structure: parts, preamble, epilogue, padding, chunk edges anywhere.
@Suite struct MultipartStreamParserTests {
    static let chunkSizes = [1, 2, 3, 5, 7, 13, 31, 64, 100, 257, 1000, 4096, 65536, Int.max]

    /// What the parser should report for the parts a builder wrote.
    static func expected(_ form: MultipartFormBuilder) -> [MultipartParseResult.Part] {
        form.parts.map {
            .init(headers: MultipartPartHeaders(name: $0.name, filename: $0.filename, contentType: $0.contentType), body: $0.body)
        }
    }

    static func sampleForm() -> MultipartFormBuilder {
        var form = MultipartFormBuilder()
        form.addField("candidate_name", "John Doe")
        form.addFile("videos", filename: "video1.mp4", contentType: "video/mp4", bytes: Array("\u{0}\u{1}binary\r\n--not-it\r\n".utf8))
        form.addField("question", "Tell me about yourself")
        form.addField("language", "en")
        return form
    }

    @Test(arguments: chunkSizes)
    func splitsAFormInAnyChunkSize(chunkSize: Int) throws {
        let form = Self.sampleForm()
        let result = try MultipartParseResult.parse(form.build(), boundary: form.boundary, chunkSize: chunkSize)
        #expect(result.parts == Self.expected(form))
    }

    @Test func eventsForASmallForm() throws {
        var form = MultipartFormBuilder(boundary: "b")
        form.addField("a", "1")
        form.parts.append(.init(name: "e", body: []))
        var parser = MultipartStreamParser(boundary: "b")
        let events = try parser.feed(ByteBuffer(bytes: form.build()))
        try parser.finish()
        #expect(
            events == [
                .partBegin(MultipartPartHeaders(name: "a")), .body(ByteBuffer(string: "1")), .partEnd,
                .partBegin(MultipartPartHeaders(name: "e")), .partEnd, .end,
            ])
    }

    /// Every two-chunk split of a body, so that each delimiter, header block and closing line
    /// is cut at every one of its offsets.
    @Test func splitAtEveryOffset() throws {
        var form = MultipartFormBuilder(boundary: "XyZ")
        form.preamble = Array("preamble\r\n--XyQnot\r\n--Xy".utf8)
        form.addField("f", "v\r\n--Xy")
        form.addFile("videos", filename: "a.bin", bytes: Array("\r\n--XyQ\r\r\n-".utf8))
        form.addField("empty", "")
        form.epilogue = Array("epilogue --XyZ--".utf8)
        let body = form.build()
        for split in 0...body.count {
            var parser = MultipartStreamParser(boundary: form.boundary)
            var result = MultipartParseResult()
            var events = try parser.feed(ByteBuffer(bytes: body[..<split]))
            events += try parser.feed(ByteBuffer(bytes: body[split...]))
            try parser.finish()
            result.parts = Self.parts(from: events)
            #expect(result.parts == Self.expected(form), "split at \(split)")
            #expect(events.last == .end, "split at \(split)")
        }
    }

    @Test(arguments: chunkSizes)
    func preamblePaddingAndEpilogueAreIgnored(chunkSize: Int) throws {
        var form = MultipartFormBuilder(boundary: "simple")
        form.preamble = Array("This is the preamble. --simple is not a delimiter here.\r\n--simpl\r\n".utf8)
        form.padding = " \t "
        form.epilogue = Array("\r\n--simple\r\nContent-Disposition: form-data; name=\"ghost\"\r\n\r\nnope".utf8)
        form.addField("a", "alpha")
        form.addFile("f", filename: "x.txt", contentType: "text/plain", bytes: Array("text".utf8))
        let result = try MultipartParseResult.parse(form.build(), boundary: form.boundary, chunkSize: chunkSize)
        #expect(result.parts == Self.expected(form))
    }

    @Test func firstDelimiterMayOpenTheBodyOrFollowAPreambleLine() throws {
        let atStart = "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--b--"
        let afterPreamble = "junk\r\n--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--b--"
        let withoutLineStart = "junk--b\r\n\r\n--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--b--"
        for text in [atStart, afterPreamble, withoutLineStart] {
            let result = try MultipartParseResult.parse(Array(text.utf8), boundary: "b", chunkSize: .max)
            #expect(result.parts == [.init(headers: MultipartPartHeaders(name: "x"), body: Array("1".utf8))], "\(text)")
        }
    }

    @Test(arguments: chunkSizes)
    func formWithoutPartsEnds(chunkSize: Int) throws {
        let result = try MultipartParseResult.parse(Array("--b--\r\n".utf8), boundary: "b", chunkSize: chunkSize)
        #expect(result.parts.isEmpty)
        #expect(result.sawEnd)
    }

    @Test(arguments: chunkSizes)
    func emptyParts(chunkSize: Int) throws {
        var form = MultipartFormBuilder(boundary: "e")
        form.parts.append(.init(name: "one", body: []))
        form.parts.append(.init(name: "f", filename: "", body: []))
        form.parts.append(.init(name: "two", body: []))
        let result = try MultipartParseResult.parse(form.build(), boundary: "e", chunkSize: chunkSize)
        #expect(result.parts == Self.expected(form))
    }

    /// Bodies made of every proper prefix of the delimiter, each followed by a byte that breaks
    /// it, and bodies ending in such a prefix right before the real delimiter.
    @Test(arguments: chunkSizes)
    func nearBoundarySequencesStayInTheBody(chunkSize: Int) throws {
        var form = MultipartFormBuilder(boundary: "--==near==")
        let delimiter = form.delimiter
        var crafted: [UInt8] = Array("--==near==".utf8) + Array("\r\n\r\n--".utf8)
        for length in 1..<delimiter.count {
            crafted += delimiter[..<length]
            crafted.append(delimiter[length] == UInt8(ascii: "X") ? UInt8(ascii: "Y") : UInt8(ascii: "X"))
            crafted += [0x0D, 0x0D, 0x0A, 0x2D]
        }
        form.addFile("videos", filename: "near.bin", bytes: crafted)
        for length in 0..<delimiter.count {
            form.addFile("tail\(length)", filename: "t.bin", bytes: Array("x".utf8) + delimiter[..<length])
        }
        form.addFile("dashes", filename: "d.bin", bytes: Array(repeating: UInt8(ascii: "-"), count: 300))
        form.addFile("crlf", filename: "c.bin", bytes: Array(repeating: "\r\n".utf8, count: 200).flatMap { $0 })
        #expect(!Self.contains(crafted, delimiter))
        let result = try MultipartParseResult.parse(form.build(), boundary: form.boundary, chunkSize: chunkSize)
        #expect(result.parts == Self.expected(form))
    }

    /// Random forms of random binary files, reassembled byte for byte from every chunk size.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func randomBinaryFormsReassembleExactly(seed: UInt64) throws {
        var random = MultipartTestRandom(seed: seed)
        let boundary = "rnd" + String(random.next(), radix: 36)
        var form = MultipartFormBuilder(boundary: boundary)
        let delimiter = form.delimiter
        form.preamble = random.bytes(count: Int.random(in: 0...50, using: &random))
        form.epilogue = random.bytes(count: Int.random(in: 0...50, using: &random))
        for index in 0..<Int.random(in: 1...6, using: &random) {
            var bytes = random.bytes(count: Int.random(in: 0...40_000, using: &random))
            // Splice in near-delimiter sequences at random places.
            for _ in 0..<Int.random(in: 0...8, using: &random) where !bytes.isEmpty {
                let length = Int.random(in: 1..<delimiter.count, using: &random)
                bytes.insert(contentsOf: delimiter[..<length], at: Int.random(in: 0...bytes.count, using: &random))
            }
            if Bool.random(using: &random) {
                form.addFile("videos", filename: "video\(index).webm", contentType: "video/webm", bytes: bytes)
            } else {
                form.addField("field\(index)", String(decoding: bytes.prefix(200), as: UTF8.self))
            }
            if Self.contains(form.parts[index].body, delimiter) { form.parts[index].body = [] }
        }
        let body = form.build()
        for chunkSize in [1, 7, 64, 1000, 4096, 65536, Int.random(in: 2...9000, using: &random)] {
            let result = try MultipartParseResult.parse(body, boundary: boundary, chunkSize: chunkSize)
            #expect(result.parts == Self.expected(form), "seed \(seed), chunk size \(chunkSize)")
        }
    }

    /// Body events of a large chunk share the chunk's storage instead of copying it.
    @Test func bodySlicesAreZeroCopy() throws {
        var form = MultipartFormBuilder()
        form.addFile("videos", filename: "v.mp4", bytes: Array(repeating: 0xAB, count: 100_000))
        let chunk = ByteBuffer(bytes: form.build())
        var parser = MultipartStreamParser(boundary: form.boundary)
        let events = try parser.feed(chunk)
        let bodies = events.compactMap { if case .body(let bytes) = $0 { bytes } else { nil } }
        #expect(bodies.count == 1)
        let chunkStart = chunk.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        let chunkEnd = chunkStart + UInt(chunk.readableBytes)
        let bodyStart = bodies[0].withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        #expect(bodyStart > chunkStart && bodyStart < chunkEnd)
        #expect(bodies[0].readableBytes == 100_000)
    }

    /// Bytes after the closing delimiter, even in later chunks, produce no events.
    @Test func feedsAfterTheEndAreIgnored() throws {
        var parser = MultipartStreamParser(boundary: "b")
        #expect(try parser.feed(ByteBuffer(string: "--b--")) == [.end])
        #expect(try parser.feed(ByteBuffer(string: "\r\n--b\r\ngarbage")) == [])
        try parser.finish()
    }

    static func parts(from events: [MultipartStreamParser.Event]) -> [MultipartParseResult.Part] {
        var parts: [MultipartParseResult.Part] = []
        for event in events {
            switch event {
            case .partBegin(let headers): parts.append(.init(headers: headers, body: []))
            case .body(let bytes): parts[parts.count - 1].body += bytes.readableBytesView
            case .partEnd, .end: continue
            }
        }
        return parts
    }

    /// A naive search, independent of the code under test.
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }
}
