import Foundation
import Hummingbird
import StageProtocol

/// `GET /status/{session_id}`, `GET /results/{session_id}` and `GET /` (health): answered from
/// the spool alone, so any number of front doors (or a restarted one) give the same answer.
struct SessionRoutes: Sendable {
    let spool: Spool

    func register(on router: Router<FrontdoorContext>) {
        router.get("/status/:session_id") { _, context -> Response in
            let text = context.parameters.get("session_id") ?? ""
            // Not an id means not a session: no filesystem call is made for it.
            guard let id = SessionID(rawValue: text), let status = spool.status(of: id) else { throw APIError.sessionNotFound }
            return jsonResponse(status)
        }
        router.get("/results/:session_id") { _, context -> Response in
            var text = context.parameters.get("session_id") ?? ""
            if text.hasSuffix(".json") { text.removeLast(5) }   // the original dashboard asked for <id>.json
            guard let id = SessionID(rawValue: text), let data = ReviewRoutes.results(in: spool.layout.doneSession(id))
            else { throw APIError.resultsNotFound(String(text.prefix(64))) }
            return jsonResponse(data: data)
        }
        // A finding's snapshot (`evidence/<n>/<k>.jpg` in results.json) for the reviewer. Only
        // names of that exact form reach the filesystem, and only under a finished session.
        router.get("/evidence/:session_id/:item/:file") { _, context -> Response in
            let text = context.parameters.get("session_id") ?? ""
            let item = context.parameters.get("item") ?? ""
            let file = context.parameters.get("file") ?? ""
            guard let id = SessionID(rawValue: text), EvidenceName.isItem(item), EvidenceName.isSnapshot(file),
                  let data = try? Data(contentsOf: spool.layout.doneSession(id).appending(path: "evidence/\(item)/\(file)"))
            else { throw APIError.evidenceNotFound }
            return Response(status: .ok,
                            headers: [.contentType: "image/jpeg", .contentLength: "\(data.count)", .cacheControl: "private, max-age=3600"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get("/") { _, _ -> Response in
            jsonResponse(Health(queues: spool.depths(), done: spool.doneCount))
        }
    }
}

/// The names an evidence URL may use: an item number and a snapshot file `<k>.jpg`.
enum EvidenceName {
    static func isItem(_ text: String) -> Bool { isPositiveNumber(text[...], maxDigits: 2) }

    static func isSnapshot(_ text: String) -> Bool {
        text.hasSuffix(".jpg") && isPositiveNumber(text.dropLast(4), maxDigits: 3)
    }

    /// 1 to `maxDigits` ASCII digits without a leading zero.
    private static func isPositiveNumber(_ text: Substring, maxDigits: Int) -> Bool {
        (1...maxDigits).contains(text.count) && text.first != "0" && text.utf8.allSatisfy { (0x30...0x39).contains($0) }
    }
}

/// The health document: the reference's fields plus per-stage queue depths.
struct Health: Encodable {
    var status = "ok"
    var message = "Interview assessment front door is running"
    var version = FrontdoorVersion.current
    var endpoints = [
        "POST /upload", "POST /upload_json", "GET /status/{session_id}", "GET /results/{session_id}",
        "GET /evidence/{session_id}/{item}/{file}", "GET /videos/{session_id}/{item}", "POST /results/{session_id}/review",
        "GET /sessions", "DELETE /sessions/{session_id}", "GET /config", "GET /upload.html", "GET /halaman_dasboard.html", "GET /history.html",
        "GET /openapi.json", "GET /docs", "GET /redoc", "GET /metrics",
    ]
    var stages = StageChain.deployed.map(\.rawValue)
    var queues: [QueueDepth]
    var done: Int
}

enum FrontdoorVersion {
    static let current = "1.0.0"
}
