import Foundation

/// Where an OpenAI-compatible chat-completions endpoint is and how to use it.
public struct ChatEndpoint: Sendable, Equatable {
    /// The API root: `https://router.huggingface.co/v1`, `http://localhost:8000/v1` (vLLM),
    /// `http://localhost:11434/v1` (Ollama), `http://localhost:8080/v1` (llama.cpp),
    /// `https://api.openai.com/v1`. `chat/completions` is appended; a root with no path gets `v1/`.
    public var baseURL: URL
    /// Sent as `Authorization: Bearer <key>`; none when empty (local servers).
    public var apiKey: String?
    public var model: String
    /// Per request, from connecting to the last byte.
    public var timeoutSeconds: Double
    public var retry: RetryPolicy

    public init(baseURL: URL, apiKey: String? = nil, model: String, timeoutSeconds: Double = 120,
                retry: RetryPolicy = .default) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.model = model
        self.timeoutSeconds = timeoutSeconds
        self.retry = retry
    }

    public var completionsURL: URL {
        let path = baseURL.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        return baseURL.appendingPathComponent(path.isEmpty ? "v1/chat/completions" : "chat/completions")
    }

    /// Whether the endpoint is Hugging Face's (the reference's `hf_api_used`).
    public var isHuggingFace: Bool { baseURL.host?.hasSuffix("huggingface.co") ?? false }
}

/// A client of one chat-completions endpoint.
public struct ChatClient: Sendable {
    public let endpoint: ChatEndpoint
    private let http: JSONServiceClient

    public init(endpoint: ChatEndpoint, onRetry: (@Sendable (String, Double) -> Void)? = nil) {
        self.endpoint = endpoint
        http = JSONServiceClient(timeoutSeconds: endpoint.timeoutSeconds, retry: endpoint.retry, onRetry: onRetry)
    }

    /// Sends `request` (its `model` is the endpoint's when empty). If the endpoint rejects the
    /// request's `response_format` (400/422, as servers that do not know the field do), the same
    /// request is sent once more without it; ``ChatCompletion/formatRefused`` says so.
    public func complete(_ request: ChatRequest) async throws(ServiceError) -> ChatCompletion {
        var request = request
        if request.model.isEmpty { request.model = endpoint.model }
        do {
            return ChatCompletion(response: try await send(request), formatRefused: nil)
        } catch let error {
            guard request.responseFormat != nil, case let .rejected(status, body) = error, status == 400 || status == 422 else {
                throw error
            }
            request.responseFormat = nil
            return ChatCompletion(response: try await send(request), formatRefused: "HTTP \(status): \(ServiceError.excerpt(body))")
        }
    }

    private func send(_ request: ChatRequest) async throws(ServiceError) -> ChatResponse {
        let body: Data
        do { body = try JSONEncoder().encode(request) } catch {
            throw .invalidResponse("could not encode the request: \(error)")
        }
        var headers: [(String, String)] = []
        if let key = endpoint.apiKey, !key.isEmpty { headers.append(("Authorization", "Bearer \(key)")) }
        let response = try await http.postJSON(endpoint.completionsURL, body: body, headers: headers)
        let decoded: ChatResponse
        do { decoded = try JSONDecoder().decode(ChatResponse.self, from: response.body) } catch {
            throw .invalidResponse("not a chat completion: \(error); body: \(ServiceError.excerpt(String(decoding: response.body.prefix(500), as: UTF8.self)))")
        }
        guard decoded.text != nil else { throw .invalidResponse("the completion has no message content") }
        return decoded
    }
}

/// A chat endpoint's answer, and whether it had to be asked without the response format.
public struct ChatCompletion: Sendable, Equatable {
    public var response: ChatResponse
    /// Why the endpoint refused the `response_format`, when it did (the answer is then free-form).
    public var formatRefused: String?

    public var text: String { response.text ?? "" }
}
