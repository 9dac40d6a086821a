import Foundation
import Hummingbird
import StageProtocol

/// `DELETE /sessions/{session_id}`: erases a session (GDPR) wherever it is in the spool and
/// audits it in `audit/erasures.jsonl` with the client's address, never the candidate's name.
/// 404 for an unknown or malformed id (no filesystem call for one that is not an id); 409 while
/// a stage's worker holds the session, which the client retries once the stage has finished.
struct ErasureRoutes: Sendable {
    let spool: Spool

    func register(on router: Router<FrontdoorContext>) {
        router.delete("/sessions/:session_id") { _, context -> Response in
            guard let id = SessionID(rawValue: context.parameters.get("session_id") ?? "") else { throw APIError.sessionNotFound }
            let requester = "DELETE /sessions" + (context.remoteAddress?.ipAddress.map { " from \($0)" } ?? "")
            let spool = spool
            let logger = context.logger
            do {
                _ = try await runBlocking { try spool.erase(id, by: requester, logger: logger) }
            } catch let error as ErasureError {
                switch error {
                case .notFound: throw APIError.sessionNotFound
                case .inProgress: throw APIError(.conflict, error.description)
                case .incomplete: throw APIError(.internalServerError, "Erasure incomplete; retry the request")
                }
            }
            return jsonResponse(Erased(sessionID: id))
        }
    }
}

/// The answer to a successful erasure.
struct Erased: Encodable {
    var erased = true
    var sessionID: SessionID

    enum CodingKeys: String, CodingKey {
        case erased
        case sessionID = "session_id"
    }
}
