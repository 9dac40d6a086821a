import Foundation
@testable import Frontdoor
import Hummingbird
import StageProtocol
import TestSupport
import Testing

/// API keys and rate limits, over real HTTP against the built front door, plus the pieces they
/// are made of (key comparison, the open paths, the token buckets) in process.
struct AccessControlTests {
    /// A spool, a front door on it started with `environment`, and a small "video" to upload.
    final class Fixture {
        let spool: TemporarySpool
        let server: FrontdoorProcess
        let video: URL

        init(_ label: String, environment: [String: String]) throws {
            spool = try TemporarySpool(label)
            video = spool.root.appending(component: "answer.mp4")
            try Data(repeating: 5, count: 20_000).write(to: video)
            server = try FrontdoorProcess(spool: spool, environment: environment)
        }

        deinit {
            server.stop()
            spool.remove()
        }

        func get(_ path: String, _ headers: [String] = []) throws -> HTTPResult {
            try Curl.request(server.url(path), headers.flatMap { ["-H", $0] }, timeout: 10)
        }

        func upload(_ headers: [String] = []) throws -> HTTPResult {
            try Curl.request(server.url("/upload"), headers.flatMap { ["-H", $0] }
                + ["-F", "candidate_name=Jane", "-F", "videos=@\(video.path)", "-F", "question=Q1", "-F", "language=en"], timeout: 10)
        }

        var sessionsAnywhere: Int {
            spool.spool.depths().reduce(0) { $0 + $1.inbox + $1.work + $1.failed } + spool.spool.doneCount
                + ((try? FileManager.default.contentsOfDirectory(atPath: spool.layout.frontdoorTemporary.path)) ?? []).count
        }
    }

    /// Distinctive keys, so finding one in the log cannot be a coincidence.
    let keyOne = "alpha-\(UUID().uuidString)"
    let keyTwo = "beta-\(UUID().uuidString)"

    var unknownSession: String { "/status/\(SessionID.random())" }

    @Test func keysGateTheAPIButNotThePagesDocsOrPreflights() throws {
        let front = try Fixture("keys", environment: ["API_KEYS": "\(keyOne), \(keyTwo)"])
        let wrongKeys = ["gamma-\(UUID().uuidString)", String(keyOne.dropLast()), keyOne + "x"]

        let missing = try front.get(unknownSession)
        #expect(missing.status == 401 && missing.detail == "API key required")
        #expect(missing.headers["www-authenticate"] == "Bearer")
        for wrong in wrongKeys {
            let refused = try front.get(unknownSession, ["X-API-Key: \(wrong)"])
            #expect(refused.status == 401 && refused.detail == "Invalid API key", "\(refused.text)")
            #expect(refused.headers["www-authenticate"] == "Bearer")
        }
        #expect(try front.get(unknownSession, ["Authorization: Bearer \(wrongKeys[0])"]).detail == "Invalid API key")
        #expect(try front.get(unknownSession, ["Authorization: Basic \(keyOne)"]).detail == "API key required")

        for header in ["Authorization: Bearer \(keyTwo)", "X-API-Key: \(keyOne)", "authorization: bearer \(keyOne)"] {
            let passed = try front.get(unknownSession, [header])
            #expect(passed.status == 404 && passed.detail == "Session not found", "\(header): \(passed.text)")
        }

        for path in ["/", "/upload.html", "/Upload.html", "/history.html", "/web/app.css", "/openapi.json", "/docs", "/redoc"] {
            #expect(try front.get(path).status == 200, "\(path) is open")
        }
        let unknownAsset = try front.get("/docs/assets/none.js")
        #expect(unknownAsset.status == 404, "docs assets are open (this one is just not installed)")
        // Open paths are open by their shape, not their prefix.
        #expect(try Curl.request(front.server.url("/web/x/../../sessions"), ["--path-as-is"]).status == 401)
        #expect(try front.get("/upload.html/x").status == 401)
        #expect(try front.get("/config").status == 401)

        let preflight = try Curl.request(front.server.url("/upload"), ["-X", "OPTIONS", "-H", "Origin: http://localhost:5500",
                                                                       "-H", "Access-Control-Request-Method: POST",
                                                                       "-H", "Access-Control-Request-Headers: x-api-key"])
        #expect(preflight.status == 204)
        let refusedWithCORS = try front.get(unknownSession, ["Origin: https://recruiter.example"])
        #expect(refusedWithCORS.status == 401 && refusedWithCORS.headers["access-control-allow-origin"] == "*",
                "the pages can read the 401")

