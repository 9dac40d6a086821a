// The OpenAI chat-completions wire format (`POST …/chat/completions`), the part this project
// sends and reads. Hugging Face's router, vLLM, Ollama, llama.cpp's server and OpenAI speak it.

public struct ChatMessage: Codable, Sendable, Equatable {
    public enum Role: String, Codable, Sendable { case system, user, assistant }
    public var role: Role
    public var content: String

    public init(_ role: Role, _ content: String) {
        self.role = role
        self.content = content
    }
}

/// Constrains the reply's shape. Endpoints that do not know the field answer 400; the caller
/// then asks again without it (``ChatClient/complete(_:)`` does).
public enum ResponseFormat: Sendable, Equatable, Encodable {
    /// `{"type":"json_schema","json_schema":{"name":…,"schema":…,"strict":true}}` (OpenAI, vLLM,
    /// Ollama, llama.cpp).
    case jsonSchema(name: String, schema: JSONValue)
    /// `{"type":"json_object"}`.
    case jsonObject
    /// `{"type":"json_object","schema":…}`: llama-cpp-python's server, which knows no `json_schema`.
    case jsonObjectWithSchema(JSONValue)

    public func encode(to encoder: any Encoder) throws {
        let value: JSONValue = switch self {
        case let .jsonSchema(name, schema):
            ["type": "json_schema", "json_schema": ["name": .string(name), "schema": schema, "strict": true]]
        case .jsonObject:
            ["type": "json_object"]
        case let .jsonObjectWithSchema(schema):
            ["type": "json_object", "schema": schema]
        }
        try value.encode(to: encoder)
    }
}

public struct ChatRequest: Encodable, Sendable, Equatable {
    public var model: String
    public var messages: [ChatMessage]
    public var maxTokens: Int?
    public var temperature: Double?
    public var topP: Double?
    /// Ask for each generated token's log-probability, and the `topLogprobs` most likely
    /// alternatives at each position (OpenAI allows up to 20).
    public var logprobs: Bool?
    public var topLogprobs: Int?
    public var responseFormat: ResponseFormat?
    public var seed: Int?
    public var stream = false

    public init(model: String, messages: [ChatMessage], maxTokens: Int? = nil, temperature: Double? = nil,
                topP: Double? = nil, logprobs: Bool? = nil, topLogprobs: Int? = nil,
                responseFormat: ResponseFormat? = nil, seed: Int? = nil) {
        self.model = model
        self.messages = messages
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
        self.logprobs = logprobs
        self.topLogprobs = topLogprobs
        self.responseFormat = responseFormat
        self.seed = seed
    }

    enum CodingKeys: String, CodingKey {
        case model, messages, temperature, logprobs, seed, stream
        case maxTokens = "max_tokens"
        case topP = "top_p"
        case topLogprobs = "top_logprobs"
        case responseFormat = "response_format"
    }
}

public struct ChatResponse: Decodable, Sendable, Equatable {
    public var id: String?
    public var model: String?
    public var choices: [Choice]
    public var usage: Usage?

    public struct Choice: Decodable, Sendable, Equatable {
        public var message: Message
        public var logprobs: Logprobs?
        public var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case message, logprobs
            case finishReason = "finish_reason"
        }
    }

    public struct Message: Decodable, Sendable, Equatable {
        public var role: String?
        public var content: String?
    }

    public struct Logprobs: Decodable, Sendable, Equatable {
        public var content: [TokenLogprob]?
    }

    public struct Usage: Decodable, Sendable, Equatable {
        public var promptTokens: Int?
        public var completionTokens: Int?

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
        }
    }

    /// The first choice's text.
    public var text: String? { choices.first?.message.content }
    /// The first choice's tokens with their log-probabilities, when the endpoint gave them.
    public var tokens: [TokenLogprob]? { choices.first?.logprobs?.content }
}

/// One generated token, its log-probability and the most likely alternatives at its position.
/// A log-probability of `null` (some servers' rendering of −∞) reads as `-infinity`.
public struct TokenLogprob: Decodable, Sendable, Equatable {
    public var token: String
    public var logprob: Double
    public var topLogprobs: [Alternative]

    public struct Alternative: Decodable, Sendable, Equatable {
        public var token: String
        public var logprob: Double

        public init(token: String, logprob: Double) {
            self.token = token
            self.logprob = logprob
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            token = try container.decode(String.self, forKey: .token)
            logprob = try container.decodeIfPresent(Double.self, forKey: .logprob) ?? -.infinity
        }

        enum CodingKeys: String, CodingKey { case token, logprob }
    }

    public init(token: String, logprob: Double, topLogprobs: [Alternative] = []) {
        self.token = token
        self.logprob = logprob
        self.topLogprobs = topLogprobs
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        token = try container.decode(String.self, forKey: .token)
        logprob = try container.decodeIfPresent(Double.self, forKey: .logprob) ?? -.infinity
        topLogprobs = try container.decodeIfPresent([Alternative].self, forKey: .topLogprobs) ?? []
    }

    enum CodingKeys: String, CodingKey {
        case token, logprob
        case topLogprobs = "top_logprobs"
    }
}
