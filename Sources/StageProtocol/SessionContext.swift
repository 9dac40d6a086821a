import Foundation
import Logging

/// An error that retrying cannot fix: the stage moves the session to `failed/` with this message.
/// A ``SessionDeferral`` waits for a service to come back, uncounted; anything else a worker
/// throws counts as a failed attempt and is retried up to the limit.
public struct SessionFailure: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var detail: String?

    public init(_ message: String, detail: String? = nil) {
        self.message = message
        self.detail = detail
    }

    public var description: String { message }
}

/// What a stage's work function gets: the session directory, its request, and the means to
/// report progress and write artifacts. Artifacts are written durably and atomically, so a
/// re-run overwrites them cleanly (stages are idempotent).
public struct SessionContext: Sendable {
    public let directory: URL
    public let request: SessionRequest
    public let stage: Stage
    public let configuration: PipelineConfiguration
    public let logger: Logger

    public init(directory: URL, stage: Stage, configuration: PipelineConfiguration, logger: Logger) throws {
        self.directory = directory
        self.stage = stage
        self.configuration = configuration
        do {
            self.request = try JSONCoding.read(SessionRequest.self, from: directory.appending(component: SessionFile.request))
        } catch {
            throw SessionFailure("Session directory has no readable session.json", detail: "\(error)")
        }
        var logger = logger
        logger[metadataKey: "session"] = "\(request.id)"
        self.logger = logger
    }

    public func url(_ relativePath: String) -> URL { directory.appending(path: relativePath) }

    /// Writes `progress.json` (what `/status` shows). Best effort: progress is never worth failing for.
    public func reportProgress(current: Int, total: Int, message: String? = nil) {
        let report = ProgressReport(stage: stage, message: message ?? stage.progressMessage(current: current, total: total),
                                    current: current, total: total)
        do { try JSONCoding.write(report, to: url(SessionFile.progress)) } catch {
            logger.warning("could not write progress: \(error)")
        }
    }

    /// Writes an artifact as JSON at `relativePath`, creating its folder.
    public func writeJSON<T: Encodable>(_ value: T, to relativePath: String) throws {
        let target = url(relativePath)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONCoding.write(value, to: target)
    }

    public func readJSON<T: Decodable>(_ type: T.Type, from relativePath: String) throws -> T {
        try JSONCoding.read(type, from: url(relativePath))
    }

    // MARK: Items

    /// Records that one video failed in this stage; the rest of the session goes on.
    public func recordItemError(_ item: SessionItem, message: String, detail: String? = nil) throws {
        logger.notice("item \(item.index) failed in \(stage.rawValue): \(message)")
        try writeJSON(ItemError(index: item.index, stage: stage, message: message, detail: detail),
                      to: "\(SessionFile.itemErrors)/\(item.index).json")
    }

    /// The recorded error of an item, if an earlier stage (or this one) failed it.
    public func itemError(_ item: SessionItem) -> ItemError? {
        try? readJSON(ItemError.self, from: "\(SessionFile.itemErrors)/\(item.index).json")
    }

    /// The item's answer video (`videos/<n>.<ext>`), if present.
    public func videoFile(for item: SessionItem) -> URL? {
        let folder = url(SessionFile.videos)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().first { ($0 as NSString).deletingPathExtension == "\(item.index)" }
            .map { folder.appending(component: $0) }
    }
}

/// A stage's work: read artifacts, call an engine, write artifacts, report progress.
public protocol StageWorker: Sendable {
    /// Processes one session in place. Throw ``SessionFailure`` to fail the session for good, or
    /// ``SessionDeferral`` when a service it needs is unusable (the session waits, uncounted);
    /// record per-video problems with ``SessionContext/recordItemError(_:message:detail:)`` instead.
    func process(_ session: SessionContext) async throws
}
