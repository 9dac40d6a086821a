/// One word of a text, with where it sits in the source and in which sentence.
struct RubricWord: Sendable {
    /// Lowercased, with curly apostrophes made straight: the form every word list is written in.
    let lower: String
    /// The word's characters in the source, for quoting it verbatim.
    let range: Range<String.Index>
    let sentence: Int
    let startsSentence: Bool
    /// Starts with an upper-case letter (proper nouns mid-sentence).
    let isCapitalized: Bool
    /// Two or more letters, all upper case ("SQL", "AWS").
    let isAcronym: Bool
    let hasDigit: Bool
    /// A comma (or ;/:) sits right before or after the word: how a transcriber marks a spoken "like,".
    var setOffByCommas: Bool
}

/// A text cut into words and sentences. Words are runs of letters and digits; an apostrophe or a
/// hyphen between letters ("don't", "hal-hal") and a point or comma between digits ("3.5",
/// "50,000") stay inside a word, so are "%" after a number and points of an abbreviation ("e.g").
/// Sentences end at `.`, `!`, `?`, `…` and line breaks.
struct RubricText: Sendable {
    let source: String
    let words: [RubricWord]
    /// Each sentence as a range of indices into `words`; sentences without words are dropped.
    let sentences: [Range<Int>]

    /// Abbreviations whose final point does not end a sentence.
    private static let abbreviations: Set<String> = ["e.g", "i.e", "mr", "mrs", "ms", "dr", "vs", "etc", "dll", "dsb", "yth"]

    init(_ source: String) {
        self.source = source
        var words: [RubricWord] = []
        var sentence = 0
        var atSentenceStart = true
        var commaPending = false
        var index = source.startIndex
        while index < source.endIndex {
            let character = source[index]
            guard character.isLetter || character.isNumber else {
                if ".!?…".contains(character) || character.isNewline {
                    let isAbbreviation = character == "." && words.last.map { Self.abbreviations.contains($0.lower) } == true
                    if !atSentenceStart && !isAbbreviation {
                        sentence += 1
                        atSentenceStart = true
                    }
                }
                if ",;:".contains(character) {
                    commaPending = true
                    if !words.isEmpty { words[words.count - 1].setOffByCommas = true }
                }
                index = source.index(after: index)
                continue
            }
            let end = Self.wordEnd(in: source, from: index)
            let text = source[index..<end]
            let lower = text.lowercased().replacing("’", with: "'")
            let letters = text.filter(\.isLetter)
            words.append(RubricWord(
                lower: lower, range: index..<end, sentence: sentence, startsSentence: atSentenceStart,
                isCapitalized: text.first?.isUppercase == true,
                isAcronym: letters.count >= 2 && letters.allSatisfy(\.isUppercase),
                hasDigit: text.contains(where: \.isNumber), setOffByCommas: commaPending))
            atSentenceStart = false
            commaPending = false
            index = end
        }
        self.words = words
        var sentences: [Range<Int>] = []
        var start = 0
        for i in words.indices where i + 1 == words.count || words[i + 1].sentence != words[i].sentence {
            sentences.append(start..<(i + 1))
            start = i + 1
        }
        self.sentences = sentences
    }

    /// Where the word starting at `start` ends.
    private static func wordEnd(in source: String, from start: String.Index) -> String.Index {
        var end = source.index(after: start)
        while end < source.endIndex {
            let character = source[end]
            if character.isLetter || character.isNumber {
                end = source.index(after: end)
                continue
            }
            let previous = source[source.index(before: end)]
            if character == "%" && previous.isNumber {
                return source.index(after: end)
            }
            let next = source.index(after: end)
            guard next < source.endIndex else { break }
            let following = source[next]
            let joinsLetters = "'’-.".contains(character) && previous.isLetter && following.isLetter
            let joinsDigits = ".,".contains(character) && previous.isNumber && following.isNumber
            guard joinsLetters || joinsDigits else { break }
            end = next
        }
        return end
    }

    /// The source text from the first to the last of `words` (indices), verbatim.
    func excerpt(_ words: ClosedRange<Int>) -> Substring {
        source[self.words[words.lowerBound].range.lowerBound..<self.words[words.upperBound].range.upperBound]
    }

    /// Whether `phrase` (lowercase words) occurs at word `index`, inside one sentence.
    func matches(_ phrase: [String], at index: Int) -> Bool {
        guard index + phrase.count <= words.count else { return false }
        let sentence = words[index].sentence
        for (offset, token) in phrase.enumerated() {
            let word = words[index + offset]
            if word.lower != token || word.sentence != sentence { return false }
        }
        return true
    }
}
