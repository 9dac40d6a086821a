#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// The spool protocol (ARCHITECTURE.md, "The spool"): publish, claim, heartbeat, complete, fail,
/// give back, defer, recover. Every move of a session directory is one rename(2) within one
/// filesystem, so a session is always in exactly one place, whole.
///
/// `Spool` is a value holding only the layout; it is safe to use from any thread and from many
/// processes at once. Correctness never depends on inotify: only on rename's atomicity.
public struct Spool: Sendable {
    public let layout: SpoolLayout
    public let host: String
    public let pid: Int32

    public init(layout: SpoolLayout) {
        self.layout = layout
        self.host = ProcessInfo.processInfo.hostName
        self.pid = getpid()
    }

    // MARK: Publish

    /// Makes everything under `directory` durable, then renames it to `<stage>/inbox/<id>` (or
    /// `done/<id>` when `stage` is nil). The session appears there whole or not at all.
    public func publish(_ directory: URL, id: SessionID, to stage: Stage?) throws {
        let destination = stage.map { layout.session(id, in: $0, .inbox) } ?? layout.doneSession(id)
        try DurableFile.syncTree(directory)
        try move(directory, to: destination)
    }

    /// rename(2) without replacing: a directory already at `destination` is an error, never overwritten.
    func move(_ source: URL, to destination: URL) throws {
        if FileManager.default.fileExists(atPath: destination.path) {
            throw SpoolError.alreadyExists(destination.path)
        }
        guard rename(source.path, destination.path) == 0 else {
            throw SpoolError.system("rename", source.path, errno)
        }
        try DurableFile.syncDirectory(destination.deletingLastPathComponent())
        try DurableFile.syncDirectory(source.deletingLastPathComponent())
    }

    // MARK: Claim

    /// Session ids waiting in a stage's inbox, oldest first (by arrival, i.e. directory mtime).
    public func waiting(in stage: Stage) -> [SessionID] {
        sessions(in: layout.directory(stage, .inbox)).map(\.id)
    }

    /// The sessions in a stage's inbox that its workers may claim now, oldest first, and the
    /// earliest time one of the others (held back by a deferral of this stage) falls due.
    public func claimable(in stage: Stage, now: Date = Date()) -> (ids: [SessionID], nextDue: Date?) {
        var ids: [SessionID] = []
        var nextDue: Date?
        for (id, directory) in sessions(in: layout.directory(stage, .inbox)) {
            if let deferral = Self.deferral(of: directory), deferral.holds(stage, now: now) {
                nextDue = min(nextDue ?? deferral.until, deferral.until)
            } else {
                ids.append(id)
            }
        }
        return (ids, nextDue)
    }

    /// Claims `id` from the stage's inbox by renaming it into `work/`. Exactly one of any number
    /// of competing workers gets a claim; the others get nil (the rename found nothing). A
    /// deferral the session carried is over once it is claimed: `deferred.json` is removed.
    public func claim(_ id: SessionID, stage: Stage) throws -> Claim? {
        let inbox = layout.session(id, in: stage, .inbox)
        let work = layout.session(id, in: stage, .work)
        guard rename(inbox.path, work.path) == 0 else {
            if errno == ENOENT || errno == ENOTEMPTY || errno == EEXIST { return nil }
            throw SpoolError.system("rename", inbox.path, errno)
        }
        let lease = Lease(host: host, pid: pid, start: Date())
        try JSONCoding.write(lease, to: work.appending(component: SessionFile.lease))
        try removeDeferral(work)
        return Claim(id: id, stage: stage, directory: work, lease: lease)
    }

    /// Refreshes the lease's mtime: the claim is alive.
    public func heartbeat(_ claim: Claim) throws {
        try DurableFile.touch(claim.directory.appending(component: SessionFile.lease))
    }

    // MARK: Finish a claim

    /// The stage finished: record it and pass the session to the next deployed stage (or `done/`).
    public func complete(_ claim: Claim) throws {
        try appendHistory(claim, outcome: .ok)
        try removeLease(claim.directory)
        try publish(claim.directory, id: claim.id, to: StageChain.next(after: claim.stage))
    }

    /// The stage gives up for good: `error.json` says why, and the session moves to `failed/`.
    public func fail(_ claim: Claim, message: String, detail: String?) throws {
        try appendHistory(claim, outcome: .failed, detail: message)
        let record = StageFailureRecord(stage: claim.stage, message: message, detail: detail,
                                        attempts: attempts(in: claim.directory, stage: claim.stage))
        try JSONCoding.write(record, to: claim.directory.appending(component: SessionFile.error))
        try removeLease(claim.directory)
        try move(claim.directory, to: layout.session(claim.id, in: claim.stage, .failed))
    }

