import NIOCore

/// Finds a delimiter (`CRLF--boundary`) in a stream of chunks without buffering what lies between.
///
/// Guarantees:
/// - Content is handed out as slices of the input chunk (zero-copy); only bytes held back across
///   a chunk edge are copied, and they are handed out as small buffers of their own.
/// - At most `delimiter.count - 1` bytes are held back, and only when they could begin a
///   delimiter that the next chunk completes.
/// - The delimiter is found wherever chunk edges fall, including inside it.
struct MultipartDelimiterScanner {
    /// What one call to ``next(_:)`` found.
    enum Step: Equatable {
        /// Bytes known not to belong to a delimiter; call again.
        case content(ByteBuffer)
        /// A delimiter was consumed; `precededBy` holds the content just before it (may be empty).
        /// The input's reader index is now just after the delimiter.
        case delimiter(precededBy: ByteBuffer)
        /// The input is used up; the scanner may hold back a few bytes until the next chunk.
        case needMoreInput
    }

    /// The exact byte sequence searched for.
    let delimiter: [UInt8]
    /// Bytes seen but not yet handed out: always a proper prefix of `delimiter` (or the seed).
    private var carry: ByteBuffer

    /// - Parameters:
    ///   - delimiter: the bytes to find; must not be empty.
    ///   - seed: bytes treated as if they preceded the first chunk (the parser seeds `CRLF` so
    ///     that a body starting with `--boundary` matches); must be shorter than `delimiter`.
    init(delimiter: [UInt8], seed: [UInt8] = []) {
        precondition(!delimiter.isEmpty && seed.count < delimiter.count, "seed must be shorter than the delimiter")
        self.delimiter = delimiter
        self.carry = ByteBuffer(bytes: seed)
    }

    /// The number of bytes currently held back (always less than `delimiter.count`).
    var heldBackByteCount: Int { carry.readableBytes }

    /// Consumes input up to the next delimiter, or as far as can be decided.
    mutating func next(_ input: inout ByteBuffer) -> Step {
        if carry.readableBytes > 0 {
            return nextAfterCarry(&input)
        }
        guard input.readableBytes > 0 else { return .needMoreInput }
        if let offset = MultipartByteSearch.firstIndex(of: delimiter, in: input) {
            let content = input.readSlice(length: offset)!
            input.moveReaderIndex(forwardBy: delimiter.count)
            return .delimiter(precededBy: content)
        }
        let holdBack = MultipartByteSearch.partialSuffixLength(of: delimiter, in: input)
        let content = input.readSlice(length: input.readableBytes - holdBack)!
        if holdBack > 0 {
            // Copied, so that a few held-back bytes do not keep the whole chunk's storage alive.
            carry = ByteBuffer(bytes: input.readBytes(length: holdBack)!)
        }
        return content.readableBytes > 0 ? .content(content) : .needMoreInput
    }

    /// Resolves the held-back bytes against the start of `input`.
    ///
    /// Any delimiter starting inside the carry ends within `delimiter.count - 1` bytes of input,
    /// so a small window of carry + input prefix decides it.
    private mutating func nextAfterCarry(_ input: inout ByteBuffer) -> Step {
        let take = min(input.readableBytes, delimiter.count - 1)
        guard take > 0 else { return .needMoreInput }
        let carried = carry.readableBytes
        var window = carry
        window.writeImmutableBuffer(input.getSlice(at: input.readerIndex, length: take)!)

        if let offset = MultipartByteSearch.firstIndex(of: delimiter, in: window) {
            input.moveReaderIndex(forwardBy: offset + delimiter.count - carried)
            carry = ByteBuffer()
            return .delimiter(precededBy: window.getSlice(at: window.readerIndex, length: offset)!)
        }
        if take < input.readableBytes {
            // No delimiter starts inside the carry: it is plain content. The input is then
            // scanned zero-copy from where it stands.
            let content = carry
            carry = ByteBuffer()
            return .content(content)
        }
        // The whole input fits in the window: keep only what may still begin a delimiter.
        input.moveReaderIndex(forwardBy: take)
        let holdBack = MultipartByteSearch.partialSuffixLength(of: delimiter, in: window)
        let content = window.readSlice(length: window.readableBytes - holdBack)!
        carry = ByteBuffer(bytes: window.readBytes(length: holdBack)!)
        return content.readableBytes > 0 ? .content(content) : .needMoreInput
    }
}
