/// What a question asks for, which decides what a fitting answer contains.
enum RubricQuestionKind: String, Sendable {
    /// "Tell me about a time…", "Ceritakan pengalaman…": a past situation told in the first person.
    case pastSituation = "past_situation"
    /// "How do you…", "Bagaimana…", "What would you do…": steps or actions.
    case steps
    /// "Why…", "Mengapa…": reasons.
    case reasons
    /// Anything else ("What is your greatest strength?"): a claim backed by an example or a reason.
    case general
}

/// A content word of the question: as written, its stem, and the key answers are matched on.
struct RubricTerm: Sendable {
    let word: String
    let stem: String
    let key: String
}

/// The question as the rubric reads it: its kind and its content terms (stop words and question
/// framing of both languages removed, one term per matching key, in the question's order).
struct RubricQuestion: Sendable {
    let kind: RubricQuestionKind
    let terms: [RubricTerm]

    /// `interviewLanguage` decides the stemmer when the question's own words do not tell.
    init(_ question: String, interviewLanguage: TextLanguage) {
        let text = RubricText(question)
        let language = Self.language(of: text) ?? interviewLanguage
        kind = RubricLexicon.questionKinds.first { _, phrasings in
            text.words.indices.contains { index in phrasings.contains { text.matches($0, at: index) } }
        }?.0 ?? .general
        var seen: Set<String> = []
        terms = text.words.compactMap { word in
            guard !RubricLexicon.questionNoise.contains(word.lower),
                  word.lower.count >= RubricWeights.Relevance.minimumTermLetters || word.hasDigit else { return nil }
            let key = RubricStemmer.key(word.lower, language)
            guard seen.insert(key).inserted else { return nil }
            return RubricTerm(word: word.lower, stem: RubricStemmer.stem(word.lower, language), key: key)
        }
    }

    /// The language with more stop words in the text; nil on a tie.
    static func language(of text: RubricText) -> TextLanguage? {
        let en = text.words.count { RubricLexicon.english.stopWords.contains($0.lower) }
        let id = text.words.count { RubricLexicon.indonesian.stopWords.contains($0.lower) }
        return en == id ? nil : (en > id ? .en : .id)
    }
}