    /// Puts the session back in the inbox. `outcome` is `.returned` for a shutdown (not counted
    /// as an attempt) or `.error` for a failed attempt; after `maxAttempts` counted attempts the
    /// session goes to `failed/` instead.
    @discardableResult
    public func giveBack(_ claim: Claim, outcome: HistoryEntry.Outcome, detail: String? = nil, maxAttempts: Int) throws -> Stage.Destination {
        try appendHistory(claim, outcome: outcome, detail: detail)
        return try requeueOrFail(directory: claim.directory, id: claim.id, stage: claim.stage,
                                 maxAttempts: maxAttempts, lastError: detail)
    }

    /// A service the stage needs is unusable (``SessionDeferral``), which is not the session's
    /// fault: record why and until when in `deferred.json`, and put the session back in the inbox.
    /// Not an attempt. The stage's workers leave it alone until then (``claimable(in:now:)``); the
    /// delay comes from `policy`, growing with each deferral in a row.
    @discardableResult
    public func `defer`(_ claim: Claim, _ deferral: SessionDeferral, policy: DeferralPolicy, now: Date = Date()) throws -> DeferralRecord {
        let count = consecutiveDeferrals(in: claim.directory, stage: claim.stage) + 1
        let delay = policy.delaySeconds(consecutive: count, retryAfterSeconds: deferral.retryAfterSeconds)
        let record = DeferralRecord(stage: claim.stage, message: deferral.message, detail: deferral.detail,
                                    until: now.addingTimeInterval(delay), count: count)
        try JSONCoding.write(record, to: claim.directory.appending(component: SessionFile.deferral))
        try appendHistory(claim, outcome: .deferred, detail: deferral.detail.map { "\(deferral.message): \($0)" } ?? deferral.message)
        try removeLease(claim.directory)
        try move(claim.directory, to: layout.session(claim.id, in: claim.stage, .inbox))
        return record
    }

    /// The deferral a session carries (`deferred.json`), if any.
    public static func deferral(of directory: URL) -> DeferralRecord? {
        try? JSONCoding.read(DeferralRecord.self, from: directory.appending(component: SessionFile.deferral))
    }

    func removeDeferral(_ directory: URL) throws { try remove(SessionFile.deferral, in: directory) }

    // MARK: Recover

