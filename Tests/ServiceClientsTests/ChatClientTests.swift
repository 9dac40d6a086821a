import Foundation
import ServiceClients
import Synchronization
import Testing
import TestSupport

/// The chat client against a local server that speaks the chat-completions protocol: hosted
/// chat services cannot be reached from the test machine. (The real llama.cpp server is
/// exercised in PipelineTests' LLM integration test.)
@Suite struct ChatClientTests {
    static let fast = RetryPolicy(maxAttempts: 3, initialBackoffSeconds: 0.05, maxBackoffSeconds: 0.2, maxRetryAfterSeconds: 5)

    static let completion = """
        {"id":"chatcmpl-1","object":"chat.completion","model":"m","choices":[{"index":0,
         "message":{"role":"assistant","content":"{\\"x\\": 7}"},
         "logprobs":{"content":[{"token":"{\\"","logprob":-0.01,"top_logprobs":[]},
           {"token":"x","logprob":-0.2,"top_logprobs":[{"token":"x","logprob":-0.2},{"token":"y","logprob":-1.8}]},
           {"token":"\\":","logprob":null,"top_logprobs":[]},{"token":" 7","logprob":-0.5,"top_logprobs":[{"token":" 7","logprob":-0.5},{"token":" 8","logprob":-1.1}]},
           {"token":"}","logprob":0,"top_logprobs":[]}]},
         "finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":5}}
        """

    func endpoint(_ server: FakeHTTPService, key: String? = "secret", timeout: Double = 10) -> ChatEndpoint {
        ChatEndpoint(baseURL: server.baseURL.appendingPathComponent("v1"), apiKey: key, model: "test-model",
                     timeoutSeconds: timeout, retry: Self.fast)
    }

    @Test func sendsTheWireFormatAndReadsLogprobs() async throws {
        let server = try FakeHTTPService { _ in .json(200, Self.completion) }
        let client = ChatClient(endpoint: endpoint(server))
        let request = ChatRequest(model: "", messages: [ChatMessage(.system, "s"), ChatMessage(.user, "u")], maxTokens: 50,
                                  temperature: 0, logprobs: true, topLogprobs: 5,
                                  responseFormat: .jsonSchema(name: "n", schema: ["type": "object"]))
        let answer = try await client.complete(request)
        #expect(answer.text == "{\"x\": 7}")
        #expect(answer.formatRefused == nil)
        let tokens = try #require(answer.response.tokens)
        #expect(tokens.map(\.token).joined() == "{\"x\": 7}")
        #expect(tokens[2].logprob == -.infinity)   // null reads as −∞
        #expect(tokens[3].topLogprobs.map(\.token) == [" 7", " 8"])

        let sent = try #require(server.requests.first)
        #expect(sent.method == "POST")
        #expect(sent.path == "/v1/chat/completions")
        #expect(sent.headers["authorization"] == "Bearer secret")
        #expect(sent.headers["content-type"] == "application/json")
        let body = try #require(JSONSerialization.jsonObject(with: sent.body) as? [String: Any])
        #expect(body["model"] as? String == "test-model")
        #expect(body["max_tokens"] as? Int == 50)
        #expect(body["logprobs"] as? Bool == true)
        #expect(body["top_logprobs"] as? Int == 5)
        #expect(body["stream"] as? Bool == false)
        let messages = try #require(body["messages"] as? [[String: String]])
        #expect(messages == [["role": "system", "content": "s"], ["role": "user", "content": "u"]])
        let format = try #require(body["response_format"] as? [String: Any])
        #expect(format["type"] as? String == "json_schema")
        #expect((format["json_schema"] as? [String: Any])?["name"] as? String == "n")
    }

    @Test func aRootWithoutPathGetsV1AndNoKeySendsNoAuthorization() async throws {
        let server = try FakeHTTPService { _ in .json(200, Self.completion) }
        let endpoint = ChatEndpoint(baseURL: server.baseURL, apiKey: nil, model: "m", retry: Self.fast)
        _ = try await ChatClient(endpoint: endpoint).complete(ChatRequest(model: "", messages: [ChatMessage(.user, "u")]))
        #expect(server.requests.first?.path == "/v1/chat/completions")
        #expect(server.requests.first?.headers["authorization"] == nil)
    }

