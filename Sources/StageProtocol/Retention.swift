#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging

extension Spool {
    /// Applies `policy` once: deletes the done and failed sessions that are due, then the media
    /// of the done sessions that are due, and first finishes any deletion a dead process left
    /// half-done. Sessions in an inbox or in `work/` are never touched.
    ///
    /// Safe to run at the same time from any number of processes and hosts: each directory is
    /// first renamed to a private hidden name (``DeletionName``), which only one of them can do,
    /// so each thing is deleted, reported and audited once. A session's age is the time since
    /// it finished or failed: the latest `end` of its history, else its directory's mtime.
    ///
    /// Every deletion appends one ``ErasureRecord`` to `audit/erasures.jsonl` and is logged. A
    /// dry run deletes, writes and logs nothing: its report says what would go.
    public func applyRetention(policy: RetentionPolicy, now: Date = Date(), dryRun: Bool = false,
                               by actor: String = "retention", logger: Logger = Logger(label: "retention")) -> RetentionReport {
        let deleter = Deleter(spool: self, now: now, dryRun: dryRun, actor: actor, logger: logger)
        deleter.finishAbandoned()
        if policy.purgeSessionsAfterDays > 0 {
            for (place, parent) in [("done", layout.done)] + Stage.allCases.map({ ("\($0.rawValue)/failed", layout.directory($0, .failed)) }) {
                for (id, directory) in sessions(in: parent) {
                    guard let why = policy.sessionReason(finishedSecondsAgo: now.timeIntervalSince(finishedAt(directory))) else { continue }
                    deleter.delete(directory, of: id, what: .session, why: why, place: place)
                }
            }
        }
        if policy.deleteMediaAfterProcessing || policy.retainMediaDays > 0 {
            for (id, directory) in sessions(in: layout.done) {
                let age = now.timeIntervalSince(finishedAt(directory))
                // A session due for deletion is another run's whole (racing it for the media would count them twice).
                guard policy.sessionReason(finishedSecondsAgo: age) == nil,
                      let why = policy.mediaReason(finishedSecondsAgo: age) else { continue }
                deleter.deleteMedia(of: id, in: directory, why: why)
            }
        }
        return deleter.report
    }

    /// When the session reached `done/` or `failed/`: the latest end in its history, else the
    /// directory's mtime.
    func finishedAt(_ directory: URL) -> Date {
        if let end = Self.history(of: directory).map(\.end).max() { return end }
        let reference = Date()
        return reference.addingTimeInterval(-(DurableFile.age(of: directory, now: reference) ?? 0))
    }

    /// The media deletion a done session records, if its media were deleted.
    public func mediaDeletion(of id: SessionID) -> MediaDeletionRecord? {
        try? JSONCoding.read(MediaDeletionRecord.self, from: layout.doneSession(id).appending(component: SessionFile.mediaDeleted))
    }
}

/// The one way candidate data leaves the spool: rename aside, measure, remove, audit, log.
final class Deleter {
    let spool: Spool
    let now: Date
    let dryRun: Bool
    let actor: String
    let logger: Logger
    let auditsEachDeletion: Bool
    var report: RetentionReport

    init(spool: Spool, now: Date, dryRun: Bool, actor: String, logger: Logger, auditsEachDeletion: Bool = true) {
        self.spool = spool
        self.auditsEachDeletion = auditsEachDeletion
        self.now = now
        self.dryRun = dryRun
        self.actor = actor
        self.logger = logger
        report = RetentionReport(dryRun: dryRun)
    }

    /// Deletes a whole session directory; nothing happens if another process moved it first.
    @discardableResult
    func delete(_ directory: URL, of id: SessionID, what: ErasureRecord.What, why: String, place: String) -> Bool {
        attempt(id: id, what: what, why: why, place: place) {
            guard let aside = try takeAside(directory, subject: id.rawValue) else { return nil }
            return try removeTree(aside)
        }
    }

    /// Deletes a done session's `videos/` and `audio/`, after writing `media-deleted.json` so
    /// the dashboard says why they are gone from the moment they start to go.
    func deleteMedia(of id: SessionID, in directory: URL, why: String) {
        let present = SessionFile.media.filter { FileManager.default.fileExists(atPath: directory.appending(component: $0).path) }
        guard !present.isEmpty else { return }
        attempt(id: id, what: .media, why: why, place: "done") {
            try markMediaDeleted(directory, reason: why)
            var freed: Int64?
            for name in present {
                guard let aside = try takeAside(directory.appending(component: name), subject: name) else { continue }
                freed = (freed ?? 0) + (try removeTree(aside))
            }
            return freed
        }
    }

