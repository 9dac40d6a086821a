/// Everything the rubric counts in one answer, before any weighting. Positions are indices into
/// `text.words`; a span is the words of one item ("three months", "I then called").
struct RubricFeatures: Sendable {
    let text: RubricText
    let question: RubricQuestion
    /// The question terms the answer uses, in the question's order.
    let coveredTerms: [RubricTerm]
    /// Share of sentences that use at least one question term.
    let focus: Double
    let markers: [(marker: RubricMarker, at: Int)]
    let numbers: [ClosedRange<Int>]
    let times: [ClosedRange<Int>]
    let names: [ClosedRange<Int>]
    /// The candidate's own actions: a first-person pronoun and its verb.
    let actions: [ClosedRange<Int>]
    let firstPersonCount: Int
    /// Past-tense verbs and past-time phrases.
    let pastCount: Int
    /// First sentence that sets a scene, first with an own action, last that reports an outcome.
    let situationSentence: Int?
    let actionSentence: Int?
    let resultSentence: Int?
    /// Fillers and immediate repetitions.
    let disfluentCount: Int
    /// The passage most relevant to the question, at most `quoteMaximumWords` long.
    let quote: ClosedRange<Int>?

    init(_ input: RubricInput) {
        let text = RubricText(input.transcript)
        let lexicon = RubricLexicon.of(input.language)
        let words = text.words
        self.text = text
        question = RubricQuestion(input.question, interviewLanguage: input.language)

        let keys = words.map { lexicon.stopWords.contains($0.lower) ? "" : RubricStemmer.key($0.lower, input.language) }
        let answerKeys = Set(keys)
        coveredTerms = question.terms.filter { answerKeys.contains($0.key) }
        let coveredKeys = Set(coveredTerms.map(\.key))
        let onTopicSentences = text.sentences.count { sentence in sentence.contains { coveredKeys.contains(keys[$0]) } }
        focus = text.sentences.isEmpty ? 0 : Double(onTopicSentences) / Double(text.sentences.count)

        markers = Self.findMarkers(in: text, lexicon)
        numbers = Self.spans(in: words) { $0.hasDigit || lexicon.numberWords.contains($0.lower) }
        times = Self.timeReferences(in: words, lexicon)
        names = Self.spans(in: words) { word in
            (word.isAcronym || word.isCapitalized && !word.startsSentence)
                && !lexicon.firstPerson.contains(word.lower) && !lexicon.stopWords.contains(word.lower)
                && !lexicon.timeWords.contains(word.lower) && !word.hasDigit
        }
        actions = Self.findActions(in: words, lexicon)
        firstPersonCount = words.count { lexicon.firstPerson.contains($0.lower) }

        let situationHits = Self.starts(of: lexicon.situationPhrases, in: text)
        let pastWords = words.count { lexicon.isPast($0.lower) }
        pastCount = pastWords + situationHits.count
        let resultHits = Self.starts(of: lexicon.resultPhrases, in: text)
            + words.indices.filter { lexicon.resultStems.contains(RubricStemmer.stem(words[$0].lower, input.language)) }
            + markers.filter { $0.marker.category == .result }.map(\.at)
        situationSentence = (situationHits + times.map(\.lowerBound)).map { words[$0].sentence }.min()
        actionSentence = actions.first.map { words[$0.lowerBound].sentence }
        resultSentence = resultHits.map { words[$0].sentence }.max()

        disfluentCount = Self.countDisfluent(in: text, lexicon)
        quote = Self.mostRelevantPassage(in: text, keys: keys, covered: coveredKeys)
    }

    var wordCount: Int { text.words.count }
    var sentenceCount: Int { text.sentences.count }

    /// Share of the question's terms the answer uses, or the neutral value when it has none.
    var coverage: Double {
        question.terms.isEmpty ? RubricWeights.Relevance.coverageWithoutTerms
            : Double(coveredTerms.count) / Double(question.terms.count)
    }

    /// Words that are neither fillers nor repeats: what the length band measures.
    var contentWordCount: Int { wordCount - disfluentCount }

    var disfluentShare: Double { wordCount == 0 ? 0 : Double(disfluentCount) / Double(wordCount) }

    func count(of category: RubricMarkerCategory) -> Int { markers.count { $0.marker.category == category } }

    /// How many different items the spans hold: "I fixed it" said twelve times is one action.
    func distinct(_ spans: [ClosedRange<Int>]) -> Int { Set(spans.map { text.excerpt($0).lowercased() }).count }

    /// Distinct markers in the order they first occur, as lowercase phrases.
    var distinctMarkers: [String] {
        var seen: Set<String> = []
        return markers.map { $0.marker.words.joined(separator: " ") }.filter { seen.insert($0).inserted }
    }

    /// Numbers, time references, names, example markers and own actions as written, in text order.
    var specificityMarkers: [String] {
        let spans = numbers + times + names + actions
            + markers.filter { $0.marker.category == .example }.map { $0.at...($0.at + $0.marker.words.count - 1) }
        // "two" is shown inside "two days", not beside it.
        let outermost = spans.filter { span in !spans.contains { $0 != span && $0.contains(span.lowerBound) && $0.contains(span.upperBound) } }
        var seen: Set<String> = []
        return outermost.sorted { $0.lowerBound < $1.lowerBound }
            .map { String(text.excerpt($0)) }
            .filter { seen.insert($0.lowercased()).inserted }
    }

    // MARK: Finding things

