import Foundation

/// The spool's directory names (ARCHITECTURE.md, "The spool"). Every path in the spool is built
/// here; no other code spells a spool directory name.
///
/// ```
/// <root>/frontdoor/tmp/<sid>/    being received, invisible to stages
/// <root>/<stage>/inbox/<sid>/    waiting for the stage
/// <root>/<stage>/work/<sid>/     claimed by one worker (holds .lease)
/// <root>/<stage>/failed/<sid>/   the stage gave up; error.json says why
/// <root>/done/<sid>/             finished; results.json is the answer
/// <root>/audit/erasures.jsonl    one line per deletion of candidate data (never a name)
/// ```
public struct SpoolLayout: Sendable, Hashable {
    public enum Queue: String, CaseIterable, Sendable { case inbox, work, failed }

    public let root: URL

    public init(root: URL) { self.root = root.standardizedFileURL }

    public init(path: String) { self.init(root: URL(fileURLWithPath: path, isDirectory: true)) }

    public var frontdoorTemporary: URL { root.appending(components: "frontdoor", "tmp", directoryHint: .isDirectory) }
    public var done: URL { root.appending(component: "done", directoryHint: .isDirectory) }
    /// `audit/erasures.jsonl`: one line per deletion of candidate data (retention or erasure).
    public var erasureLog: URL { root.appending(components: "audit", "erasures.jsonl") }

    public func directory(_ stage: Stage, _ queue: Queue) -> URL {
        root.appending(components: stage.rawValue, queue.rawValue, directoryHint: .isDirectory)
    }

    public func session(_ id: SessionID, in stage: Stage, _ queue: Queue) -> URL {
        directory(stage, queue).appending(component: id.rawValue, directoryHint: .isDirectory)
    }

    public func doneSession(_ id: SessionID) -> URL { done.appending(component: id.rawValue, directoryHint: .isDirectory) }

    /// Creates every spool directory (idempotent). All of them must be on one filesystem, since
    /// the protocol moves sessions with rename(2).
    public func createDirectories() throws {
        let fm = FileManager.default
        try fm.createDirectory(at: frontdoorTemporary, withIntermediateDirectories: true)
        try fm.createDirectory(at: done, withIntermediateDirectories: true)
        for stage in Stage.allCases {
            for queue in Queue.allCases {
                try fm.createDirectory(at: directory(stage, queue), withIntermediateDirectories: true)
            }
        }
    }
}
