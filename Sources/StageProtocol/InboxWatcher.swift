#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation

/// Wakes a worker when something arrives in an inbox, using raw inotify from Glibc
/// (`inotify_init1`, `inotify_add_watch`; no extra library needed).
///
/// inotify is only a latency hint (ARCHITECTURE.md, "Watch"): callers rescan the inbox after
/// every wake-up *and* on a timer, so events lost to `IN_Q_OVERFLOW`, or never sent because the
/// spool is on a network filesystem, only delay work, never lose it. The watch is added before
/// the first scan, so nothing published in between is missed.
///
/// Not thread-safe: one watcher per worker loop. ``wait(timeout:)`` blocks a dispatch thread,
/// never the cooperative pool.
public final class InboxWatcher: @unchecked Sendable {
    public enum Wake: Sendable, Equatable {
        /// Something was moved or written into the inbox.
        case event
        /// The kernel queue overflowed and events were dropped: rescan everything.
        case overflow
        case timeout
    }

    private let fd: Int32
    private let queue = DispatchQueue(label: "inbox-watcher")
    public private(set) var overflows = 0

    /// - Parameter directory: the inbox to watch; it must exist.
    public init(directory: URL) throws {
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { throw SpoolError.system("inotify_init1", directory.path, errno) }
        let mask = UInt32(IN_MOVED_TO | IN_CLOSE_WRITE | IN_ONLYDIR)
        guard inotify_add_watch(fd, directory.path, mask) >= 0 else {
            let code = errno
            close(fd)
            throw SpoolError.system("inotify_add_watch", directory.path, code)
        }
    }

    deinit { close(fd) }

    /// Waits until the inbox changes or `timeout` passes, whichever is first. Drains every
    /// pending event, so one wake-up covers a burst.
    public func wait(timeout: Duration) async -> Wake {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: self.waitBlocking(timeout: timeout)) }
        }
    }

    /// The blocking form of ``wait(timeout:)``.
    public func waitBlocking(timeout: Duration) -> Wake {
        var pollSet = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        let ready = poll(&pollSet, 1, milliseconds)
        guard ready > 0 else { return .timeout }
        return drain()
    }

    private func drain() -> Wake {
        var wake = Wake.timeout
        let capacity = 64 * 1024
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer, capacity)
            if count <= 0 { break }
            var offset = 0
            while offset < count {
                let event = buffer.load(fromByteOffset: offset, as: inotify_event.self)
                if event.mask & UInt32(IN_Q_OVERFLOW) != 0 {
                    wake = .overflow
                    overflows += 1
                } else if wake == .timeout {
                    wake = .event
                }
                offset += MemoryLayout<inotify_event>.size + Int(event.len)
            }
        }
        return wake
    }
}
