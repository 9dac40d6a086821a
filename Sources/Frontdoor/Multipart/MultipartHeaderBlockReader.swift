import NIOCore

/// Collects one part's header block, which ends at the first empty line.
///
/// Guarantees: copies at most `maxHeaderBytes` bytes of input; never consumes a byte past the
/// blank line that ends the block, so the body that follows in the same chunk stays in the
/// input to be sliced zero-copy.
struct MultipartHeaderBlockReader {
    /// The largest accepted header block, counting every header line with its CRLF and the blank line.
    let maxHeaderBytes: Int
    /// Starts with the CRLF that ended the delimiter line, so that "CRLF CRLF" also finds an
    /// empty header block.
    private var collected: ByteBuffer
    /// Where the next search for the end of the block starts (earlier bytes were searched).
    private var searchStart = 0

    private static let lineBreak: [UInt8] = Array("\r\n".utf8)
    private static let blockEnd: [UInt8] = Array("\r\n\r\n".utf8)

    init(maxHeaderBytes: Int) {
        precondition(maxHeaderBytes > 0, "maxHeaderBytes must be positive")
        self.maxHeaderBytes = maxHeaderBytes
        self.collected = ByteBuffer(bytes: Self.lineBreak)
    }

    /// The number of header bytes held so far.
    var collectedByteCount: Int { collected.readableBytes - Self.lineBreak.count }

    /// Consumes header bytes from `input`.
    ///
    /// - Returns: the header lines separated by CRLF, without the blank line (empty for a part
    ///   without headers), once the block is complete; the reader is then ready for the next
    ///   part and `input` stands at the first body byte. Nil when more input is needed.
    /// - Throws: ``MultipartError/headerBlockTooLarge(limit:)`` once `maxHeaderBytes` bytes
    ///   hold no blank line.
    mutating func read(_ input: inout ByteBuffer) throws(MultipartError) -> ByteBuffer? {
        guard input.readableBytes > 0 else { return nil }
        let alreadyCollected = collected.readableBytes
        let room = maxHeaderBytes + Self.lineBreak.count - alreadyCollected
        let take = min(room, input.readableBytes)
        collected.writeImmutableBuffer(input.getSlice(at: input.readerIndex, length: take)!)

        if let end = MultipartByteSearch.firstIndex(of: Self.blockEnd, in: collected, from: searchStart) {
            input.moveReaderIndex(forwardBy: end + Self.blockEnd.count - alreadyCollected)
            let lines =
                end == 0
                ? ByteBuffer()
                : collected.getSlice(at: collected.readerIndex + Self.lineBreak.count, length: end - Self.lineBreak.count)!
            self = MultipartHeaderBlockReader(maxHeaderBytes: maxHeaderBytes)
            return lines
        }
        input.moveReaderIndex(forwardBy: take)
        searchStart = max(0, collected.readableBytes - (Self.blockEnd.count - 1))
        if collected.readableBytes >= maxHeaderBytes + Self.lineBreak.count {
            throw .headerBlockTooLarge(limit: maxHeaderBytes)
        }
        return nil
    }
}