    /// Moves sessions whose worker stopped heartbeating for `leaseTimeout` seconds back to the
    /// inbox (or to `failed/` after `maxAttempts`). Any worker of the stage may run this at any
    /// time; concurrent recoverers are safe because each session is first renamed to a private
    /// name, which only one of them can do. Returns the recovered ids.
    @discardableResult
    public func recoverStale(stage: Stage, leaseTimeout: TimeInterval, maxAttempts: Int, now: Date = Date()) throws -> [SessionID] {
        var recovered: [SessionID] = []
        let inbox = layout.directory(stage, .inbox)
        // A recoverer that died mid-way leaves `.recover.<id>.*` in the inbox: finish its job.
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: inbox.path)) ?? [] where entry.hasPrefix(Self.recoveringPrefix) {
            let url = inbox.appending(component: entry)
            let parts = entry.split(separator: ".")
            guard parts.count >= 2, let id = SessionID(rawValue: String(parts[1])),
                  let age = DurableFile.age(of: url, now: now), age > leaseTimeout else { continue }
            if Self.finishedHandOff(url, stage: stage) {
                try? publish(url, id: id, to: StageChain.next(after: stage))
            } else {
                try? move(url, to: layout.session(id, in: stage, .inbox))
            }
        }
        for (id, work) in sessions(in: layout.directory(stage, .work)) {
            let leaseFile = work.appending(component: SessionFile.lease)
            guard let age = DurableFile.age(of: leaseFile, now: now) ?? DurableFile.age(of: work, now: now),
                  age > leaseTimeout else { continue }
            let privateName = inbox.appending(component: "\(Self.recoveringPrefix)\(id).\(pid).\(UInt32.random(in: 0...UInt32.max))")
            guard rename(work.path, privateName.path) == 0 else { continue }   // another recoverer won
            if Self.finishedHandOff(privateName, stage: stage) {
                // The worker finished and recorded it, then died passing the session on: pass it
                // on for it, rather than doing the stage's work a second time.
                try removeLease(privateName)
                try publish(privateName, id: id, to: StageChain.next(after: stage))
                recovered.append(id)
                continue
            }
            let lease = try? JSONCoding.read(Lease.self, from: privateName.appending(component: SessionFile.lease))
            let entry = HistoryEntry(stage: stage, host: lease?.host ?? "unknown", pid: lease?.pid ?? 0,
                                     start: lease?.start ?? now, end: now, outcome: .lost,
                                     detail: "worker stopped heartbeating for \(Int(age)) s (killed or crashed); recovered by \(host) pid \(pid)")
            try DurableFile.appendLine(String(decoding: JSONCoding.encode(entry, pretty: false), as: UTF8.self),
                                       to: privateName.appending(component: SessionFile.history))
            try requeueOrFail(directory: privateName, id: id, stage: stage, maxAttempts: maxAttempts,
                              lastError: "worker lost (killed or crashed) during the \(stage.rawValue) stage")
            recovered.append(id)
        }
        return recovered
    }

    static let recoveringPrefix = ".recover."

    /// Whether the last attempt recorded in `directory` is this stage's `ok`: the stage's work
    /// is done and only the move to the next stage was cut short (``complete(_:)`` records
    /// before it moves).
    static func finishedHandOff(_ directory: URL, stage: Stage) -> Bool {
        guard let last = history(of: directory).last else { return false }
        return last.stage == stage && last.outcome == .ok
    }

    @discardableResult
    private func requeueOrFail(directory: URL, id: SessionID, stage: Stage, maxAttempts: Int, lastError: String?) throws -> Stage.Destination {
        try removeLease(directory)
        let attempts = attempts(in: directory, stage: stage)
        if attempts >= maxAttempts {
            let record = StageFailureRecord(
                stage: stage,
                message: "The \(stage.rawValue) stage gave up after \(attempts) attempts: \(lastError ?? "unknown error")",
                detail: lastError, attempts: attempts)
            try JSONCoding.write(record, to: directory.appending(component: SessionFile.error))
            try move(directory, to: layout.session(id, in: stage, .failed))
            return .failed
        }
        try move(directory, to: layout.session(id, in: stage, .inbox))
        return .inbox
    }

    // MARK: History

    /// Counted attempts of `stage` since the last operator retry: lost workers and errors (never
    /// deferrals, which are the service's fault, nor shutdowns).
    public func attempts(in directory: URL, stage: Stage) -> Int {
        var count = 0
        for entry in Self.history(of: directory) where entry.stage == stage {
            switch entry.outcome {
            case .lost, .error, .failed: count += 1
            case .retried: count = 0
            case .ok, .returned, .deferred: break
            }
        }
        return count
    }

    /// Deferrals of `stage` in a row at the end of the history; a shutdown's give-back does not
    /// interrupt the run, anything else ends it.
    func consecutiveDeferrals(in directory: URL, stage: Stage) -> Int {
        var count = 0
        for entry in Self.history(of: directory) where entry.stage == stage {
            switch entry.outcome {
            case .deferred: count += 1
            case .returned: break
            case .ok, .failed, .error, .lost, .retried: count = 0
            }
        }
        return count
    }

    public static func history(of directory: URL) -> [HistoryEntry] {
        guard let text = try? String(contentsOf: directory.appending(component: SessionFile.history), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONCoding.decode(HistoryEntry.self, from: Data($0.utf8)) }
    }

    func appendHistory(_ claim: Claim, outcome: HistoryEntry.Outcome, detail: String? = nil) throws {
        let entry = HistoryEntry(stage: claim.stage, host: host, pid: pid, start: claim.lease.start, end: Date(),
                                 outcome: outcome, detail: detail)
        try appendHistory(entry, to: claim.directory)
    }

    public func appendHistory(_ entry: HistoryEntry, to directory: URL) throws {
        try DurableFile.appendLine(String(decoding: JSONCoding.encode(entry, pretty: false), as: UTF8.self),
                                   to: directory.appending(component: SessionFile.history))
    }

    private func removeLease(_ directory: URL) throws { try remove(SessionFile.lease, in: directory) }

    /// unlink(2) of one file of a session; one already gone is fine.
    private func remove(_ name: String, in directory: URL) throws {
        let file = directory.appending(component: name)
        if unlink(file.path) != 0 && errno != ENOENT { throw SpoolError.system("unlink", file.path, errno) }
    }

    // MARK: Listing

    /// The session directories in `directory` (hidden and non-id names ignored), oldest first.
    public func sessions(in directory: URL) -> [(id: SessionID, url: URL)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let found = names.compactMap { name -> (SessionID, URL, TimeInterval)? in
            guard let id = SessionID(rawValue: name) else { return nil }
            let url = directory.appending(component: name, directoryHint: .isDirectory)
            return (id, url, DurableFile.age(of: url) ?? 0)
        }
        return found.sorted { $0.2 > $1.2 || ($0.2 == $1.2 && $0.0 < $1.0) }.map { ($0.0, $0.1) }
    }
}

extension Stage {
    /// Where a session went when a claim was given back.
    public enum Destination: Sendable { case inbox, failed }
}

/// A session claimed by this process: it sits in `<stage>/work/<id>/` with our `.lease`.
public struct Claim: Sendable {
    public let id: SessionID
    public let stage: Stage
    public let directory: URL
    public let lease: Lease
}
