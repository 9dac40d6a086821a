/// The written analysis: two to four sentences from templates in the report language. It says it
/// comes from rules, quotes the passage most relevant to the question, names what was found and
/// what is missing. It reports what the answer contains, never how the candidate feels or is.
enum RubricAnalysis {
    static func write(_ features: RubricFeatures, _ scores: RubricSubscores, in language: TextLanguage) -> String {
        var sentences = [overview(features, language)]
        if let quote = quotation(features) {
            sentences.append(language == .id ? "Kandidat menyatakan: “\(quote)”." : "The candidate says: “\(quote)”.")
        }
        let found = strengths(features, scores).map { $0.text(language) }
        if !found.isEmpty {
            sentences.append((language == .id ? "Jawaban " : "The answer ") + list(found, language) + ".")
        }
        let missing = gaps(features, scores).prefix(RubricWeights.Analysis.maximumGaps).map { $0.text(language) }
        if missing.isEmpty {
            sentences.append(language == .id ? "Aturan rubrik tidak menemukan kekurangan utama." : "The rules found no major gap.")
        } else {
            sentences.append((language == .id ? "Yang kurang: " : "Missing or weak: ") + list(missing, language) + ".")
        }
        return sentences.joined(separator: " ")
    }

    /// The analysis of an answer without words, or (`onlyFillers`) without words other than fillers.
    static func noSpeech(in language: TextLanguage, onlyFillers: Bool) -> String {
        switch (language, onlyFillers) {
        case (.en, false): "Rule-based rubric, not an LLM: no speech was transcribed for this answer, so all three scores are 0."
        case (.en, true): "Rule-based rubric, not an LLM: the transcript holds only fillers and repeats, no words of an answer, so all three scores are 0."
        case (.id, false): "Penilaian oleh rubrik berbasis aturan, bukan LLM: tidak ada ucapan yang tertranskripsi untuk jawaban ini, sehingga ketiga skor bernilai 0."
        case (.id, true): "Penilaian oleh rubrik berbasis aturan, bukan LLM: transkrip hanya berisi kata pengisi dan pengulangan, tanpa kata jawaban, sehingga ketiga skor bernilai 0."
        }
    }

    /// The quoted passage as it stands in the transcript, with "…" where a sentence was cut.
    static func quotation(_ features: RubricFeatures) -> String? {
        guard let span = features.quote else { return nil }
        let sentence = features.text.sentences.first { $0.contains(span.lowerBound) }
        let cutBefore = sentence.map { span.lowerBound > $0.lowerBound } ?? false
        let cutAfter = sentence.map { span.upperBound < $0.upperBound - 1 } ?? false
        return (cutBefore ? "…" : "") + features.text.excerpt(span) + (cutAfter ? "…" : "")
    }

    private static func overview(_ features: RubricFeatures, _ language: TextLanguage) -> String {
        let words = features.wordCount, sentences = features.sentenceCount
        let terms = features.question.terms.count, covered = features.coveredTerms.count
        let shown = (covered > 0 ? features.coveredTerms : features.question.terms).map(\.word).joined(separator: ", ")
        switch language {
        case .en:
            let head = "Rule-based rubric, not an LLM: the answer has \(words) word\(words == 1 ? "" : "s") in "
                + "\(sentences) sentence\(sentences == 1 ? "" : "s")"
            if terms == 0 { return head + " and the question has no key terms to match." }
            if covered == 0 { return head + " and uses none of the question's key terms (\(shown))." }
            return head + " and uses \(covered) of the question's \(terms) key terms (\(shown))."
        case .id:
            let head = "Penilaian oleh rubrik berbasis aturan, bukan LLM: jawaban berisi \(words) kata dalam \(sentences) kalimat"
            if terms == 0 { return head + " dan pertanyaan tidak memiliki istilah kunci untuk dicocokkan." }
            if covered == 0 { return head + " dan tidak memakai satu pun istilah kunci pertanyaan (\(shown))." }
            return head + " dan memakai \(covered) dari \(terms) istilah kunci pertanyaan (\(shown))."
        }
    }

    private static func list(_ items: [String], _ language: TextLanguage) -> String {
        guard let last = items.last, items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + (language == .id ? " dan " : " and ") + last
    }

    // MARK: Findings

    private enum Strength {
        case markers([String]), details([String]), kind(RubricQuestionKind), shape

