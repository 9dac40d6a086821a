import NIOCore

@testable import Frontdoor

/// The parts a parser produced, reassembled from its events, with the event grammar checked.
struct MultipartParseResult: Equatable {
    struct Part: Equatable {
        var headers: MultipartPartHeaders
        var body: [UInt8]
    }

    var parts: [Part] = []
    var sawEnd = false

    /// Feeds `body` in chunks of `chunkSize` bytes (the last may be shorter) and finishes.
    ///
    /// Records a grammar violation as a thrown `GrammarViolation`, and checks after every chunk
    /// that the parser holds fewer than delimiter-length bytes while inside a body.
    static func parse(
        _ body: [UInt8], boundary: String, chunkSize: Int, maxHeaderBytes: Int = 16 * 1024
    ) throws -> MultipartParseResult {
        var parser = MultipartStreamParser(boundary: boundary, maxHeaderBytes: maxHeaderBytes)
        var result = MultipartParseResult()
        let delimiterLength = "\r\n--\(boundary)".utf8.count
        var start = 0
        while start < body.count {
            let end = min(start + chunkSize, body.count)
            let events = try parser.feed(ByteBuffer(bytes: body[start..<end]))
            for event in events { try result.apply(event) }
            if result.isInsideBody, parser.bufferedByteCount >= delimiterLength {
                throw GrammarViolation(message: "holds \(parser.bufferedByteCount) bytes inside a body")
            }
            start = end
        }
        try parser.finish()
        guard result.sawEnd else { throw GrammarViolation(message: "finish() passed without .end") }
        return result
    }

    struct GrammarViolation: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private var openPart: Part?
    private var isInsideBody: Bool { openPart != nil }

    private mutating func apply(_ event: MultipartStreamParser.Event) throws {
        guard !sawEnd else { throw GrammarViolation(message: "event after .end: \(event)") }
        switch event {
        case .partBegin(let headers):
            guard openPart == nil else { throw GrammarViolation(message: ".partBegin inside a part") }
            openPart = Part(headers: headers, body: [])
        case .body(let bytes):
            guard openPart != nil else { throw GrammarViolation(message: ".body outside a part") }
            guard bytes.readableBytes > 0 else { throw GrammarViolation(message: "empty .body") }
            openPart!.body += bytes.readableBytesView
        case .partEnd:
            guard let part = openPart else { throw GrammarViolation(message: ".partEnd outside a part") }
            parts.append(part)
            openPart = nil
        case .end:
            guard openPart == nil else { throw GrammarViolation(message: ".end inside a part") }
            sawEnd = true
        }
    }
}
