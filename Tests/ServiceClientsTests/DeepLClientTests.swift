import Foundation
import ServiceClients
import Synchronization
import Testing
import TestSupport

/// The DeepL client against a local server that speaks DeepL's v2 JSON protocol (DeepL itself
/// cannot be reached from the test machine): the request it must accept, the answers and the
/// error codes DeepL documents (403 wrong key, 456 quota, 429 too many requests).
/// What the fake DeepL was asked to translate, request by request.
final class Recorder: Sendable {
    let texts = Mutex<[[String]]>([])
}

@Suite struct DeepLClientTests {
    /// DeepL's `/v2/translate`: checks the key header and the body as DeepL would, "translates"
    /// by upper-casing (the wire format is what is tested, not the translation).
    static func deepL(key: String, seen: Recorder = Recorder()) throws -> FakeHTTPService {
        try FakeHTTPService { request in
            guard request.path == "/v2/translate", request.method == "POST" else { return .json(404, #"{"message":"Not found"}"#) }
            guard request.headers["authorization"] == "DeepL-Auth-Key \(key)" else {
                return .json(403, #"{"message":"Authorization failure, check auth_key"}"#)
            }
            guard let body = try? JSONSerialization.jsonObject(with: request.body) as? [String: Any],
                  let texts = body["text"] as? [String], !texts.isEmpty, texts.count <= 50,
                  let target = body["target_lang"] as? String, ["EN-US", "EN-GB", "ID"].contains(target) else {
                return .json(400, #"{"message":"Bad request. Reason: Value for 'target_lang' not supported."}"#)
            }
            seen.texts.withLock { $0.append(texts) }
            let source = (body["source_lang"] as? String) ?? "EN"
            let translations = texts.map { ["detected_source_language": source, "text": $0.uppercased()] }
            let data = try! JSONSerialization.data(withJSONObject: ["translations": translations])
            return FakeHTTPService.Reply(status: 200, body: data)
        }
    }

    @Test func freeKeysGoToTheFreeEndpointAndProKeysToPro() {
        #expect(DeepLClient(authKey: "abc:fx").baseURL.absoluteString == "https://api-free.deepl.com")
        #expect(DeepLClient(authKey: "abc:fx").isFreePlan)
        #expect(DeepLClient(authKey: "abc").baseURL.absoluteString == "https://api.deepl.com")
    }

    @Test func translatesOverTheWireFormat() async throws {
        let seen = Recorder()
        let server = try Self.deepL(key: "k:fx", seen: seen)
        let client = DeepLClient(authKey: "k:fx", baseURL: server.baseURL)
        let text = try await client.translate("Saya memimpin tim lima orang.", source: "ID", target: "EN-US")
        #expect(text == "SAYA MEMIMPIN TIM LIMA ORANG.")
        let sent = try #require(server.requests.first)
        let body = try #require(JSONSerialization.jsonObject(with: sent.body) as? [String: Any])
        #expect(body["source_lang"] as? String == "ID")
        #expect(body["target_lang"] as? String == "EN-US")
    }

    @Test func longTextsAreSplitAtSentencesAndRejoined() async throws {
        let seen = Recorder()
        let server = try Self.deepL(key: "k", seen: seen)
        var client = DeepLClient(authKey: "k", baseURL: server.baseURL)
        client.chunkCharacters = 60
        let sentences = (1...9).map { "This is sentence number \($0) of the answer." }
        let text = try await client.translate(sentences.joined(separator: " "), source: "EN", target: "ID")
        #expect(text == sentences.joined(separator: " ").uppercased())
        let pieces = seen.texts.withLock { $0 }.flatMap { $0 }
        #expect(pieces.count > 1)
        #expect(pieces.allSatisfy { $0.count <= 60 && $0.hasSuffix(".") })
        #expect(server.requests.count == 1)   // all pieces in one request
    }

    @Test func errorsAreTheDocumentedOnes() async throws {
        let wrongKey = try Self.deepL(key: "right")
        do throws(ServiceError) {
            _ = try await DeepLClient(authKey: "wrong", baseURL: wrongKey.baseURL).translate("x", source: "EN", target: "ID")
            Issue.record("expected unauthorized")
        } catch {
            #expect(error.statusMessage(service: "DeepL") == "DeepL API key invalid")   // the API reference's message
        }
        let quota = try FakeHTTPService { _ in .json(456, #"{"message":"Quota exceeded"}"#) }
        do throws(ServiceError) {
            _ = try await DeepLClient(authKey: "k", baseURL: quota.baseURL).translate("x", source: "EN", target: "ID")
            Issue.record("expected quota exceeded")
        } catch {
            #expect(error == .quotaExceeded(status: 456, body: #"{"message":"Quota exceeded"}"#))
        }
        #expect(quota.requests.count == 1)
        let unsupported = try Self.deepL(key: "k")
        do throws(ServiceError) {
            _ = try await DeepLClient(authKey: "k", baseURL: unsupported.baseURL).translate("x", source: "EN", target: "XX")
            Issue.record("expected rejected")
        } catch {
            guard case .rejected(400, _) = error else { Issue.record("expected rejected, got \(error)"); return }
            #expect(!error.isServiceProblem)
        }
    }

    @Test func tooManyRequestsIsRetried() async throws {
        let calls = Mutex(0)
        let server = try FakeHTTPService { _ in
            calls.withLock { $0 += 1; return $0 } == 1
                ? .json(429, #"{"message":"Too many requests"}"#)
                : .json(200, #"{"translations":[{"detected_source_language":"ID","text":"hello"}]}"#)
        }
        let client = DeepLClient(authKey: "k", baseURL: server.baseURL,
                                 retry: RetryPolicy(maxAttempts: 3, initialBackoffSeconds: 0.05))
        #expect(try await client.translate("halo", source: "ID", target: "EN-US") == "hello")
        #expect(server.requests.count == 2)
    }

    @Test func anAnswerOfTheWrongShapeIsInvalid() async throws {
        let server = try FakeHTTPService { _ in .json(200, #"{"translations":[]}"#) }
        do throws(ServiceError) {
            _ = try await DeepLClient(authKey: "k", baseURL: server.baseURL).translate("halo", source: "ID", target: "EN-US")
            Issue.record("expected invalid response")
        } catch {
            guard case .invalidResponse = error else { Issue.record("expected invalid response, got \(error)"); return }
        }
    }
}