        func text(_ language: TextLanguage) -> String {
            switch (self, language) {
            case (.markers(let found), .en): "orders its points with markers such as \(quoted(found))"
            case (.markers(let found), .id): "menyusun poinnya dengan penanda seperti \(quoted(found))"
            case (.details(let found), .en): "gives concrete details such as \(quoted(found))"
            case (.details(let found), .id): "memberi detail konkret seperti \(quoted(found))"
            case (.kind(.pastSituation), .en): "tells a past situation in the first person"
            case (.kind(.pastSituation), .id): "menceritakan situasi nyata dari pengalaman sendiri"
            case (.kind(.steps), .en): "lays out steps or actions"
            case (.kind(.steps), .id): "menjabarkan langkah atau tindakan"
            case (.kind(.reasons), .en): "gives reasons"
            case (.kind(.reasons), .id): "memberi alasan"
            case (.kind(.general), .en): "backs its claims with examples or reasons"
            case (.kind(.general), .id): "mendukung pernyataannya dengan contoh atau alasan"
            case (.shape, .en): "moves from situation to action to result"
            case (.shape, .id): "bergerak dari situasi ke tindakan lalu ke hasil"
            }
        }

        private func quoted(_ items: [String]) -> String {
            items.prefix(RubricWeights.Analysis.maximumExamples).map { "“\($0)”" }.joined(separator: ", ")
        }
    }

    private static func strengths(_ features: RubricFeatures, _ scores: RubricSubscores) -> [Strength] {
        var found: [Strength] = []
        if !features.distinctMarkers.isEmpty { found.append(.markers(features.distinctMarkers)) }
        if !features.specificityMarkers.isEmpty { found.append(.details(features.specificityMarkers)) }
        if scores.kindFit >= RubricWeights.Analysis.strongKindFit { found.append(.kind(features.question.kind)) }
        if features.situationSentence != nil && features.actionSentence != nil && features.resultSentence != nil {
            found.append(.shape)
        }
        return found
    }

    private enum Gap {
        case offTopic, tooShort(Int), kind(RubricQuestionKind), example, result, disfluent(Int), noMarkers, tooLong(Int)

        func text(_ language: TextLanguage) -> String {
            switch (self, language) {
            case (.offTopic, .en): "a clear link to the question's topic"
            case (.offTopic, .id): "kaitan yang jelas dengan topik pertanyaan"
            case (.tooShort(let words), .en): "enough detail (only \(words) word\(words == 1 ? "" : "s"))"
            case (.tooShort(let words), .id): "detail yang cukup (hanya \(words) kata)"
            case (.kind(.pastSituation), .en): "a specific past situation told in the first person"
            case (.kind(.pastSituation), .id): "situasi nyata di masa lalu yang diceritakan sebagai pengalaman sendiri"
            case (.kind(.steps), .en): "concrete steps or actions"
            case (.kind(.steps), .id): "langkah atau tindakan yang konkret"
            case (.kind(.reasons), .en): "clear reasons (because …)"
            case (.kind(.reasons), .id): "alasan yang jelas (karena …)"
            case (.kind(.general), .en): "a supporting example or reason"
            case (.kind(.general), .id): "contoh atau alasan pendukung"
            case (.example, .en): "a concrete example with names or numbers"
            case (.example, .id): "contoh konkret dengan nama atau angka"
            case (.result, .en): "a stated result or outcome"
            case (.result, .id): "hasil atau dampak yang disebutkan"
            case (.disfluent(let percent), .en): "fluent delivery (\(percent)% of words are fillers or repeats)"
            case (.disfluent(let percent), .id): "kelancaran (\(percent)% kata berupa kata pengisi atau pengulangan)"
            case (.noMarkers, .en): "markers that order the points (first, then, because …)"
            case (.noMarkers, .id): "penanda urutan atau alasan (pertama, kemudian, karena …)"
            case (.tooLong(let words), .en): "focus (\(words) words is long for one answer)"
            case (.tooLong(let words), .id): "fokus (\(words) kata terlalu panjang untuk satu jawaban)"
            }
        }
    }

    /// What is missing, most important first.
    private static func gaps(_ features: RubricFeatures, _ scores: RubricSubscores) -> [Gap] {
        typealias A = RubricWeights.Analysis
        let kind = features.question.kind
        var gaps: [Gap] = []
        if !features.question.terms.isEmpty && features.coverage < A.offTopicCoverage { gaps.append(.offTopic) }
        if features.wordCount < A.shortAnswerWords { gaps.append(.tooShort(features.wordCount)) }
        // An open question asks for support, which the missing-example gap already names.
        if scores.kindFit < A.weakKindFit && kind != .general { gaps.append(.kind(kind)) }
        if features.numbers.isEmpty && features.names.isEmpty && features.count(of: .example) == 0 { gaps.append(.example) }
        if features.resultSentence == nil && (kind == .pastSituation || kind == .general) { gaps.append(.result) }
        if features.disfluentShare >= A.noticeableDisfluentShare {
            gaps.append(.disfluent(Int((100 * features.disfluentShare).rounded())))
        }
        if features.markers.isEmpty && features.wordCount >= A.shortAnswerWords { gaps.append(.noMarkers) }
        if features.wordCount > A.longAnswerWords { gaps.append(.tooLong(features.wordCount)) }
        return gaps
    }
}
