#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// One line of `audit/erasures.jsonl`: one deletion of a candidate's data, by the retention
/// policy or on an erasure request. It names the session by id only: never the candidate.
public struct ErasureRecord: Codable, Sendable, Equatable {
    public enum What: String, Codable, Sendable {
        /// The session's `videos/` and `audio/` (the candidate's face and voice).
        case media
        /// The whole session directory.
        case session
    }

    public var time: Date
    public var sessionID: SessionID
    public var what: What
    /// The policy setting (`RETAIN_MEDIA_DAYS=30`) or "erasure request".
    public var why: String
    public var bytesFreed: Int64
    /// Who asked: "pipeline purge", "pipeline run", "DELETE /sessions from 10.0.0.7", ...
    public var by: String
    public var host: String
    public var pid: Int32
    /// Where the session was: "done", "audio/failed", "frontdoor/tmp", ...
    public var place: String

    public init(time: Date, sessionID: SessionID, what: What, why: String, bytesFreed: Int64, by: String,
                host: String, pid: Int32, place: String) {
        self.time = time
        self.sessionID = sessionID
        self.what = what
        self.why = why
        self.bytesFreed = bytesFreed
        self.by = by
        self.host = host
        self.pid = pid
        self.place = place
    }

    enum CodingKeys: String, CodingKey {
        case time, what, why, by, host, pid, place
        case sessionID = "session_id"
        case bytesFreed = "bytes_freed"
    }
}

/// What one retention run deleted (or, for a dry run, would delete).
public struct RetentionReport: Codable, Sendable, Equatable {
    public var dryRun: Bool
    public var deletions: [ErasureRecord] = []
    /// Deletions that failed (the run goes on with the other sessions); each is also logged.
    public var errors: [String] = []

    public init(dryRun: Bool) { self.dryRun = dryRun }

    public var bytesFreed: Int64 { deletions.reduce(0) { $0 + $1.bytesFreed } }

    enum CodingKeys: String, CodingKey {
        case deletions, errors
        case dryRun = "dry_run"
        case bytesFreed = "bytes_freed"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        dryRun = try container.decode(Bool.self, forKey: .dryRun)
        deletions = try container.decode([ErasureRecord].self, forKey: .deletions)
        errors = try container.decode([String].self, forKey: .errors)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encode(deletions, forKey: .deletions)
        try container.encode(errors, forKey: .errors)
        try container.encode(bytesFreed, forKey: .bytesFreed)
    }
}

/// `media-deleted.json`: the session's videos and audio were deleted under the retention
/// policy, so the dashboard says so instead of offering a player (`/videos` answers 410).
public struct MediaDeletionRecord: Codable, Sendable, Equatable {
    public var deletedAt: Date
    public var reason: String

    public init(deletedAt: Date, reason: String) {
        self.deletedAt = deletedAt
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case reason
        case deletedAt = "deleted_at"
    }
}

extension SessionFile {
    public static let mediaDeleted = "media-deleted.json"
    /// The entries of a session that hold the candidate's face and voice.
    public static let media = [videos, "audio"]
}

/// The private name a deleter renames a directory to before deleting it:
/// `.purge.<subject>.<start>.<pid>.<random>.<host>`, in the same parent. `subject` is a session
/// id (a whole session, renamed beside its siblings) or `videos`/`audio` (media, renamed inside
/// their session). Only one of any number of competing deleters wins the rename; the name is
/// hidden, so listings ignore it; and it says whose deletion it is, so one found later is
/// finished only once its owner is gone (``isAbandoned(now:host:)``).
public struct DeletionName: Sendable, Equatable {
    public static let prefix = ".purge."
    /// A deletion still unfinished this long after it started belongs to a process that died on
    /// another host (one on this host is known dead at once): unlinking a session's few files
    /// takes seconds, even on a network filesystem.
    public static let abandonedAfterSeconds: TimeInterval = 15 * 60

    public var subject: String
    public var start: Date
    public var pid: Int32
    public var host: String
    public var nonce: UInt32

    public init(subject: String, start: Date, pid: Int32, host: String, nonce: UInt32 = .random(in: 0...UInt32.max)) {
        self.subject = subject
        self.start = start
        self.pid = pid
        self.host = host
        self.nonce = nonce
    }

    public init?(fileName: String) {
        guard fileName.hasPrefix(Self.prefix) else { return nil }
        let parts = fileName.dropFirst(Self.prefix.count).split(separator: ".", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, !parts[0].isEmpty, let seconds = Int64(parts[1]), let pid = Int32(parts[2]),
              let nonce = UInt32(parts[3]) else { return nil }
        self.init(subject: String(parts[0]), start: Date(timeIntervalSince1970: Double(seconds)), pid: pid,
                  host: String(parts[4]), nonce: nonce)
    }

    public var fileName: String {
        "\(Self.prefix)\(subject).\(Int64(start.timeIntervalSince1970.rounded(.down))).\(pid).\(nonce).\(host)"
    }

    /// The session this name holds whole, if it is a session's (not media inside one).
    public var sessionID: SessionID? { SessionID(rawValue: subject) }

    /// True when no live process owns this deletion: its process is gone from this host, or it
    /// started longer ago than ``abandonedAfterSeconds``.
    public func isAbandoned(now: Date, host localHost: String) -> Bool {
        if now.timeIntervalSince(start) > Self.abandonedAfterSeconds { return true }
        guard host == localHost else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}
