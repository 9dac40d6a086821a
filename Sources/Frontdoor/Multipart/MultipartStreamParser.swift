import NIOCore

/// Incremental RFC 7578 multipart/form-data splitter: feed body chunks as they arrive.
///
/// Guarantees:
/// - Memory is O(chunk): a part's body is never buffered; the parser holds at most
///   `delimiter.count - 1` carry bytes (delimiter = CRLF `--` boundary) and one header block of
///   at most `maxHeaderBytes` bytes (``bufferedByteCount``).
/// - Body events are zero-copy slices of the fed chunk. Only bytes near a chunk edge that might
///   have begun a delimiter (fewer than `delimiter.count` on each side of the edge) come as small
///   copied buffers. No `.body` event is empty.
/// - Transport padding (spaces, tabs) after a delimiter is skipped, up to
///   ``maxTransportPaddingBytes``.
/// - The events do not depend on where chunk edges fall, except in how body bytes are sliced:
///   concatenating a part's `.body` payloads always gives exactly the part's content.
/// - For each part: `.partBegin`, zero or more `.body`, `.partEnd`; then `.end` once, after the
///   closing `--boundary--`. The preamble before the first delimiter and the epilogue after the
///   closing one are ignored; the first delimiter may open the body without a CRLF before it.
/// - After an error, every later call throws the same error.
struct MultipartStreamParser {
    /// What the body contained, in order.
    enum Event: Equatable, Sendable {
        case partBegin(MultipartPartHeaders)
        case body(ByteBuffer)
        case partEnd
        case end
    }

    /// Where the parser stands in the body.
    private enum State {
        /// Discarding bytes until the first delimiter.
        case preamble
        /// Right after a delimiter: `--` closes, otherwise blanks then CRLF.
        case delimiterLine(DelimiterLineProgress)
        case headers
        case body
        /// After the closing delimiter: everything is ignored.
        case epilogue
        case failed(MultipartError)
    }

    private enum DelimiterLineProgress {
        case start
        case firstDash
        case padding(count: Int)
        case carriageReturn
    }

    /// Transport padding longer than a whole RFC 5322 line (998 octets) is not padding.
    static let maxTransportPaddingBytes = 998

    private var state = State.preamble
    private var scanner: MultipartDelimiterScanner
    private var headerReader: MultipartHeaderBlockReader

    /// - Parameters:
    ///   - boundary: the boundary parameter of the request's Content-Type, as returned by
    ///     ``boundary(fromContentType:)``.
    ///   - maxHeaderBytes: the largest accepted header block of one part, blank line included.
    init(boundary: String, maxHeaderBytes: Int = 16 * 1024) {
        let crlf = Array("\r\n".utf8)
        // The CRLF seed lets a body that starts with `--boundary` match the first delimiter.
        scanner = MultipartDelimiterScanner(delimiter: crlf + Array("--\(boundary)".utf8), seed: crlf)
        headerReader = MultipartHeaderBlockReader(maxHeaderBytes: maxHeaderBytes)
    }

    /// Bytes held between calls: carry bytes plus any partial header block.
    var bufferedByteCount: Int { scanner.heldBackByteCount + headerReader.collectedByteCount }

    /// The events completed by this chunk.
    ///
    /// Bytes after the closing delimiter are ignored, in this chunk and later ones.
    mutating func feed(_ chunk: ByteBuffer) throws(MultipartError) -> [Event] {
        var input = chunk
        var events: [Event] = []
        do {
            try consume(&input, into: &events)
        } catch {
            state = .failed(error)
            throw error
        }
        return events
    }

    /// Call at the end of the stream.
    /// - Throws: ``MultipartError/boundaryNotFound`` if no delimiter was ever seen,
    ///   ``MultipartError/truncatedBody`` if the closing delimiter never came.
    mutating func finish() throws(MultipartError) {
        switch state {
        case .epilogue:
            return
        case .failed(let error):
            throw error
        case .preamble:
            state = .failed(.boundaryNotFound)
            throw .boundaryNotFound
        case .delimiterLine, .headers, .body:
            state = .failed(.truncatedBody)
            throw .truncatedBody
        }
    }

    private mutating func consume(_ input: inout ByteBuffer, into events: inout [Event]) throws(MultipartError) {
        while true {
            switch state {
            case .failed(let error):
                throw error
            case .epilogue:
                input.moveReaderIndex(to: input.writerIndex)
                return
            case .preamble, .body:
                let inBody = if case .body = state { true } else { false }
                switch scanner.next(&input) {
                case .needMoreInput:
                    return
                case .content(let bytes):
                    if inBody { events.append(.body(bytes)) }
                case .delimiter(let bytes):
                    if inBody {
                        if bytes.readableBytes > 0 { events.append(.body(bytes)) }
                        events.append(.partEnd)
                    }
                    state = .delimiterLine(.start)
                }
            case .delimiterLine(let progress):
                guard let byte = input.readInteger(as: UInt8.self) else { return }
                state = try Self.advance(progress, over: byte)
                if case .epilogue = state { events.append(.end) }
            case .headers:
                guard let block = try headerReader.read(&input) else { return }
                events.append(.partBegin(try MultipartPartHeaders(headerBlock: block)))
                state = .body
            }
        }
    }

    /// One byte of the rest of a delimiter line: `--` (close), or blanks then CRLF (a part follows).
    private static func advance(_ progress: DelimiterLineProgress, over byte: UInt8) throws(MultipartError) -> State {
        let dash = UInt8(ascii: "-")
        let isBlank = byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
        switch progress {
        case .start where byte == dash:
            return .delimiterLine(.firstDash)
        case .firstDash where byte == dash:
            return .epilogue
        case .start where isBlank:
            return .delimiterLine(.padding(count: 1))
        case .padding(let count) where isBlank && count < maxTransportPaddingBytes:
            return .delimiterLine(.padding(count: count + 1))
        case .start where byte == UInt8(ascii: "\r"), .padding where byte == UInt8(ascii: "\r"):
            return .delimiterLine(.carriageReturn)
        case .carriageReturn where byte == UInt8(ascii: "\n"):
            return .headers
        default:
            throw .invalidDelimiterLine
        }
    }
}
