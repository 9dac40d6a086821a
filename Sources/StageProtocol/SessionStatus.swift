import Foundation

/// The `/status/{session_id}` answer, built from the spool alone (ARCHITECTURE.md, "The front
/// door"): which directory holds the session, plus its `progress.json` or `error.json`.
public struct SessionStatus: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable { case processing, completed, error }

    /// The `result` summary of a completed session.
    public struct Summary: Codable, Sendable, Equatable {
        public var success: Bool
        public var successfulVideos: Int
        public var failedVideos: Int
        public var totalVideos: Int
        public var sessionID: SessionID

        enum CodingKeys: String, CodingKey {
            case success
            case successfulVideos = "successful_videos"
            case failedVideos = "failed_videos"
            case totalVideos = "total_videos"
            case sessionID = "session_id"
        }
    }

    public var status: State
    public var sessionID: SessionID
    public var stage: Stage?
    public var progress: String?
    public var message: String?
    public var currentVideo: Int?
    public var totalVideos: Int?
    public var redirect: String?
    public var result: Summary?
    public var error: String?
    /// While a service the stage needs is unusable: when the stage tries again, and why it waits
    /// (the plain deferral message, also in `message`). The status stays `processing`.
    public var retryAt: Date?
    public var deferredReason: String?
    /// The applicant-tracking system's id the session was created with, if any.
    public var externalID: String?

    enum CodingKeys: String, CodingKey {
        case status, stage, progress, message, redirect, result, error
        case sessionID = "session_id"
        case externalID = "external_id"
        case currentVideo = "current_video"
        case totalVideos = "total_videos"
        case retryAt = "retry_at"
        case deferredReason = "deferred_reason"
    }

    /// The dashboard page the reference redirects to when a session completes.
    public static func dashboardPath(for id: SessionID) -> String { "halaman_dasboard.html?session=\(id)" }
}

/// The counts a completed session's status needs, read from `results.json`.
struct ResultsCounts: Decodable {
    struct Metadata: Decodable {
        var totalVideos: Int
        var successfulVideos: Int
        var failedVideos: Int
        enum CodingKeys: String, CodingKey {
            case totalVideos = "total_videos"
            case successfulVideos = "successful_videos"
            case failedVideos = "failed_videos"
        }
    }
    var success: Bool
    var metadata: Metadata
}

extension Spool {
    /// The status of a session, or nil if no part of the spool holds it.
    public func status(of id: SessionID) -> SessionStatus? {
        guard let location = locate(id) else { return nil }
        let directory = location.directory
        let request = try? JSONCoding.read(SessionRequest.self, from: directory.appending(component: SessionFile.request))
        let total = request?.items.count ?? 0
        var status = SessionStatus(status: .processing, sessionID: id, stage: location.stage)
        status.externalID = request?.externalID
        switch location {
        case .done:
            status.status = .completed
            status.redirect = SessionStatus.dashboardPath(for: id)
            if let counts = try? JSONCoding.read(ResultsCounts.self, from: directory.appending(component: SessionFile.results)) {
                status.result = .init(success: counts.success, successfulVideos: counts.metadata.successfulVideos,
                                      failedVideos: counts.metadata.failedVideos, totalVideos: counts.metadata.totalVideos,
                                      sessionID: id)
            }
        case let .failed(stage, _):
            status.status = .error
            let record = try? JSONCoding.read(StageFailureRecord.self, from: directory.appending(component: SessionFile.error))
            status.error = record?.message ?? "The \(stage.rawValue) stage failed"
        case let .working(stage, _), let .queued(stage, _):
            let progress = try? JSONCoding.read(ProgressReport.self, from: directory.appending(component: SessionFile.progress))
            if case .working = location, let progress, progress.stage == stage {
                status.message = progress.message
                status.currentVideo = progress.current
                status.progress = "\(progress.current)/\(progress.total)"
            } else if case .queued = location, let deferral = Self.deferral(of: directory), deferral.holds(stage) {
                let clock = deferral.until.formatted(.iso8601.time(includingFractionalSeconds: false).timeSeparator(.colon))
                status.message = "\(deferral.message); retrying at \(clock) UTC"
                status.retryAt = deferral.until
                status.deferredReason = deferral.message
                status.currentVideo = 0
                status.progress = "0/\(total)"
            } else if StageChain.isDeployed(stage) {
                status.message = "Waiting for the \(stage.rawValue) stage: \(stage.referenceMessage)"
                status.currentVideo = 0
                status.progress = "0/\(total)"
            } else {
                status.message = "Queued for the \(stage.rawValue) stage, which is not deployed yet; the session waits there until it is."
                status.currentVideo = 0
                status.progress = "0/\(total)"
            }
            status.totalVideos = total
        }
        return status
    }
}
