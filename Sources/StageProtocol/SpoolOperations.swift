#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// What an operator does to sessions (ARCHITECTURE.md, "Operate"): retry a failed or deferred
/// session in its stage, or re-run a session from any stage onwards.
public enum OperatorError: Error, CustomStringConvertible, Equatable {
    case notFound(SessionID)
    case notFailed(SessionID, String)
    case inProgress(SessionID, Stage)
    case notDeployed(Stage)

    public var description: String {
        switch self {
        case let .notFound(id): "Session not found: \(id)"
        case let .notFailed(id, place): "Session \(id) is neither failed nor deferred (it is in \(place))"
        case let .inProgress(id, stage): "Session \(id) is being worked on by the \(stage.rawValue) stage; wait for it or stop that worker first"
        case let .notDeployed(stage): "The \(stage.rawValue) stage is not deployed; deployed stages: \(StageChain.deployed.map(\.rawValue).joined(separator: ", "))"
        }
    }
}

extension Spool {
    /// Moves a failed session back into its stage's inbox, or lets a deferred one (waiting in
    /// its stage's inbox for a service to come back) go now; either way the attempt count starts
    /// again.
    public func retry(_ id: SessionID, operatorName: String = "operator") throws {
        guard let location = locate(id) else { throw OperatorError.notFound(id) }
        switch location {
        case let .failed(stage, directory):
            try recordOperatorAction(stage: stage, directory: directory, detail: "\(operatorName) retried the session after: \(failureMessage(directory) ?? "unknown error")")
            try? FileManager.default.removeItem(at: directory.appending(component: SessionFile.error))
            try requeue(directory, id: id, in: stage)
        case let .queued(stage, directory):
            guard let deferral = Self.deferral(of: directory), deferral.stage == stage else {
                throw OperatorError.notFailed(id, location.queueName)
            }
            try recordOperatorAction(stage: stage, directory: directory, detail: "\(operatorName) retried the session without waiting for the deferral: \(deferral.message)")
            try removeDeferral(directory)
            try requeue(directory, id: id, in: stage)
        case .working, .done:
            throw OperatorError.notFailed(id, location.queueName)
        }
    }

    /// Re-runs a session from `stage` onwards: removes the artifacts of `stage` and every later
    /// stage (and their item errors), then queues it in `stage`'s inbox. Refused while a worker
    /// holds the session.
    public func rerun(_ id: SessionID, from stage: Stage, operatorName: String = "operator") throws {
        guard StageChain.isDeployed(stage) || stage == .download else { throw OperatorError.notDeployed(stage) }
        guard let location = locate(id) else { throw OperatorError.notFound(id) }
        if case let .working(current, _) = location { throw OperatorError.inProgress(id, current) }
        let directory = location.directory
        let fm = FileManager.default
        for later in Stage.allCases where later >= stage {
            for artifact in later.artifacts {
                try? fm.removeItem(at: directory.appending(component: artifact))
            }
        }
        let errors = directory.appending(component: SessionFile.itemErrors)
        for file in (try? fm.contentsOfDirectory(at: errors, includingPropertiesForKeys: nil)) ?? [] {
            if let record = try? JSONCoding.read(ItemError.self, from: file), record.stage >= stage {
                try fm.removeItem(at: file)
            }
        }
        try? fm.removeItem(at: directory.appending(component: SessionFile.error))
        try? fm.removeItem(at: directory.appending(component: SessionFile.progress))
        try removeDeferral(directory)
        try recordOperatorAction(stage: stage, directory: directory, detail: "\(operatorName) re-ran the session from the \(stage.rawValue) stage (was in \(location.stage?.rawValue ?? "done")/\(location.queueName))")
        try requeue(directory, id: id, in: stage)
    }

    /// Moves the session at `directory` into `stage`'s inbox so that the stage's workers notice
    /// at once. One already in that inbox is renamed aside and back, which inotify reports as an
    /// arrival; the aside name is a recoverer's, so if we die in between, ``recoverStale`` puts
    /// it back. A worker claiming the session meanwhile is what the operator wanted anyway.
    private func requeue(_ directory: URL, id: SessionID, in stage: Stage) throws {
        let inbox = layout.session(id, in: stage, .inbox)
        guard directory.path == inbox.path else { return try move(directory, to: inbox) }
        let aside = layout.directory(stage, .inbox)
            .appending(component: "\(Self.recoveringPrefix)\(id).\(pid).\(UInt32.random(in: 0...UInt32.max))")
        guard rename(inbox.path, aside.path) == 0 else {
            if errno == ENOENT { return }
            throw SpoolError.system("rename", inbox.path, errno)
        }
        try move(aside, to: inbox)
    }

    private func recordOperatorAction(stage: Stage, directory: URL, detail: String) throws {
        let now = Date()
        try appendHistory(HistoryEntry(stage: stage, host: host, pid: pid, start: now, end: now, outcome: .retried, detail: detail), to: directory)
    }

    private func failureMessage(_ directory: URL) -> String? {
        (try? JSONCoding.read(StageFailureRecord.self, from: directory.appending(component: SessionFile.error)))?.message
    }
}