        let anonymousUpload = try front.upload()
        #expect(anonymousUpload.status == 401 && anonymousUpload.detail == "API key required")
        let badKeyUpload = try front.upload(["X-API-Key: \(wrongKeys[0])"])
        #expect(badKeyUpload.status == 401 && badKeyUpload.detail == "Invalid API key")
        let anonymousLinks = try Curl.request(front.server.url("/upload_json"),
                                              ["-H", "Content-Type: application/json", "--data", #"{"candidate_name": "A", "interviews": []}"#])
        #expect(anonymousLinks.status == 401)
        #expect(front.sessionsAnywhere == 0, "a refused upload leaves nothing in the spool")
        let accepted = try front.upload(["Authorization: Bearer \(keyOne)"])
        #expect(accepted.status == 200 && accepted.json["session_id"] is String, "\(accepted.text)")

        let log = front.server.child.stderr
        #expect(log.contains("invalid API key"), "refusals are logged: \(log)")
        for key in [keyOne, keyTwo] + wrongKeys {
            #expect(!log.contains(key), "a key reached the log")
        }
        #expect(!log.contains("alpha-") && !log.contains("gamma-"))
    }

    @Test func keysFileSkipsCommentsAndBlankLines() throws {
        let directory = try TestPaths.temporaryDirectory("keys-file")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appending(component: "keys")
        try "# recruiters' team\n\n  \(keyOne)  \n# revoked: old-key\n\n\(keyTwo)\n".write(to: file, atomically: true, encoding: .utf8)
        let front = try Fixture("keys-file", environment: ["API_KEYS_FILE": file.path])

        #expect(try front.get(unknownSession, ["X-API-Key: \(keyOne)"]).status == 404)
        #expect(try front.get(unknownSession, ["Authorization: Bearer \(keyTwo)"]).status == 404)
        for notAKey in ["# revoked: old-key", "old-key", "#"] {
            #expect(try front.get(unknownSession, ["X-API-Key: \(notAKey)"]).status == 401, "\(notAKey)")
        }
        #expect(try front.get(unknownSession).detail == "API key required")
    }

    @Test func anUnreadableKeysFileStopsTheFrontDoorFromStarting() throws {
        let spool = try TemporarySpool("keys-missing")
        defer { spool.remove() }
        var environment = spool.environment(extra: ["API_KEYS_FILE": spool.root.appending(component: "absent").path])
        environment["PORT"] = "\(freePort())"
        environment["HOST"] = "127.0.0.1"
        let child = try ChildProcess(TestPaths.executable("Frontdoor"), environment: environment, label: "frontdoor-nokeys")
        #expect(child.waitForExit(timeout: 10), "it must not start open")
        #expect(child.process.terminationStatus != 0)
        #expect(child.stderr.contains("API_KEYS_FILE"))
    }

    @Test func requestsAreLimitedPerKeyAndHealthNever() throws {
        let front = try Fixture("rate-keys", environment: ["API_KEYS": "\(keyOne),\(keyTwo)", "RATE_LIMIT_REQUESTS_PER_MINUTE": "3"])
        for _ in 1...3 { #expect(try front.get(unknownSession, ["X-API-Key: \(keyOne)"]).status == 404) }
        let limited = try front.get(unknownSession, ["X-API-Key: \(keyOne)"])
        #expect(limited.status == 429)
        #expect(limited.detail?.hasPrefix("Too many requests: ") == true, "\(limited.text)")
        #expect((limited.headers["retry-after"].flatMap { Int($0) } ?? 0) >= 1)
        #expect(try front.get(unknownSession, ["Authorization: Bearer \(keyTwo)"]).status == 404, "another key has its own bucket")
        for _ in 1...5 { #expect(try front.get("/").status == 200, "health is never limited") }
        #expect(try front.get("/web/app.css").status == 200)
    }

    @Test func withoutKeysTheClientIsItsAddressAndUploadsHaveTheirOwnLimit() throws {
        let front = try Fixture("rate-ip", environment: ["RATE_LIMIT_REQUESTS_PER_MINUTE": "3", "RATE_LIMIT_UPLOADS_PER_HOUR": "1"])
        for _ in 1...3 { #expect(try front.get(unknownSession).status == 404) }
        let limited = try front.get(unknownSession)
        #expect(limited.status == 429 && (limited.headers["retry-after"].flatMap { Int($0) } ?? 0) >= 1)

        let first = try front.upload()
        #expect(first.status == 200, "uploads count against their own limit: \(first.text)")
        let second = try front.upload()
        #expect(second.status == 429)
        #expect(second.detail?.hasPrefix("Too many requests: at most 1 uploads per hour") == true, "\(second.text)")
        // A token comes back after an hour / 1.
        #expect((second.headers["retry-after"].flatMap { Int($0) } ?? 0) > 3000)
        #expect(front.sessionsAnywhere == 1)
    }

    @Test func errorAnswersCarryNoPathsOrTracebacks() throws {
        let front = try Fixture("errors", environment: [:])
        let replies = [
            try Curl.request(front.server.url("/upload_json"), ["-H", "Content-Type: application/json", "--data", "{not json"]),
            try Curl.request(front.server.url("/upload_json"), ["-H", "Content-Type: application/json", "--data", #"{"interviews": 5}"#]),
            try Curl.request(front.server.url("/upload"), ["-H", "Content-Type: multipart/form-data; boundary=XyZ",
                                                           "--data-binary", "--XyZ\r\nContent-Disposition: form-data; name=\"videos\"; filename=\"a.mp4\"\r\n\r\nabc"]),
            try Curl.request(front.server.url("/upload"), ["-H", "Content-Type: multipart/form-data", "--data-binary", "x"]),
            try front.get("/no/such/route"),
            try front.get("/results/..%2F..%2Fetc%2Fpasswd"),
            try Curl.request(front.server.url("/status/x"), ["-X", "DELETE"]),
        ]
        for reply in replies {
            #expect(reply.status >= 400 && reply.status < 500, "\(reply.status) \(reply.text)")
            #expect(reply.detail != nil, "the API's error shape: \(reply.text)")
            for leak in ["/work/", ".swift", "Fatal", "at /", "/tmp/"] {
                #expect(!reply.text.contains(leak), "\(reply.text)")
            }
        }
    }

    // MARK: the pieces, in process

    @Test func keyComparisonIsExactAndConstantTimeInShape() {
        let keys = APIKeySet(["k1", "k2", "", "k1"])
        #expect(keys.count == 2)
        #expect(keys.match("k1") == 0 && keys.match("k2") == 1)
        for wrong in ["", "k", "k12", "K1", "k3", "k1 "] { #expect(keys.match(wrong) == nil, "\(wrong)") }
        #expect(!APIKeySet.constantTimeEqual(Array("abc".utf8), Array("abcabc".utf8)), "a repeated key is not the key")
        #expect("\(keys)" == "2 API key(s)")
        #expect(APIKeySet.parseKeyFile("# c\n\n a \r\nb\n#d\n") == ["a", "b"])
    }

    @Test func onlyTheOpenRoutesAreOpen() {
        let open: [(HTTPRequest.Method, String)] = [(.get, "/"), (.get, "/upload.html"), (.head, "/history.html"), (.get, "/Upload.html"),
                                                    (.get, "/web/app.css"), (.get, "/docs"), (.get, "/redoc"), (.get, "/docs/assets/a/b.js"),
                                                    (.get, "/openapi.json"), (.options, "/upload")]
        for (method, path) in open { #expect(RequestAccess(method: method, path: path) == .open, "\(method) \(path)") }
        let closed: [(HTTPRequest.Method, String)] = [(.get, "/status/x"), (.get, "/web"), (.get, "/web/a/b"), (.post, "/upload.html"),
                                                      (.get, "/docs/assets"), (.get, "/config"), (.get, "/sessions"), (.put, "/")]
        for (method, path) in closed { #expect(RequestAccess(method: method, path: path) == .api, "\(method) \(path)") }
        #expect(RequestAccess(method: .post, path: "/upload") == .upload)
        #expect(RequestAccess(method: .post, path: "/upload_json") == .upload)
    }

    @Test func bucketsRefillAndStayBounded() {
        let limiter = RateLimiter(limit: 2, periodSeconds: 60, maxClients: 100)
        #expect(limiter.acquire(client: "a", now: 0) == .allowed)
        #expect(limiter.acquire(client: "a", now: 0) == .allowed)
        #expect(limiter.acquire(client: "a", now: 1) == .limited(retryAfterSeconds: 29))
        #expect(limiter.acquire(client: "a", now: 30) == .allowed, "one token per 30 s")
        #expect(limiter.acquire(client: "b", now: 30) == .allowed)

        for index in 0..<1_000 { _ = limiter.acquire(client: "c\(index)", now: 31 + Double(index) * 0.001) }
        #expect(limiter.clientCount <= 100)
        #expect(limiter.acquire(client: "c999", now: 32) == .allowed)
        #expect(limiter.acquire(client: "c999", now: 32) == .limited(retryAfterSeconds: 30), "the most recent clients are kept")
    }
}
