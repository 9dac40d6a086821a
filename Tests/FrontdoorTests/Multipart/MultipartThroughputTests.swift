import NIOCore
import Testing

@testable import Frontdoor

/// A 200 MB upload streamed in 64 KiB chunks, as Hummingbird delivers a request body.
///
/// The budget is for a DEBUG build: a per-byte Swift loop would take minutes here
/// (multipart-kit 4.7.1 needed 293 s for 300 MB), the memchr-based scan a second or two.
@Suite struct MultipartThroughputTests {
    static let contentBytes = 200_000_000
    static let chunkBytes = 64 * 1024
    static let budgetSeconds = 15.0

    @Test func twoHundredMegabytesParseWithinBudget() throws {
        let boundary = "----FrontdoorThroughput9f8e7d6c5b4a"
        var random = MultipartTestRandom(seed: 200)
        // An odd-sized random block, repeated, so chunk edges wander across it; with
        // near-delimiter fragments that force the careful path now and then.
        var block = random.bytes(count: 1_048_583)
        let delimiter = Array("\r\n--\(boundary)".utf8)
        for offset in stride(from: 1000, to: block.count - 100, by: 65_000) {
            let nearMiss = delimiter.dropLast() + [delimiter.last! ^ 0x01]
            block.replaceSubrange(offset..<(offset + nearMiss.count), with: nearMiss)
        }
        var doubledBlock = ByteBuffer(bytes: block)
        doubledBlock.writeBytes(block)
        let blockBytes = block.count

        let head = Array(
            ("--\(boundary)\r\nContent-Disposition: form-data; name=\"candidate_name\"\r\n\r\nJohn Doe\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"videos\"; filename=\"big.mp4\"\r\n"
                + "Content-Type: video/mp4\r\n\r\n").utf8)
        let tail = Array("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\nen\r\n--\(boundary)--\r\n".utf8)
        let total = head.count + Self.contentBytes + tail.count

        /// Bytes [start, start + length) of the virtual request body.
        func chunk(at start: Int, length: Int) -> ByteBuffer {
            var buffer = ByteBuffer()
            buffer.reserveCapacity(length)
            var position = start
            while position < start + length {
                let remaining = start + length - position
                if position < head.count {
                    let count = min(remaining, head.count - position)
                    buffer.writeBytes(head[position..<(position + count)])
                    position += count
                } else if position < head.count + Self.contentBytes {
                    let contentOffset = position - head.count
                    let count = min(remaining, Self.contentBytes - contentOffset, blockBytes)
                    buffer.writeImmutableBuffer(doubledBlock.getSlice(at: contentOffset % blockBytes, length: count)!)
                    position += count
                } else {
                    let tailOffset = position - head.count - Self.contentBytes
                    buffer.writeBytes(tail[tailOffset..<(tailOffset + remaining)])
                    position += remaining
                }
            }
            return buffer
        }

        var parser = MultipartStreamParser(boundary: boundary)
        let clock = ContinuousClock()
        var parseTime = Duration.zero
        var videoOffset = 0
        var currentField: String?
        var fieldNames: [String] = []
        var mismatches = 0
        var bodyEvents = 0
        let started = clock.now
        var start = 0
        while start < total {
            let length = min(Self.chunkBytes, total - start)
            let input = chunk(at: start, length: length)
            var events: [MultipartStreamParser.Event] = []
            parseTime += try clock.measure { events = try parser.feed(input) }
            for event in events {
                switch event {
                case .partBegin(let headers):
                    currentField = headers.name
                    fieldNames.append(headers.name)
                case .body(let bytes) where currentField == "videos":
                    bodyEvents += 1
                    let expected = doubledBlock.getSlice(at: videoOffset % blockBytes, length: bytes.readableBytes)!
                    if bytes != expected { mismatches += 1 }
                    videoOffset += bytes.readableBytes
                case .body, .partEnd, .end:
                    continue
                }
            }
            #expect(parser.bufferedByteCount < 16 * 1024)
            start += length
        }
        parseTime += try clock.measure { try parser.finish() }
        let wall = clock.now - started

        let parseSeconds = Double(parseTime.components.seconds) + Double(parseTime.components.attoseconds) / 1e18
        let wallSeconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
        print(
            "multipart throughput: \(Self.contentBytes) content bytes in \(total / Self.chunkBytes + 1) chunks; "
                + "parser \(parseSeconds) s (\(Int(Double(Self.contentBytes) / parseSeconds / 1e6)) MB/s), "
                + "whole loop with chunk building and byte-for-byte checks \(wallSeconds) s, \(bodyEvents) body events")
        #expect(fieldNames == ["candidate_name", "videos", "language"])
        #expect(videoOffset == Self.contentBytes)
        #expect(mismatches == 0)
        #expect(parseSeconds < Self.budgetSeconds)
    }

    /// The worst case for a memchr scan: every byte is a candidate delimiter start.
    @Test(arguments: ["\r", "\r\n-", "\r\n--boundar"])
    func candidateDenseBodiesStayFast(pattern: String) throws {
        let boundary = "boundary"
        var parser = MultipartStreamParser(boundary: boundary)
        _ = try parser.feed(ByteBuffer(string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"v\"\r\n\r\n"))
        let chunk = ByteBuffer(string: String(repeating: pattern, count: Self.chunkBytes / pattern.utf8.count))
        let chunks = 32_000_000 / chunk.readableBytes
        var received = 0
        let elapsed = try ContinuousClock().measure {
            for _ in 0..<chunks {
                for case .body(let bytes) in try parser.feed(chunk) { received += bytes.readableBytes }
            }
            for case .body(let bytes) in try parser.feed(ByteBuffer(string: "\r\n--\(boundary)--")) { received += bytes.readableBytes }
            try parser.finish()
        }
        print("multipart candidate-dense body \(pattern.debugDescription): \(received) bytes in \(elapsed)")
        #expect(received == chunks * chunk.readableBytes)
        #expect(elapsed < .seconds(Self.budgetSeconds))
    }
}
