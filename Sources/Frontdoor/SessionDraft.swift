import Foundation
import StageProtocol

/// A session being assembled under `frontdoor/tmp/<id>/`, invisible to the stages until
/// ``publish(_:)`` renames it into its first inbox. Discarded whole on any error.
struct SessionDraft: Sendable {
    let id: SessionID
    let directory: URL
    let spool: Spool

    init(spool: Spool) throws {
        self.spool = spool
        self.id = SessionID.random()
        self.directory = spool.layout.frontdoorTemporary.appending(component: id.rawValue, directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: directory.appending(component: SessionFile.videos), withIntermediateDirectories: true)
    }

    func videoURL(index: Int, fileExtension: String) -> URL {
        directory.appending(components: SessionFile.videos, "\(index).\(fileExtension)")
    }

    /// Writes `session.json` and publishes the session into the inbox of its first stage.
    func publish(_ request: SessionRequest) throws {
        try JSONCoding.write(request, to: directory.appending(component: SessionFile.request))
        try spool.publish(directory, id: id, to: StageChain.entry(for: request.origin))
    }

    func discard() {
        try? FileManager.default.removeItem(at: directory)
    }
}
