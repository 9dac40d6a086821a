/// The 0–1 sub-scores of one answer, computed from its features with the weights of
/// `RubricWeights` (the formulas are here, the numbers there).
struct RubricSubscores: Sendable {
    /// How well the answer meets the question: its terms, its topic across sentences, its kind.
    let relevance: Double
    /// How well the answer does what the question's kind asks (a story, steps, reasons).
    let kindFit: Double
    /// Discourse markers, sentences of normal length, situation → action → result.
    let structure: Double
    /// Numbers, time references, names, examples, own actions.
    let specificity: Double
    /// Position in the band of a sensible spoken answer.
    let length: Double
    /// 1 without fillers or repeats, credited in proportion to how much speech there is to judge.
    let fluency: Double

    init(_ features: RubricFeatures) {
        typealias Fit = RubricWeights.KindFit
        switch features.question.kind {
        case .pastSituation:
            // Without the past tense there is no story, however personal the answer.
            kindFit = saturate(features.pastCount, Fit.fullPastCues)
                * (0.5 + 0.5 * saturate(features.firstPersonCount, Fit.fullFirstPerson))
        case .steps:
            kindFit = 0.5 * saturate(features.count(of: .sequence), Fit.fullSequenceMarkers)
                + 0.5 * saturate(features.distinct(features.actions), Fit.fullActions)
        case .reasons:
            kindFit = saturate(features.count(of: .cause), Fit.fullReasons)
        case .general:
            kindFit = saturate(features.count(of: .example) + features.count(of: .cause) + features.distinct(features.actions), Fit.fullSupport)
        }

        typealias R = RubricWeights.Relevance
        relevance = R.coverage * min(1, features.coverage / R.fullCoverage)
            + R.focus * min(1, features.focus / R.fullFocus)
            + R.kindFit * kindFit

        typealias S = RubricWeights.Structure
        let categories = Set(features.markers.map(\.marker.category)).count
        let markerScore = 0.5 * saturate(features.distinctMarkers.count, S.fullDistinctMarkers)
            + 0.5 * saturate(categories, S.fullMarkerCategories)
        let wordsPerSentence = Double(features.wordCount) / Double(max(1, features.sentenceCount))
        let runOn = wordsPerSentence <= S.runOnWordsPerSentence ? 1 : max(S.runOnFloor, S.runOnWordsPerSentence / wordsPerSentence)
        let sentenceScore = saturate(features.sentenceCount - 1, S.fullExtraSentences) * runOn
        structure = S.markers * markerScore + S.sentences * sentenceScore + S.shape * Self.shape(features)

        typealias P = RubricWeights.Specificity
        specificity = P.numbers * saturate(features.distinct(features.numbers), P.fullNumbers)
            + P.times * saturate(features.distinct(features.times), P.fullTimes)
            + P.names * saturate(features.distinct(features.names), P.fullNames)
            + P.examples * saturate(features.count(of: .example), P.fullExamples)
            + P.actions * saturate(features.distinct(features.actions), P.fullActions)

        length = Self.length(words: features.contentWordCount)

        typealias F = RubricWeights.Fluency
        fluency = max(0, 1 - features.disfluentShare / F.zeroFluencyDisfluentShare)
            * saturate(features.wordCount, F.evidenceWords)
    }

    /// 0 up to a few words, rising to 1 across the ideal band's lower part, 1 inside it, then
    /// falling slowly to a floor.
    static func length(words: Int) -> Double {
        typealias L = RubricWeights.Length
        let words = Double(words)
        if words <= L.noContentWords { return 0 }
        if words < L.idealMinimumWords { return (words - L.noContentWords) / (L.idealMinimumWords - L.noContentWords) }
        if words <= L.idealMaximumWords { return 1 }
        return max(L.overlengthFloor, 1 - (words - L.idealMaximumWords) * L.overlengthPenaltyPerWord)
    }

    /// The share of situation, action and result present, reduced when they come out of order.
    private static func shape(_ features: RubricFeatures) -> Double {
        let parts = [features.situationSentence, features.actionSentence, features.resultSentence].compactMap { $0 }
        let inOrder = zip(parts, parts.dropFirst()).allSatisfy { $0 <= $1 }
        return Double(parts.count) / 3 * (inOrder ? 1 : RubricWeights.Structure.shapeOutOfOrder)
    }
}

/// `count` items as a share of the `full` count, at most 1.
private func saturate(_ count: Int, _ full: Double) -> Double {
    min(1, Double(max(0, count)) / full)
}