    @Test func aWrongKeyIsNotRetried() async throws {
        let server = try FakeHTTPService { _ in .json(401, #"{"error":{"message":"Invalid credentials in Authorization header"}}"#) }
        await #expect(throws: ServiceError.self) {
            _ = try await ChatClient(endpoint: endpoint(server)).complete(ChatRequest(model: "", messages: [ChatMessage(.user, "u")]))
        }
        do throws(ServiceError) {
            _ = try await ChatClient(endpoint: endpoint(server)).complete(ChatRequest(model: "", messages: [ChatMessage(.user, "u")]))
        } catch {
            guard case .unauthorized(401, _) = error else { Issue.record("expected unauthorized, got \(error)"); return }
            #expect(error.statusMessage(service: "LLM") == "LLM API key invalid")
            #expect(error.isServiceProblem)
        }
        #expect(server.requests.count == 2)   // one per call: never retried
    }

    @Test func rateLimitHonoursRetryAfterThenSucceeds() async throws {
        let calls = Mutex(0)
        let server = try FakeHTTPService { _ in
            calls.withLock { $0 += 1; return $0 } == 1
                ? .json(429, #"{"error":"slow down"}"#, headers: [("Retry-After", "1")])
                : .json(200, Self.completion)
        }
        let started = ContinuousClock.now
        let answer = try await ChatClient(endpoint: endpoint(server)).complete(ChatRequest(model: "", messages: [ChatMessage(.user, "u")]))
        #expect(answer.text.contains("7"))
        #expect(server.requests.count == 2)
        #expect(ContinuousClock.now - started >= .milliseconds(950))   // waited as asked, not the 50 ms back-off
    }

    @Test func aRetryAfterLongerThanThePolicyEndsTheCall() async throws {
        let server = try FakeHTTPService { _ in .json(429, "busy", headers: [("Retry-After", "3600")]) }
        do throws(ServiceError) {
            _ = try await ChatClient(endpoint: endpoint(server)).complete(ChatRequest(model: "", messages: [ChatMessage(.user, "u")]))
            Issue.record("expected rate limited")
        } catch {
            #expect(error == .rateLimited(retryAfterSeconds: 3600, body: "busy"))
            #expect(error.retryAfterSeconds == 3600)
        }
        #expect(server.requests.count == 1)
    }

    @Test func serverErrorsAreRetriedWithBackoff() async throws {
        let calls = Mutex(0)
        let server = try FakeHTTPService { _ in
            calls.withLock { $0 += 1; return $0 } < 3 ? .json(503, "overloaded") : .json(200, Self.completion)
        }
        let retries = Mutex<[Double]>([])
        let client = ChatClient(endpoint: endpoint(server)) { _, wait in retries.withLock { $0.append(wait) } }
        _ = try await client.complete(ChatRequest(model: "", messages: [ChatMessage(.user, "u")]))
        #expect(server.requests.count == 3)
        let waits = retries.withLock { $0 }
        #expect(waits.count == 2)
        #expect(waits[1] > waits[0])   // exponential
    }

    @Test func serverErrorsPastTheLimitSurface() async throws {
        let server = try FakeHTTPService { _ in .json(500, "boom") }
        do throws(ServiceError) {
            _ = try await ChatClient(endpoint: endpoint(server)).complete(ChatRequest(model: "", messages: [ChatMessage(.user, "u")]))
            Issue.record("expected a server error")
        } catch {
            #expect(error == .serverError(status: 500, body: "boom"))
        }
        #expect(server.requests.count == 3)
    }

    @Test func unreachableAndSlowEndpointsAreTypedErrors() async throws {
        let port = try FakeHTTPService.closedPort()
        let closed = ChatEndpoint(baseURL: URL(string: "http://127.0.0.1:\(port)/v1")!, model: "m", timeoutSeconds: 30, retry: Self.fast)
        do throws(ServiceError) {
            _ = try await ChatClient(endpoint: closed).complete(ChatRequest(model: "", messages: [ChatMessage(.user, "u")]))
            Issue.record("expected unreachable")
        } catch {
            guard case .unreachable = error else { Issue.record("expected unreachable, got \(error)"); return }
            #expect(error.statusMessage(service: "LLM") == "LLM API unreachable")
        }
        // An answer that never comes within the test: AsyncHTTPClient's deadline needs a thread of
        // the test process's cooperative pool, which the whole suite's blocking waits can starve
        // for many seconds; the timeout must win however late it fires.
        let slow = try FakeHTTPService { _ in .json(200, Self.completion, delaySeconds: 600) }
        var endpoint = endpoint(slow, timeout: 0.5)
        endpoint.retry = .none
        do throws(ServiceError) {
            _ = try await ChatClient(endpoint: endpoint).complete(ChatRequest(model: "", messages: [ChatMessage(.user, "u")]))
            Issue.record("expected a timeout")
        } catch {
            #expect(error == .timedOut(seconds: 0.5))
        }
    }

    @Test func aRefusedResponseFormatIsDroppedOnce() async throws {
        let server = try FakeHTTPService { request in
            let body = (try? JSONSerialization.jsonObject(with: request.body) as? [String: Any]) ?? [:]
            return body["response_format"] == nil ? .json(200, Self.completion)
                : .json(400, #"{"error":{"message":"response_format json_schema is not supported"}}"#)
        }
        let answer = try await ChatClient(endpoint: endpoint(server)).complete(
            ChatRequest(model: "", messages: [ChatMessage(.user, "u")], responseFormat: .jsonObject))
        #expect(answer.formatRefused?.contains("not supported") == true)
        #expect(server.requests.count == 2)
    }

    @Test func retryAfterReadsSecondsAndHTTPDates() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetryPolicy.retryAfterSecondsForTesting("7", now: now) == 7)
        let date = "Tue, 14 Nov 2023 22:13:40 GMT"   // now + 20 s
        #expect(RetryPolicy.retryAfterSecondsForTesting(date, now: now) == 20)
        #expect(RetryPolicy.retryAfterSecondsForTesting("soon", now: now) == nil)
    }
}