    private static func findMarkers(in text: RubricText, _ lexicon: RubricLexicon) -> [(marker: RubricMarker, at: Int)] {
        var found: [(marker: RubricMarker, at: Int)] = []
        var index = 0
        while index < text.words.count {
            let word = text.words[index]
            let opensClause = word.startsSentence || word.setOffByCommas
            if let marker = lexicon.markers.first(where: { marker in
                text.matches(marker.words, at: index) && (opensClause || !lexicon.clauseInitialMarkers.contains(marker.words.joined(separator: " ")))
            }) {
                found.append((marker, index))
                index += marker.words.count
            } else {
                index += 1
            }
        }
        return found
    }

    private static func starts(of phrases: [[String]], in text: RubricText) -> [Int] {
        text.words.indices.filter { index in phrases.contains { text.matches($0, at: index) } }
    }

    /// Runs of consecutive words in one sentence that satisfy `test`.
    private static func spans(in words: [RubricWord], where test: (RubricWord) -> Bool) -> [ClosedRange<Int>] {
        var spans: [ClosedRange<Int>] = []
        for index in words.indices where test(words[index]) {
            if let last = spans.last, last.upperBound == index - 1, words[index - 1].sentence == words[index].sentence {
                spans[spans.count - 1] = last.lowerBound...index
            } else {
                spans.append(index...index)
            }
        }
        return spans
    }

    /// A time word with the number or modifier before it and the one after it ("last year",
    /// "three months", "dua minggu lalu").
    private static func timeReferences(in words: [RubricWord], _ lexicon: RubricLexicon) -> [ClosedRange<Int>] {
        words.indices.filter { lexicon.timeWords.contains(words[$0].lower) }.map { index in
            func belongs(_ other: Int, _ modifiers: Set<String>) -> Bool {
                words.indices.contains(other) && words[other].sentence == words[index].sentence
                    && (modifiers.contains(words[other].lower) || words[other].hasDigit || lexicon.numberWords.contains(words[other].lower))
            }
            return (belongs(index - 1, lexicon.timeLeadWords) ? index - 1 : index)...(belongs(index + 1, lexicon.timeTailWords) ? index + 1 : index)
        }
    }

    /// "I led", "I then called", "saya langsung menghubungi": an actor pronoun, lead-ins, a verb
    /// that is neither a state nor an opinion.
    private static func findActions(in words: [RubricWord], _ lexicon: RubricLexicon) -> [ClosedRange<Int>] {
        words.indices.compactMap { start in
            guard lexicon.actors.contains(words[start].lower) else { return nil }
            var verb = start + 1
            while verb < words.count, lexicon.actionLeadIns.contains(words[verb].lower) { verb += 1 }
            guard verb < words.count, words[verb].sentence == words[start].sentence, !words[verb].hasDigit else { return nil }
            let candidate = words[verb].lower
            let isAction = lexicon.mayBeVerb(candidate) && !lexicon.notActions.contains(candidate)
                && (!lexicon.stopWords.contains(candidate) || lexicon.actionStopWords.contains(candidate))
            return isAction ? start...verb : nil
        }
    }

    /// Fillers ("um", "eh", "like," set off by commas, "you know") and words that repeat the one
    /// or two before them ("jadi jadi", "I I", "I just, I just").
    private static func countDisfluent(in text: RubricText, _ lexicon: RubricLexicon) -> Int {
        let words = text.words
        var disfluent = words.map { lexicon.fillers.contains($0.lower) }
        for index in words.indices {
            for phrase in lexicon.fillerPhrases where text.matches(phrase, at: index) {
                for offset in phrase.indices { disfluent[index + offset] = true }
            }
        }
        for index in words.indices where lexicon.fillerWhenSetOff.contains(words[index].lower) {
            let besideFiller = index > 0 && disfluent[index - 1] || index + 1 < words.count && disfluent[index + 1]
            if words[index].setOffByCommas || besideFiller { disfluent[index] = true }
        }
        for index in words.indices.dropFirst() where !words[index].hasDigit && words[index].lower == words[index - 1].lower {
            disfluent[index] = true
        }
        for index in words.indices.dropFirst(3)
        where words[index].lower == words[index - 2].lower && words[index - 1].lower == words[index - 3].lower
            && words[index].lower != words[index - 1].lower {
            disfluent[index] = true
            disfluent[index - 1] = true
        }
        return disfluent.count { $0 }
    }

    /// The sentence with the most question terms (then the most concrete detail, then the
    /// earliest), cut to the quote length around its first question term.
    private static func mostRelevantPassage(in text: RubricText, keys: [String], covered: Set<String>) -> ClosedRange<Int>? {
        let limit = RubricWeights.Analysis.quoteMaximumWords
        let scored = text.sentences.map { sentence -> (sentence: Range<Int>, terms: Int, detail: Int) in
            let terms = Set(sentence.map { keys[$0] }).intersection(covered).count
            let detail = sentence.count { text.words[$0].hasDigit || text.words[$0].isAcronym }
            return (sentence, terms, detail)
        }
        guard let best = scored.max(by: { ($0.terms, $0.detail, $1.sentence.lowerBound) < ($1.terms, $1.detail, $0.sentence.lowerBound) })
        else { return nil }
        let sentence = best.sentence
        guard sentence.count > limit else { return sentence.lowerBound...(sentence.upperBound - 1) }
        let firstTerm = sentence.first { covered.contains(keys[$0]) } ?? sentence.lowerBound
        let start = min(max(sentence.lowerBound, firstTerm - RubricWeights.Analysis.quoteLeadWords), sentence.upperBound - limit)
        return start...(start + limit - 1)
    }
}