    /// Finishes deletions whose process died between the rename and the end (found by their
    /// private names: beside sessions in every place erasure or retention takes them from, and
    /// inside done sessions for media).
    func finishAbandoned(only id: SessionID? = nil) {
        let layout = spool.layout
        var parents = [("frontdoor/tmp", layout.frontdoorTemporary), ("done", layout.done)]
        for stage in Stage.allCases {
            parents += [("\(stage.rawValue)/inbox", layout.directory(stage, .inbox)), ("\(stage.rawValue)/failed", layout.directory(stage, .failed))]
        }
        for (place, parent) in parents {
            for (name, url) in abandoned(in: parent) {
                guard let session = name.sessionID, id == nil || session == id else { continue }
                finish(url, of: session, what: .session, place: place)
            }
        }
        let done = id.map { [($0, layout.doneSession($0))] } ?? spool.sessions(in: layout.done)
        for (session, directory) in done {
            for (name, url) in abandoned(in: directory) where SessionFile.media.contains(name.subject) {
                try? markMediaDeleted(directory, reason: "interrupted deletion finished")
                finish(url, of: session, what: .media, place: "done")
            }
        }
    }

    /// Writes `media-deleted.json` unless the session already has one (or this is a dry run).
    private func markMediaDeleted(_ directory: URL, reason: String) throws {
        let marker = directory.appending(component: SessionFile.mediaDeleted)
        guard !dryRun, !FileManager.default.fileExists(atPath: marker.path) else { return }
        try JSONCoding.write(MediaDeletionRecord(deletedAt: now, reason: reason), to: marker)
    }

    private func abandoned(in directory: URL) -> [(DeletionName, URL)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.compactMap { entry in
            guard let name = DeletionName(fileName: entry), name.isAbandoned(now: now, host: spool.host) else { return nil }
            return (name, directory.appending(component: entry))
        }
    }

    /// Takes an abandoned private name over (renaming it to ours, so two finishers do not both
    /// delete it) and deletes it.
    private func finish(_ url: URL, of id: SessionID, what: ErasureRecord.What, place: String) {
        attempt(id: id, what: what, why: "interrupted deletion finished", place: place) {
            guard let aside = try takeAside(url, subject: DeletionName(fileName: url.lastPathComponent)?.subject ?? id.rawValue) else { return nil }
            return try removeTree(aside)
        }
    }

    /// Runs one deletion: `body` returns the bytes freed, or nil when there was nothing to
    /// delete (another process got there first). Success is audited and logged; an error is
    /// reported and logged, and the run goes on.
    @discardableResult
    private func attempt(id: SessionID, what: ErasureRecord.What, why: String, place: String,
                                  _ body: () throws -> Int64?) -> Bool {
        do {
            guard let freed = try body() else { return false }
            let record = ErasureRecord(time: now, sessionID: id, what: what, why: why, bytesFreed: freed, by: actor,
                                       host: spool.host, pid: spool.pid, place: place)
            report.deletions.append(record)
            if !dryRun && auditsEachDeletion { try spool.audit(record, logger: logger) }
            return true
        } catch {
            let message = "deleting the \(what.rawValue) of session \(id) (\(why)) failed: \(error)"
            report.errors.append(message)
            logger.error("\(message)")
            return false
        }
    }

    /// Renames `url` to a private name in its directory and returns it; nil when `url` is gone
    /// (another process won). A dry run renames nothing and returns `url` itself.
    private func takeAside(_ url: URL, subject: String) throws -> URL? {
        if dryRun { return FileManager.default.fileExists(atPath: url.path) ? url : nil }
        let parent = url.deletingLastPathComponent()
        let aside = parent.appending(component: DeletionName(subject: subject, start: now, pid: spool.pid, host: spool.host).fileName)
        guard rename(url.path, aside.path) == 0 else {
            if errno == ENOENT { return nil }
            throw SpoolError.system("rename", url.path, errno)
        }
        try DurableFile.syncDirectory(parent)
        return aside
    }

    /// Removes a tree (unless a dry run) and returns the bytes its files held.
    private func removeTree(_ url: URL) throws -> Int64 {
        let bytes = Self.size(of: url)
        if !dryRun {
            try FileManager.default.removeItem(at: url)
            try DurableFile.syncDirectory(url.deletingLastPathComponent())
        }
        return bytes
    }

    /// The sizes of the regular files under `url` (inclusive), symbolic links not followed.
    static func size(of url: URL) -> Int64 {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return 0 }
        if (info.st_mode & S_IFMT) == S_IFREG { return Int64(info.st_size) }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return 0 }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.reduce(0) { $0 + size(of: url.appending(component: $1)) }
    }
}

extension Spool {
    /// Appends `record` to `audit/erasures.jsonl` (one O_APPEND write, so concurrent writers do
    /// not interleave) and logs it. Neither names the candidate.
    func audit(_ record: ErasureRecord, logger: Logger) throws {
        let log = layout.erasureLog
        try FileManager.default.createDirectory(at: log.deletingLastPathComponent(), withIntermediateDirectories: true)
        try DurableFile.appendLine(String(decoding: JSONCoding.encode(record, pretty: false), as: UTF8.self), to: log)
        logger.notice("deleted candidate data", metadata: [
            "session_id": "\(record.sessionID)", "what": "\(record.what.rawValue)", "why": "\(record.why)",
            "bytes_freed": "\(record.bytesFreed)", "by": "\(record.by)", "place": "\(record.place)",
        ])
    }
}
