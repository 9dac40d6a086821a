#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NIOCore
import StageProtocol

/// Streams one uploaded file to disk: slices are coalesced into 1 MiB writes done off the
/// cooperative pool, so memory stays at about 1 MiB per upload whatever the file's size.
final class UploadFileWriter: @unchecked Sendable {
    let url: URL
    private let fd: Int32
    private var pending = ByteBuffer()
    private(set) var bytesWritten: Int64 = 0
    private static let flushThreshold = 1 << 20

    init(url: URL) throws {
        self.url = url
        fd = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SpoolError.system("open", url.path, errno) }
        pending.reserveCapacity(Self.flushThreshold + 64 * 1024)
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Total bytes received so far (written and pending).
    var size: Int64 { bytesWritten + Int64(pending.readableBytes) }

    func append(_ slice: ByteBuffer) async throws {
        var slice = slice
        pending.writeBuffer(&slice)
        if pending.readableBytes >= Self.flushThreshold { try await flush() }
    }

    /// Writes what is pending, fsyncs and closes the file.
    func finish() async throws {
        try await flush()
        let fd = self.fd
        let path = url.path
        try await runBlocking {
            guard fsync(fd) == 0 else { throw SpoolError.system("fsync", path, errno) }
        }
    }

    private func flush() async throws {
        guard pending.readableBytes > 0 else { return }
        let chunk = pending
        pending.clear()
        let fd = self.fd
        let path = url.path
        try await runBlocking {
            try chunk.withUnsafeReadableBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw SpoolError.system("write", path, errno)
                    }
                    offset += written
                }
            }
        }
        bytesWritten += Int64(chunk.readableBytes)
    }
}
