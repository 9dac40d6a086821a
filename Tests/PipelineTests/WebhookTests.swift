import Crypto
import Foundation
import StageProtocol
import TestSupport
import Testing

/// Webhooks through the whole system: a session uploaded with a `callback_url` is assessed,
/// and the supervisor POSTs the signed notice to a local receiver (an applicant-tracking system
/// cannot be reached from here) that fails the first time: the notice is retried, signed the
/// same way, and both attempts are recorded in the session.
@Suite(.serialized) struct WebhookTests {
    @Test func theCompletionNoticeIsSignedRetriedAndRecorded() throws {
        let folder = try TestPaths.temporaryDirectory("webhook-media")
        defer { try? FileManager.default.removeItem(at: folder) }
        let answer = try ChaosTests().shortAnswer(in: folder)
        let calls = CallCounter()
        let receiver = try FakeHTTPService { _ in calls.next() == 1 ? .json(500, #"{"error":"try later"}"#) : .json(200, "{}") }
        let system = try EndToEndTests.System(environment: [
            "WEBHOOK_ALLOWED_HOSTS": "127.0.0.1", "WEBHOOK_ALLOW_HTTP": "1", "WEBHOOK_SECRET": "s3cret",
            "WEBHOOK_BACKOFF_SECONDS": "0.5", "WEBHOOK_SCAN_SECONDS": "0.3", "PUBLIC_BASE_URL": "https://assess.example.test",
        ])
        defer { _ = system.stop() }

        let refused = try Curl.request(system.url("/upload"), ["-F", "candidate_name=A", "-F", "language=en",
                                                               "-F", "videos=@\(answer.path)", "-F", "question=Q",
                                                               "-F", "callback_url=https://elsewhere.example.org/hook"])
        #expect(refused.status == 400)
        #expect(refused.detail?.hasPrefix("Invalid callback_url") == true)

        let reply = try Curl.request(system.url("/upload"), ["-F", "candidate_name=Webhook Candidate", "-F", "language=en",
                                                             "-F", "videos=@\(answer.path)", "-F", "question=Tell me about yourself",
                                                             "-F", "external_id=ATS-42",
                                                             "-F", "callback_url=\(receiver.baseURL.absoluteString)/hooks/interview"])
        let id = try #require(SessionID(rawValue: reply.json["session_id"] as? String ?? ""), Comment(rawValue: reply.text))
        let (status, _) = try system.waitForCompletion(id, timeout: 240)
        #expect(status.json["status"] as? String == "completed")
        #expect(waitUntil(timeout: 30) { receiver.requests.count >= 2 }, Comment(rawValue: system.supervisor.stderr))

        let requests = receiver.requests
        try #require(requests.count == 2)
        for request in requests {
            #expect(request.method == "POST" && request.path == "/hooks/interview")
            let body = try #require(JSONSerialization.jsonObject(with: request.body) as? [String: Any])
            #expect(body["event"] as? String == "session.completed")
            #expect(body["session_id"] as? String == id.rawValue)
            #expect(body["status"] as? String == "completed")
            #expect(body["results_url"] as? String == "https://assess.example.test/results/\(id)")
            #expect(body["status_url"] as? String == "https://assess.example.test/status/\(id)")
            #expect(body["external_id"] as? String == "ATS-42")
            let timestamp = try #require(request.headers["x-interview-timestamp"])
            let code = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).".utf8) + request.body,
                                                       using: SymmetricKey(data: Data("s3cret".utf8)))
            #expect(request.headers["x-interview-signature"] == "sha256=" + code.map { String(format: "%02x", $0) }.joined())
        }
        #expect(requests[0].headers["x-interview-delivery"] == requests[1].headers["x-interview-delivery"],
                "one delivery id across retries, for de-duplication")

        let done = system.spool.layout.doneSession(id)
        #expect(waitUntil(timeout: 5) {
            (try? JSONCoding.read(WebhookRecord.self, from: done.appending(component: SessionFile.webhook)))?.state == .delivered
        })
        let record = try JSONCoding.read(WebhookRecord.self, from: done.appending(component: SessionFile.webhook))
        #expect(record.attempts == 2)
        let log = try String(contentsOf: done.appending(component: SessionFile.webhookLog), encoding: .utf8)
            .split(separator: "\n").map { try JSONCoding.decode(WebhookAttempt.self, from: Data($0.utf8)) }
        #expect(log.map(\.status) == [500, 200])
        usleep(1_500_000)
        #expect(receiver.requests.count == 2, "a delivered notice is not sent again")
    }
}

/// Counts calls across the receiver's thread.
final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; count += 1; return count }
}
