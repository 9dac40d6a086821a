#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A session's arrival in `done/`: the stage attempts of the run that brought it there.
public struct DoneArrival: Sendable, Equatable {
    public var id: SessionID
    /// When the last stage passed the session on (the end of its `ok` attempt).
    public var completedAt: Date
    /// The history lines since the session's previous arrival in `done/` (all of them for a
    /// session done once), operators' `retried` lines left out: they are no stage's attempt.
    public var attempts: [HistoryEntry]
}

extension HistoryEntry {
    /// True for the line that sent a session to `done/`: the last deployed stage's `ok`.
    public var completesSession: Bool { outcome == .ok && StageChain.next(after: stage) == nil }

    /// The run that ended with the session's last arrival in `done/`: when it completed, and its
    /// lines since the arrival before (a re-run session keeps its earlier runs' lines). Nil when
    /// no line completes the session.
    public static func lastRun(of history: [HistoryEntry]) -> (completedAt: Date, attempts: [HistoryEntry])? {
        guard let last = history.lastIndex(where: \.completesSession) else { return nil }
        let first = history[..<last].lastIndex(where: \.completesSession).map { $0 + 1 } ?? 0
        return (history[last].end, history[first...last].filter { $0.outcome != .retried })
    }
}

/// Finds the sessions that arrived in `done/` since it was made, each once, so a reader in
/// another process (the front door) can count what the stage processes did: they have no port
/// of their own, but every attempt is a line of the session's `history.jsonl`.
///
/// Each ``scan(now:)`` lists `done/` and reads the history only of session directories changed
/// since shortly before the previous scan; it remembers only the sessions completed within
/// ``lateArrivalSeconds`` of that scan, so its memory is bounded by the completion rate, not by
/// the size of `done/`. Safe to call from any thread; calls are serialised.
public final class DoneSessionScanner: Sendable {
    /// How long before a scan a session may have completed and still arrive after it: the last
    /// stage appends its `ok` line, then syncs and renames the session into `done/`, which takes
    /// far less than this.
    public static let lateArrivalSeconds: TimeInterval = 300

    private struct State {
        /// When the previous scan ran (the scanner's creation before the first).
        var lastScan: Date
        /// Sessions already reported, by their completion time, while that time is recent enough
        /// that the same arrival could be seen again.
        var reported: [SessionID: Date] = [:]
    }

    public let spool: Spool
    /// Arrivals completed before this are never reported (they were done before we started).
    public let start: Date
    private let state: Mutex<State>

    public init(spool: Spool, start: Date = Date()) {
        self.spool = spool
        self.start = start
        self.state = Mutex(State(lastScan: start))
    }

    /// The arrivals not reported before, and how many sessions `done/` holds now.
    public func scan(now: Date = Date()) -> (arrivals: [DoneArrival], doneCount: Int) {
        state.withLock { state in
            let horizon = state.lastScan.addingTimeInterval(-Self.lateArrivalSeconds)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: spool.layout.done.path)) ?? []
            var doneCount = 0
            var arrivals: [DoneArrival] = []
            for name in names {
                guard let id = SessionID(rawValue: name) else { continue }
                doneCount += 1
                let directory = spool.layout.doneSession(id)
                // A rename into done/ changes the directory's ctime, so an older one holds nothing new.
                guard let changed = Self.lastChange(of: directory), changed >= horizon,
                      let run = HistoryEntry.lastRun(of: Spool.history(of: directory)),
                      run.completedAt >= max(horizon, start), state.reported[id] != run.completedAt
                else { continue }
                state.reported[id] = run.completedAt
                arrivals.append(DoneArrival(id: id, completedAt: run.completedAt, attempts: run.attempts))
            }
            state.lastScan = now
            let forgetBefore = now.addingTimeInterval(-Self.lateArrivalSeconds)
            state.reported = state.reported.filter { $0.value >= forgetBefore }
            return (arrivals.sorted { $0.completedAt < $1.completedAt }, doneCount)
        }
    }

    /// The later of the directory's status change and modification times.
    private static func lastChange(of url: URL) -> Date? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        let changed = max(Double(info.st_ctim.tv_sec) + Double(info.st_ctim.tv_nsec) / 1e9,
                          Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
        return Date(timeIntervalSince1970: changed)
    }
}
