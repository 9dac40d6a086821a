import Foundation

/// `translations/<n>.json`: an answer's transcript in the other interview language, which
/// engine made it, or why there is none. `text` is nil then: the source is never copied into
/// the other language's field.
public struct TranslationArtifact: Codable, Sendable, Equatable {
    public enum Engine: String, Codable, Sendable {
        /// DeepL's API.
        case deepl
        /// The configured chat endpoint.
        case llm
        /// Whisper's own translate task on the answer's audio (Indonesian → English only).
        case whisper
        /// Nothing could translate; `unavailableReason` says why.
        case none
    }

    public var sourceLanguage: String
    public var targetLanguage: String
    public var text: String?
    public var engine: Engine
    /// The model or plan that translated ("DeepL API Free", a chat model's name, "whisper-base translate").
    public var engineDetail: String?
    public var unavailableReason: String?
    public var sourceCharacters: Int

    public init(sourceLanguage: String, targetLanguage: String, text: String?, engine: Engine,
                engineDetail: String? = nil, unavailableReason: String? = nil, sourceCharacters: Int) {
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.text = text
        self.engine = engine
        self.engineDetail = engineDetail
        self.unavailableReason = unavailableReason
        self.sourceCharacters = sourceCharacters
    }

    /// What the results document shows in the other language's field when there is no translation.
    public var fieldText: String {
        text ?? "[Translation not available: \(unavailableReason ?? "no translation engine")]"
    }

    enum CodingKeys: String, CodingKey {
        case text, engine
        case sourceLanguage = "source_language"
        case targetLanguage = "target_language"
        case engineDetail = "engine_detail"
        case unavailableReason = "unavailable_reason"
        case sourceCharacters = "source_characters"
    }
}
