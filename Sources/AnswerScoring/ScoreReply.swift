import Foundation
import ServiceClients

/// A chat model's reply to ``ScorePrompt/answer(question:transcript:language:reportLanguage:)``,
/// read leniently: code fences stripped, the first balanced `{…}` taken, numbers accepted as
/// JSON numbers or numeric strings, `analysis` accepted for `analisis_llm`.
public struct ScoreReply: Sendable, Equatable {
    public var analysis: String
    /// The written scores, clamped to 0–100, by key.
    public var scores: [String: Int]

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case noJSONObject
        case missing(String)
        public var description: String {
            switch self {
            case .noJSONObject: "the reply holds no JSON object"
            case let .missing(key): "the reply has no usable \(key)"
            }
        }
    }

    public init(parsing text: String) throws(Problem) {
        guard let range = Self.firstObject(in: text),
              let object = try? JSONSerialization.jsonObject(with: Data(text[range].utf8)) as? [String: Any] else {
            throw .noJSONObject
        }
        var scores: [String: Int] = [:]
        for key in ScorePrompt.scoreKeys {
            let value: Double? = switch object[key] {
            case let number as NSNumber: number.doubleValue
            case let string as String: Double(string.trimmingCharacters(in: .whitespaces))
            default: nil
            }
            guard let value, value.isFinite else { throw .missing(key) }
            scores[key] = Int(min(100, max(0, value.rounded())))
        }
        let analysis = (object["analisis_llm"] as? String ?? object["analysis"] as? String ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard !analysis.isEmpty else { throw .missing("analisis_llm") }
        self.analysis = analysis
        self.scores = scores
    }

    /// The range of the first balanced JSON object in `text` (braces inside strings ignored).
    static func firstObject(in text: String) -> Range<String.Index>? {
        guard let start = text.firstIndex(of: "{") else { return nil }
        var depth = 0
        var inString = false
        var escaped = false
        var index = start
        while index < text.endIndex {
            let character = text[index]
            if inString {
                if escaped { escaped = false }
                else if character == "\\" { escaped = true }
                else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            } else if character == "{" {
                depth += 1
            } else if character == "}" {
                depth -= 1
                if depth == 0 { return start..<text.index(after: index) }
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// The character offsets of `key`'s integer value in `text` (the concatenated reply tokens),
    /// inside the first JSON object.
    static func valueRange(of key: String, in text: String) -> Range<Int>? {
        let characters = Array(text)
        let needle = Array("\"\(key)\"")
        guard characters.count >= needle.count else { return nil }
        var position = 0
        while position + needle.count <= characters.count {
            if Array(characters[position..<position + needle.count]) == needle {
                var cursor = position + needle.count
                while cursor < characters.count, characters[cursor] == " " || characters[cursor] == "\n" { cursor += 1 }
                guard cursor < characters.count, characters[cursor] == ":" else { position += 1; continue }
                cursor += 1
                while cursor < characters.count, characters[cursor] == " " || characters[cursor] == "\"" || characters[cursor] == "\n" {
                    cursor += 1
                }
                let start = cursor
                while cursor < characters.count, characters[cursor].isASCIIDigit { cursor += 1 }
                return cursor > start ? start..<cursor : nil
            }
            position += 1
        }
        return nil
    }
}

extension ScoreReply {
    /// ``valueRange(of:in:)`` for tests outside the module.
    public static func valueRangeForTesting(of key: String, in text: String) -> Range<Int>? {
        valueRange(of: key, in: text)
    }
}
