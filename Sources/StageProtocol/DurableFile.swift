#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Crash-safe file operations: data is on disk before a name points at it.
///
/// The order follows fsync(2) and rename(2): write a temporary file in the same directory,
/// fsync it, rename it over the final name, then fsync the directory so the new entry itself
/// survives a crash. A reader sees the old file or the new one, never a torn one.
public enum DurableFile {
    /// Atomically replaces `url` with `data`, durably.
    public static func write(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        let temporary = temporaryURL(beside: url)
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SpoolError.system("open", temporary.path, errno) }
        do {
            try data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw SpoolError.system("write", temporary.path, errno)
                    }
                    offset += written
                }
            }
            guard fsync(fd) == 0 else { throw SpoolError.system("fsync", temporary.path, errno) }
            close(fd)
        } catch {
            close(fd)
            unlink(temporary.path)
            throw error
        }
        guard rename(temporary.path, url.path) == 0 else {
            let code = errno
            unlink(temporary.path)
            throw SpoolError.system("rename", url.path, code)
        }
        try syncDirectory(directory)
    }

    /// Makes a file written elsewhere durable under its final name: fsync it, rename it to
    /// `url` (replacing), fsync the directory. `temporary` must be in the same directory.
    public static func commit(_ temporary: URL, to url: URL) throws {
        let fd = open(temporary.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SpoolError.system("open", temporary.path, errno) }
        let synced = fsync(fd) == 0
        let code = errno
        close(fd)
        guard synced else { throw SpoolError.system("fsync", temporary.path, code) }
        guard rename(temporary.path, url.path) == 0 else { throw SpoolError.system("rename", url.path, errno) }
        try syncDirectory(url.deletingLastPathComponent())
    }

    /// A temporary name beside `url`, for writers that hand the file to ``commit(_:to:)``.
    public static func temporaryURL(beside url: URL) -> URL {
        url.deletingLastPathComponent().appending(component: ".tmp.\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max))")
    }

    /// Appends one line to `url` with a single O_APPEND write (atomic for lines under PIPE_BUF
    /// on local filesystems) and fsyncs it.
    public static func appendLine(_ line: String, to url: URL) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SpoolError.system("open", url.path, errno) }
        defer { close(fd) }
        let bytes = Array((line + "\n").utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress!, $0.count) }
        guard written == bytes.count else { throw SpoolError.system("write", url.path, errno) }
        guard fsync(fd) == 0 else { throw SpoolError.system("fsync", url.path, errno) }
    }

    /// fsyncs a directory so that entries created or renamed in it are durable.
    public static func syncDirectory(_ url: URL) throws {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw SpoolError.system("open", url.path, errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw SpoolError.system("fsync", url.path, errno) }
    }

    /// fsyncs every file and directory under `url` (inclusive).
    public static func syncTree(_ url: URL) throws {
        let fm = FileManager.default
        if let enumerator = fm.enumerator(at: url, includingPropertiesForKeys: [.isDirectoryKey]) {
            for case let item as URL in enumerator {
                let isDirectory = (try? item.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
                let fd = open(item.path, (isDirectory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC)
                guard fd >= 0 else { throw SpoolError.system("open", item.path, errno) }
                defer { close(fd) }
                guard fsync(fd) == 0 else { throw SpoolError.system("fsync", item.path, errno) }
            }
        }
        try syncDirectory(url)
    }

    /// Sets a file's modification time to now (the lease heartbeat).
    public static func touch(_ url: URL) throws {
        guard utimensat(AT_FDCWD, url.path, nil, 0) == 0 else { throw SpoolError.system("utimensat", url.path, errno) }
    }

    /// Seconds since the file's last modification, or nil if it does not exist.
    public static func age(of url: URL, now: Date = Date()) -> TimeInterval? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        return now.timeIntervalSince1970 - modified
    }
}
