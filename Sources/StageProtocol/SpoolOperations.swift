import Foundation

/// What an operator does to sessions (ARCHITECTURE.md, "Operate"): retry a failed session in its
/// stage, or re-run a session from any stage onwards.
public enum OperatorError: Error, CustomStringConvertible, Equatable {
    case notFound(SessionID)
    case notFailed(SessionID, String)
    case inProgress(SessionID, Stage)
    case notDeployed(Stage)

    public var description: String {
        switch self {
        case let .notFound(id): "Session not found: \(id)"
        case let .notFailed(id, place): "Session \(id) is not failed (it is in \(place))"
        case let .inProgress(id, stage): "Session \(id) is being worked on by the \(stage.rawValue) stage; wait for it or stop that worker first"
        case let .notDeployed(stage): "The \(stage.rawValue) stage is not deployed; deployed stages: \(StageChain.deployed.map(\.rawValue).joined(separator: ", "))"
        }
    }
}

extension Spool {
    /// Moves a failed session back into its stage's inbox, resetting its attempt count.
    public func retry(_ id: SessionID, operatorName: String = "operator") throws {
        guard let location = locate(id) else { throw OperatorError.notFound(id) }
        guard case let .failed(stage, directory) = location else { throw OperatorError.notFailed(id, location.queueName) }
        try recordOperatorAction(stage: stage, directory: directory, detail: "\(operatorName) retried the session after: \(failureMessage(directory) ?? "unknown error")")
        try? FileManager.default.removeItem(at: directory.appending(component: SessionFile.error))
        try move(directory, to: layout.session(id, in: stage, .inbox))
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
        try recordOperatorAction(stage: stage, directory: directory, detail: "\(operatorName) re-ran the session from the \(stage.rawValue) stage (was in \(location.stage?.rawValue ?? "done")/\(location.queueName))")
        try move(directory, to: layout.session(id, in: stage, .inbox))
    }

    private func recordOperatorAction(stage: Stage, directory: URL, detail: String) throws {
        let now = Date()
        try appendHistory(HistoryEntry(stage: stage, host: host, pid: pid, start: now, end: now, outcome: .retried, detail: detail), to: directory)
    }

    private func failureMessage(_ directory: URL) -> String? {
        (try? JSONCoding.read(StageFailureRecord.self, from: directory.appending(component: SessionFile.error)))?.message
    }
}
