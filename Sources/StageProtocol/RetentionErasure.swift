import Foundation
import Logging

/// Why an erasure request could not be carried out.
public enum ErasureError: Error, CustomStringConvertible, Equatable {
    case notFound(SessionID)
    /// A worker holds the session (`<stage>/work/`), or a recoverer is moving it back to an
    /// inbox: it is not pulled from under them. Asking again once the stage has finished works.
    case inProgress(SessionID, Stage)
    /// A directory could not be removed (the detail says which and why); what is left is
    /// finished by the next request or retention run.
    case incomplete(SessionID, String)

    public var description: String {
        switch self {
        case .notFound: "Session not found"
        case .inProgress: "Session is being processed; retry when the stage finishes"
        case let .incomplete(_, detail): "Erasure incomplete: \(detail)"
        }
    }
}

extension Spool {
    /// Erases a session (GDPR): removes its directory wherever it is in the spool (a stage's
    /// inbox or failed, `done/`, `frontdoor/tmp/`) and finishes any deletion of it a dead process
    /// left half-done, then appends one ``ErasureRecord`` to `audit/erasures.jsonl`.
    ///
    /// Refuses (``ErasureError/inProgress(_:_:)``) while a worker holds the session in `work/`:
    /// erasure never races a worker's writes, and nothing has to remember a pending request.
    /// A worker that claims the session while we look either wins (we refuse) or finds nothing
    /// to claim (we erase): the same rename decides, as for competing workers.
    @discardableResult
    public func erase(_ id: SessionID, by actor: String = "erasure request", now: Date = Date(),
                      logger: Logger = Logger(label: "erasure")) throws -> ErasureRecord {
        // One audit line for the whole request, written below, rather than one per directory.
        let deleter = Deleter(spool: self, now: now, dryRun: false, actor: actor, logger: logger, auditsEachDeletion: false)
        var places: [String] = []
        // A session moving between two places while we look is looked for again.
        for _ in 0..<8 {
            if let stage = holdingStage(of: id) { throw ErasureError.inProgress(id, stage) }
            guard let (place, directory) = erasablePlaces(of: id).first(where: { FileManager.default.fileExists(atPath: $0.1.path) }) else { break }
            if deleter.delete(directory, of: id, what: .session, why: Self.erasureReason, place: place) { places.append(place) }
            if !deleter.report.errors.isEmpty { break }
        }
        deleter.finishAbandoned(only: id)
        if !deleter.report.errors.isEmpty { throw ErasureError.incomplete(id, deleter.report.errors.joined(separator: "; ")) }
        guard !deleter.report.deletions.isEmpty else { throw ErasureError.notFound(id) }
        let record = ErasureRecord(time: now, sessionID: id, what: .session, why: Self.erasureReason,
                                   bytesFreed: deleter.report.bytesFreed, by: actor, host: host, pid: pid,
                                   place: (places.isEmpty ? ["interrupted deletion"] : places).joined(separator: ","))
        try audit(record, logger: logger)
        return record
    }

    static let erasureReason = "erasure request"

    /// The stage whose worker holds the session (`work/`) or whose recoverer is moving it
    /// (`.recover.<id>.*` in the inbox), if any.
    private func holdingStage(of id: SessionID) -> Stage? {
        let fm = FileManager.default
        for stage in Stage.allCases {
            if fm.fileExists(atPath: layout.session(id, in: stage, .work).path) { return stage }
            let inbox = (try? fm.contentsOfDirectory(atPath: layout.directory(stage, .inbox).path)) ?? []
            if inbox.contains(where: { $0.hasPrefix("\(Self.recoveringPrefix)\(id).") }) { return stage }
        }
        return nil
    }

    /// Every place a session may be that erasure takes it from, with the audit's name for it.
    private func erasablePlaces(of id: SessionID) -> [(String, URL)] {
        var places = [("done", layout.doneSession(id)),
                      ("frontdoor/tmp", layout.frontdoorTemporary.appending(component: id.rawValue, directoryHint: .isDirectory))]
        for stage in Stage.allCases {
            places += [("\(stage.rawValue)/inbox", layout.session(id, in: stage, .inbox)),
                       ("\(stage.rawValue)/failed", layout.session(id, in: stage, .failed))]
        }
        return places
    }
}
