import Foundation

/// How long a candidate's data is kept once the pipeline is finished with it. Candidates are
/// people: their face and voice (`videos/`, `audio/`) and, later, the whole session are deleted
/// as configured. Only sessions in `done/` or a stage's `failed/` are ever touched; a session
/// waiting in an inbox or held in `work/` is not.
public struct RetentionPolicy: Sendable, Equatable, CustomStringConvertible {
    /// `DELETE_MEDIA_AFTER_PROCESSING`: a done session's `videos/` and `audio/` go at once;
    /// `results.json`, transcripts and evidence snapshots stay.
    public var deleteMediaAfterProcessing = false
    /// `RETAIN_MEDIA_DAYS`: a done session's media go this many days after it finished (0 = kept).
    public var retainMediaDays: Double = 0
    /// `PURGE_SESSIONS_AFTER_DAYS`: whole done or failed sessions go this many days after they
    /// finished or failed (0 = kept).
    public var purgeSessionsAfterDays: Double = 0

    public init(deleteMediaAfterProcessing: Bool = false, retainMediaDays: Double = 0, purgeSessionsAfterDays: Double = 0) {
        self.deleteMediaAfterProcessing = deleteMediaAfterProcessing
        self.retainMediaDays = retainMediaDays
        self.purgeSessionsAfterDays = purgeSessionsAfterDays
    }

    /// True when any setting deletes something; with none, nothing is ever deleted by policy.
    public var isActive: Bool { deleteMediaAfterProcessing || retainMediaDays > 0 || purgeSessionsAfterDays > 0 }

    static let secondsPerDay: Double = 24 * 60 * 60

    /// Why a finished session's media are due now, as its audit line says it; nil when not due.
    func mediaReason(finishedSecondsAgo age: TimeInterval) -> String? {
        if deleteMediaAfterProcessing { return "DELETE_MEDIA_AFTER_PROCESSING" }
        if retainMediaDays > 0, age > retainMediaDays * Self.secondsPerDay { return "RETAIN_MEDIA_DAYS=\(Self.days(retainMediaDays))" }
        return nil
    }

    /// Why a finished or failed session is due for deletion now; nil when not due.
    func sessionReason(finishedSecondsAgo age: TimeInterval) -> String? {
        guard purgeSessionsAfterDays > 0, age > purgeSessionsAfterDays * Self.secondsPerDay else { return nil }
        return "PURGE_SESSIONS_AFTER_DAYS=\(Self.days(purgeSessionsAfterDays))"
    }

    /// The settings as the environment spells them.
    public var description: String {
        "DELETE_MEDIA_AFTER_PROCESSING=\(deleteMediaAfterProcessing ? 1 : 0), RETAIN_MEDIA_DAYS=\(Self.days(retainMediaDays)), PURGE_SESSIONS_AFTER_DAYS=\(Self.days(purgeSessionsAfterDays))"
    }

    private static func days(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

extension PipelineConfiguration {
    /// The retention settings of this configuration.
    public var retentionPolicy: RetentionPolicy {
        RetentionPolicy(deleteMediaAfterProcessing: deleteMediaAfterProcessing, retainMediaDays: retainMediaDays,
                        purgeSessionsAfterDays: purgeSessionsAfterDays)
    }
}
