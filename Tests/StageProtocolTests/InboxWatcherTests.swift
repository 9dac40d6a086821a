import Foundation
import StageProtocol
import TestSupport
import Testing

@Suite struct InboxWatcherTests {
    @Test func wakesOnRenameIntoTheInboxAndTimesOutOtherwise() async throws {
        let temp = try TemporarySpool("watch")
        defer { temp.remove() }
        let watcher = try InboxWatcher(directory: temp.layout.directory(.audio, .inbox))
        #expect(await watcher.wait(timeout: .milliseconds(100)) == .timeout)
        try temp.publishSession(to: .audio)
        #expect(await watcher.wait(timeout: .seconds(5)) == .event)
        #expect(await watcher.wait(timeout: .milliseconds(100)) == .timeout, "one wake-up drains the burst")
    }

    @Test func reportsQueueOverflow() throws {
        let temp = try TemporarySpool("overflow")
        defer { temp.remove() }
        let inbox = temp.layout.directory(.audio, .inbox)
        let watcher = try InboxWatcher(directory: inbox)
        let limit = Int((try? String(contentsOfFile: "/proc/sys/fs/inotify/max_queued_events", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "16384") ?? 16384
        // More IN_CLOSE_WRITE events than the kernel queues, before the watcher reads any.
        for index in 0..<(limit + 500) {
            let fd = open(inbox.appending(component: ".noise-\(index % 64)").path, O_WRONLY | O_CREAT, 0o644)
            close(fd)
        }
        #expect(watcher.waitBlocking(timeout: .seconds(5)) == .overflow)
        #expect(watcher.overflows == 1)
    }
}
