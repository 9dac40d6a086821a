import Dispatch
import Foundation
import NIOCore
import NIOFoundationCompat

/// A `multipart/form-data` body whose files are streamed from disk: text fields are held in
/// memory, each file is read in ``chunkBytes`` pieces only as the connection asks for more, so
/// uploading a 500 MB video costs one chunk of memory. The total length is known before the
/// first byte is sent (`Content-Length`, no chunked encoding).
struct MultipartBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    /// One form part, in the order it is sent.
    enum Part: Sendable {
        case field(name: String, value: String)
        case file(name: String, path: String)
    }

    /// 1 MiB: large enough that the per-read cost is invisible, small enough to stay flat.
    static let chunkBytes = 1 << 20

    /// What is sent: literal bytes, or a byte count of a file read when its turn comes.
    enum Segment: Sendable {
        case bytes(ByteBuffer)
        case file(path: String, bytes: Int64)
    }

    let boundary: String
    let segments: [Segment]
    /// Exact length of the body in bytes.
    let totalBytes: Int64
    /// Called with the running count of bytes handed to the connection.
    var onProgress: @Sendable (Int64) -> Void = { _ in }

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// Lays out `parts`; each file's size is taken now, and the upload fails if it changes.
    init(parts: [Part], boundary: String = "assess-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()) throws {
        self.boundary = boundary
        var segments: [Segment] = []
        for part in parts {
            switch part {
            case let .field(name, value):
                segments.append(.bytes(ByteBuffer(string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quoted(name))\"\r\n\r\n\(value)\r\n")))
            case let .file(name, path):
                let size = try Self.fileSize(path)
                let fileName = Self.quoted((path as NSString).lastPathComponent)
                segments.append(.bytes(ByteBuffer(string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(Self.quoted(name))\"; filename=\"\(fileName)\"\r\nContent-Type: \(Self.mediaType(of: path))\r\n\r\n")))
                segments.append(.file(path: path, bytes: size))
                segments.append(.bytes(ByteBuffer(string: "\r\n")))
            }
        }
        segments.append(.bytes(ByteBuffer(string: "--\(boundary)--\r\n")))
        self.segments = segments
        self.totalBytes = segments.reduce(0) { total, segment in
            switch segment {
            case let .bytes(buffer): total + Int64(buffer.readableBytes)
            case let .file(_, bytes): total + bytes
            }
        }
    }

    /// A header parameter value as browsers write it (WHATWG): quotes and line breaks escaped.
    static func quoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "%22").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func mediaType(of path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "mp4", "m4v": "video/mp4"
        case "webm": "video/webm"
        case "mov": "video/quicktime"
        case "avi": "video/x-msvideo"
        case "mkv": "video/x-matroska"
        default: "application/octet-stream"
        }
    }

    static func fileSize(_ path: String) throws -> Int64 {
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            return (attributes[.size] as? NSNumber)?.int64Value ?? 0
        } catch {
            throw AssessError.localFile("Cannot read \(path): \(error.localizedDescription)")
        }
    }

    func makeAsyncIterator() -> Iterator { Iterator(body: self) }

    struct Iterator: AsyncIteratorProtocol {
        let body: MultipartBody
        var index = 0
        var sent: Int64 = 0
        var file: OpenFile?

        init(body: MultipartBody) { self.body = body }

        mutating func next() async throws -> ByteBuffer? {
            while index < body.segments.count {
                switch body.segments[index] {
                case let .bytes(buffer):
                    index += 1
                    return deliver(buffer)
                case let .file(path, bytes):
                    if file == nil { file = try OpenFile(path: path, expectedBytes: bytes) }
                    if let chunk = try await file!.nextChunk(upTo: MultipartBody.chunkBytes) { return deliver(chunk) }
                    file = nil
                    index += 1
                }
            }
            return nil
        }

        private mutating func deliver(_ buffer: ByteBuffer) -> ByteBuffer {
            sent += Int64(buffer.readableBytes)
            body.onProgress(sent)
            return buffer
        }
    }
}

/// A file being uploaded: read off the cooperative pool (a blocking read(2) must not hold one of
/// its few threads), closed when the upload is done or abandoned.
final class OpenFile: @unchecked Sendable {
    /// Reads are serial per upload anyway; one queue keeps them off the Swift concurrency pool.
    private static let readQueue = DispatchQueue(label: "assess.file-read")

    let path: String
    private let handle: FileHandle
    private var remaining: Int64

    init(path: String, expectedBytes: Int64) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw AssessError.localFile("Cannot open \(path) for reading") }
        self.path = path
        self.handle = handle
        self.remaining = expectedBytes
    }

    deinit { try? handle.close() }

    /// The next piece of the file, or nil after exactly the size measured when the body was laid
    /// out; a file that shrank meanwhile fails the upload rather than sending a short body.
    func nextChunk(upTo limit: Int) async throws -> ByteBuffer? {
        guard remaining > 0 else { return nil }
        let count = Int(min(Int64(limit), remaining))
        let data: Data = try await withCheckedThrowingContinuation { continuation in
            Self.readQueue.async {
                continuation.resume(with: Result { try self.handle.read(upToCount: count) ?? Data() })
            }
        }
        guard !data.isEmpty else { throw AssessError.localFile("\(path) became shorter while it was being uploaded") }
        remaining -= Int64(data.count)
        return ByteBuffer(data: data)
    }
}
