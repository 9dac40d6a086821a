import Foundation
import ServiceClients

/// The chat endpoint and how to use it, from the environment. No `LLM_BASE_URL` means no
/// endpoint: the rubric scorer is used and says so (the embedded default).
///
/// | variable | meaning | default |
/// |---|---|---|
/// | `LLM_BASE_URL` | OpenAI-compatible API root (`https://router.huggingface.co/v1`, `http://localhost:8080/v1`) | none |
/// | `LLM_API_KEY` | bearer key (`HF_TOKEN` is read when unset, as the reference) | none |
/// | `LLM_MODEL` | model name | `meta-llama/Llama-3.1-8B-Instruct` |
/// | `LLM_TIMEOUT_SECONDS` | per request | 120 |
/// | `LLM_MAX_ATTEMPTS` | requests per call, the first included (429/5xx/no answer are retried) | 4 |
/// | `LLM_MAX_TOKENS`, `LLM_SUMMARY_MAX_TOKENS` | reply lengths | 600, 500 |
/// | `LLM_TOP_LOGPROBS` | alternatives per token | 5 |
/// | `LLM_TEMPERATURE` | sampling temperature | 0 |
/// | `LLM_JSON_MODE` | `json_schema`, `json_object_schema` (llama-cpp-python), `json_object`, `none` | `json_schema` |
/// | `REPORT_LANGUAGE` | language of `analisis_llm` and `kesimpulan_llm`: `id` or `en` | `id` |
public struct LLMConfiguration: Sendable, Equatable {
    public static let defaultModel = "meta-llama/Llama-3.1-8B-Instruct"

    public var endpoint: ChatEndpoint?
    public var options: LLMOptions

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(Invalid) -> LLMConfiguration {
        func value(_ key: String) -> String? {
            environment[key].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        func number<T: LosslessStringConvertible>(_ key: String, _ fallback: T) throws(Invalid) -> T {
            guard let text = value(key) else { return fallback }
            guard let parsed = T(text) else { throw Invalid(description: "\(key)=\(text) is not a number") }
            return parsed
        }
        var options = LLMOptions()
        if let text = value("REPORT_LANGUAGE") {
            guard let language = TextLanguage(rawValue: text) else { throw Invalid(description: "REPORT_LANGUAGE must be 'id' or 'en', not \(text)") }
            options.reportLanguage = language
        }
        options.maxTokens = try number("LLM_MAX_TOKENS", options.maxTokens)
        options.summaryMaxTokens = try number("LLM_SUMMARY_MAX_TOKENS", options.summaryMaxTokens)
        options.topLogprobs = try number("LLM_TOP_LOGPROBS", options.topLogprobs)
        options.temperature = try number("LLM_TEMPERATURE", options.temperature)
        if let text = value("LLM_JSON_MODE") {
            guard let mode = LLMOptions.JSONMode(rawValue: text) else {
                throw Invalid(description: "LLM_JSON_MODE must be one of \(LLMOptions.JSONMode.allCases.map(\.rawValue).joined(separator: ", ")), not \(text)")
            }
            options.jsonMode = mode
        }
        guard let base = value("LLM_BASE_URL") else { return LLMConfiguration(endpoint: nil, options: options) }
        guard let url = URL(string: base), url.scheme == "https" || url.scheme == "http", url.host != nil else {
            throw Invalid(description: "LLM_BASE_URL is not an http(s) URL: \(base)")
        }
        let retry = RetryPolicy(maxAttempts: try number("LLM_MAX_ATTEMPTS", 4))
        let endpoint = ChatEndpoint(baseURL: url, apiKey: value("LLM_API_KEY") ?? value("HF_TOKEN"),
                                    model: value("LLM_MODEL") ?? defaultModel,
                                    timeoutSeconds: try number("LLM_TIMEOUT_SECONDS", 120.0), retry: retry)
        return LLMConfiguration(endpoint: endpoint, options: options)
    }
}
