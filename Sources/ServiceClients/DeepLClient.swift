import Foundation

/// DeepL's text translation API (`POST /v2/translate`, JSON), with the key in
/// `Authorization: DeepL-Auth-Key <key>`. Keys ending in `:fx` are free-plan keys and go to
/// `api-free.deepl.com`; others to `api.deepl.com` (DeepL's documented rule).
///
/// Texts longer than `chunkCharacters` are split at sentence ends and rejoined with a space;
/// the pieces of one call go in one request (DeepL takes up to 50 texts and 128 KiB per request)
/// whenever they fit, in several otherwise.
public struct DeepLClient: Sendable {
    public static let freeURL = URL(string: "https://api-free.deepl.com")!
    public static let proURL = URL(string: "https://api.deepl.com")!
    static let maxTextsPerRequest = 50
    static let maxRequestBytes = 120 * 1024

    public let authKey: String
    public let baseURL: URL
    public var chunkCharacters = 5000
    private let http: JSONServiceClient

    /// `baseURL` overrides the plan's endpoint (a proxy, or a test server).
    public init(authKey: String, baseURL: URL? = nil, timeoutSeconds: Double = 60, retry: RetryPolicy = .default,
                onRetry: (@Sendable (String, Double) -> Void)? = nil) {
        self.authKey = authKey
        self.baseURL = baseURL ?? (authKey.hasSuffix(":fx") ? Self.freeURL : Self.proURL)
        http = JSONServiceClient(timeoutSeconds: timeoutSeconds, retry: retry, onRetry: onRetry)
    }

    public var isFreePlan: Bool { authKey.hasSuffix(":fx") }

    /// Translates `text` from `source` (a DeepL source code such as `ID`, `EN`; nil to detect) to
    /// `target` (`EN-US`, `ID`, …).
    public func translate(_ text: String, source: String?, target: String) async throws(ServiceError) -> String {
        let pieces = Self.chunks(of: text, limit: chunkCharacters)
        guard !pieces.isEmpty else { return "" }
        var translated: [String] = []
        var batch: [String] = []
        var batchBytes = 0
        for piece in pieces {
            let size = piece.utf8.count + 16
            if !batch.isEmpty, batch.count == Self.maxTextsPerRequest || batchBytes + size > Self.maxRequestBytes {
                translated += try await send(batch, source: source, target: target)
                batch = []
                batchBytes = 0
            }
            batch.append(piece)
            batchBytes += size
        }
        translated += try await send(batch, source: source, target: target)
        return translated.joined(separator: " ")
    }

    struct Body: Encodable {
        var text: [String]
        var sourceLang: String?
        var targetLang: String
        enum CodingKeys: String, CodingKey {
            case text
            case sourceLang = "source_lang"
            case targetLang = "target_lang"
        }
    }

    struct Answer: Decodable {
        struct Translation: Decodable {
            var text: String
            var detectedSourceLanguage: String?
            enum CodingKeys: String, CodingKey {
                case text
                case detectedSourceLanguage = "detected_source_language"
            }
        }
        var translations: [Translation]
    }

    private func send(_ texts: [String], source: String?, target: String) async throws(ServiceError) -> [String] {
        let body: Data
        do { body = try JSONEncoder().encode(Body(text: texts, sourceLang: source, targetLang: target)) } catch {
            throw .invalidResponse("could not encode the request: \(error)")
        }
        let response = try await http.postJSON(baseURL.appendingPathComponent("v2/translate"), body: body,
                                               headers: [("Authorization", "DeepL-Auth-Key \(authKey)")])
        guard let answer = try? JSONDecoder().decode(Answer.self, from: response.body),
              answer.translations.count == texts.count else {
            throw .invalidResponse("not a DeepL translation of \(texts.count) text(s): "
                + ServiceError.excerpt(String(decoding: response.body.prefix(500), as: UTF8.self)))
        }
        return answer.translations.map(\.text)
    }

    /// `text` cut into pieces of at most `limit` characters, at sentence ends where possible,
    /// at spaces otherwise. Empty and blank pieces are dropped.
    static func chunks(of text: String, limit: Int) -> [String] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count > limit else { return trimmed.isEmpty ? [] : [trimmed] }
        let sentences = sentencesKeepingSpaces(trimmed)
        var pieces: [String] = []
        var current = ""
        func flush() {
            let piece = current.trimmingCharacters(in: .whitespacesAndNewlines)
            if !piece.isEmpty { pieces.append(piece) }
            current = ""
        }
        for sentence in sentences {
            if current.count + sentence.count > limit { flush() }
            if sentence.count > limit {
                // One sentence over the limit: cut at the last space before it.
                var rest = Substring(sentence)
                while rest.count > limit {
                    let window = rest.prefix(limit)
                    let cut = window.lastIndex(of: " ") ?? window.endIndex
                    current = String(rest[..<cut])
                    flush()
                    rest = rest[cut...]
                }
                current = String(rest)
            } else {
                current += sentence
            }
        }
        flush()
        return pieces
    }

    /// Sentences, each with the spaces that follow it, so that joining them gives `text` back.
    /// A sentence ends at `.`, `!` or `?` (runs of them, and closing quotes) followed by a space.
    static func sentencesKeepingSpaces(_ text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        var ended = false
        for character in text {
            if ended, !character.isWhitespace {
                sentences.append(current)
                current = ""
            }
            current.append(character)
            if ".!?".contains(character) { ended = true }
            else if !character.isWhitespace, !"\"')”’".contains(character) { ended = false }
        }
        if !current.isEmpty { sentences.append(current) }
        return sentences
    }
}
