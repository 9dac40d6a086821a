/// Every weight and band limit of the rubric, each with the reason for its value: the one place to
/// tune it. Sub-scores are 0–1; each of the three scores is 100 × a weighted sum of sub-scores
/// whose weights add up to 1, so a score spans the whole 0–100 range with no floor.
enum RubricWeights {
    /// Answer length in words.
    enum Length {
        /// Up to this many words there is nothing to assess ("Yes, I can do that.").
        static let noContentWords = 5.0
        /// About 30 s of speech at 120 words a minute: the least that holds a situation, an action and a result.
        static let idealMinimumWords = 60.0
        /// About two minutes of speech, the usual limit interviewers give for one answer.
        static let idealMaximumWords = 250.0
        /// Credit lost per word beyond the band (0.1 per 100 words): rambling is penalised mildly.
        static let overlengthPenaltyPerWord = 0.001
        /// A long answer keeps most of its length credit: its cost shows in coherence, not in content.
        static let overlengthFloor = 0.6
    }

    /// How well the answer meets the question.
    enum Relevance {
        /// Shorter words are particles or noise ("ya", "of"), never the topic of a question.
        static let minimumTermLetters = 3
        /// Share of the question's terms that earns full coverage credit. Below 1 because questions
        /// carry incidental words ("several", "current") a good answer need not repeat.
        static let fullCoverage = 0.85
        /// Stories need setting sentences, so 60% of the sentences touching the topic is full focus.
        static let fullFocus = 0.6
        /// A question without content terms ("Any questions for us?") gives no evidence either way.
        static let coverageWithoutTerms = 0.5
        /// Using the question's terms is the most direct evidence of answering it.
        static let coverage = 0.5
        /// Staying on the topic across sentences separates an answer from one passing mention.
        static let focus = 0.2
        /// Answering the question's kind (a story, steps, reasons) is the rest of relevance.
        static let kindFit = 0.3
    }

    /// Counts at which an answer fully fits its question's kind.
    enum KindFit {
        /// Three past-tense verbs or past-time phrases tell a story rather than a habit.
        static let fullPastCues = 3.0
        /// Three first-person words make it the candidate's own story.
        static let fullFirstPerson = 3.0
        /// Two sequence markers ("first", "then") lay out steps.
        static let fullSequenceMarkers = 2.0
        /// Three own actions ("I called…") make a concrete procedure.
        static let fullActions = 3.0
        /// Two cause markers ("because", "so") give reasons rather than one assertion.
        static let fullReasons = 2.0
        /// An open question is well supported by three examples, reasons or own actions.
        static let fullSupport = 3.0
    }

    /// Discourse markers, sentences, and the situation → action → result shape.
    enum Structure {
        /// Six different markers order a two-minute answer well; more adds nothing.
        static let fullDistinctMarkers = 6.0
        /// Four of the five kinds of marker (sequence, cause, example, contrast, result) show organised reasoning.
        static let fullMarkerCategories = 4.0
        /// Five sentences hold a situation, two actions, a result and a lesson.
        static let fullExtraSentences = 4.0
        /// Spoken sentences average 15–20 words; beyond 35 on average the transcript is run-on.
        static let runOnWordsPerSentence = 35.0
        /// Missing punctuation is partly the transcriber's, so run-ons keep half the sentence credit.
        static let runOnFloor = 0.5
        /// A situation, action and result told out of order is still mostly complete.
        static let shapeOutOfOrder = 0.75
        /// Markers are the clearest sign of structure in speech.
        static let markers = 0.4
        /// Several sentences of normal length.
        static let sentences = 0.25
        /// The STAR shape interviewers are trained to listen for.
        static let shape = 0.35
    }

    /// Concrete detail; each count is the number of items that earns full credit for that kind.
    enum Specificity {
        /// Three figures ("3 testers", "40 percent", "two weeks") make a story checkable.
        static let fullNumbers = 3.0
        static let numbers = 0.3
        /// Three time references place the story and its pace ("last year", "within three months", "by Friday").
        static let fullTimes = 3.0
        static let times = 0.15
        /// Three named tools, places or organisations ground it in a real setting.
        static let fullNames = 3.0
        static let names = 0.15
        /// One explicit example marker shows the candidate illustrates claims.
        static let fullExamples = 1.0
        static let examples = 0.15
        /// Four own actions show what the candidate did rather than what "we" or "one" should do.
        static let fullActions = 4.0
        static let actions = 0.25
    }

    /// Fillers and immediate repetitions.
    enum Fluency {
        /// One word in four being "um", "eh" or a repeat leaves no fluency credit.
        static let zeroFluencyDisfluentShare = 0.25
        /// A handful of words without an "um" proves little: full credit needs this many words.
        static let evidenceWords = 40.0
    }

    /// kualitas_jawaban: what the answer contains.
    enum Quality {
        /// Concrete detail is what separates a strong answer from a generic one.
        static let specificity = 0.35
        /// Enough words to develop the answer.
        static let length = 0.25
        static let structure = 0.25
        /// An off-topic answer is not a good answer, however detailed.
        static let relevance = 0.15
    }

    /// koherensi: how the answer hangs together.
    enum Coherence {
        /// Order and connection of the points is what coherence mostly means.
        static let structure = 0.6
        /// Transcribers drop many fillers, so a clean transcript is weaker evidence than a messy one.
        static let fluency = 0.25
        /// Coherence needs a few sentences to show itself.
        static let length = 0.15
    }

    /// relevansi: whether it answers the question asked.
    enum Relevancy {
        static let relevance = 0.85
        /// A one-liner can name the topic but cannot answer it.
        static let length = 0.15
    }

    /// When the written analysis mentions a finding.
    enum Analysis {
        /// The longest quote: enough for one claim with its evidence, short enough to read at a glance.
        static let quoteMaximumWords = 25
        /// Words shown before the first question term when a long sentence is cut for the quote.
        static let quoteLeadWords = 4
        /// Below this share of the question's terms the answer is called off-topic.
        static let offTopicCoverage = 0.25
        /// Below this the answer does not give what the question's kind asks for.
        static let weakKindFit = 0.4
        /// From this on the answer is credited with doing what the question's kind asks.
        static let strongKindFit = 0.7
        /// Fewer words than this are called too short: about 20 s of speech.
        static let shortAnswerWords = 40
        /// More words than this are called unfocused: about three minutes of speech.
        static let longAnswerWords = 350
        /// A filler or repeat in every 12 words is noticeable to a listener.
        static let noticeableDisfluentShare = 0.08
        /// More gaps than this read as a list, not an analysis.
        static let maximumGaps = 3
        /// Examples shown for markers and details.
        static let maximumExamples = 3
    }
}
