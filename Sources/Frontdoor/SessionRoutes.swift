import Foundation
import Hummingbird
import StageProtocol

/// `GET /status/{session_id}`, `GET /results/{session_id}` and `GET /` (health): answered from
/// the spool alone, so any number of front doors (or a restarted one) give the same answer.
struct SessionRoutes: Sendable {
    let spool: Spool

    func register(on router: Router<BasicRequestContext>) {
        router.get("/status/:session_id") { _, context -> Response in
            let text = context.parameters.get("session_id") ?? ""
            // Not an id means not a session: no filesystem call is made for it.
            guard let id = SessionID(rawValue: text), let status = spool.status(of: id) else { throw APIError.sessionNotFound }
            return jsonResponse(status)
        }
        router.get("/results/:session_id") { _, context -> Response in
            var text = context.parameters.get("session_id") ?? ""
            if text.hasSuffix(".json") { text.removeLast(5) }   // the original dashboard asked for <id>.json
            guard let id = SessionID(rawValue: text),
                  let data = try? Data(contentsOf: spool.layout.doneSession(id).appending(component: SessionFile.results))
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
    static func isItem(_ text: String) -> Bool {
        (1...2).contains(text.count) && text.allSatisfy(\.isASCIIDigit) && text.first != "0"
    }

    static func isSnapshot(_ text: String) -> Bool {
        guard text.hasSuffix(".jpg") else { return false }
        let number = text.dropLast(4)
        return (1...3).contains(number.count) && number.allSatisfy(\.isASCIIDigit) && number.first != "0"
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// The health document: the reference's fields plus per-stage queue depths.
struct Health: Encodable {
    var status = "ok"
    var message = "Interview assessment front door is running"
    var version = FrontdoorVersion.current
    var endpoints = [
        "POST /upload", "POST /upload_json", "GET /status/{session_id}", "GET /results/{session_id}",
        "GET /evidence/{session_id}/{item}/{file}",
        "GET /openapi.json", "GET /docs", "GET /redoc",
    ]
    var stages = StageChain.deployed.map(\.rawValue)
    var queues: [QueueDepth]
    var done: Int
}

enum FrontdoorVersion {
    static let current = "1.0.0"
}
