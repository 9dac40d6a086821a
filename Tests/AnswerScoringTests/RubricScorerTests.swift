import Testing
@testable import AnswerScoring

/// A question with a strong and a weak answer to it, as a recruiter would judge them.
struct RankingPair: Sendable, CustomTestStringConvertible {
    let question: String
    let language: TextLanguage
    let strong: String
    let weak: String
    /// What makes the weak answer weak.
    let weakness: String

    var testDescription: String { "\(weakness): \(question)" }
}

/// Ten interview questions, each with a strong answer (a real situation, own actions, figures, a
/// result) and a weak one of a different kind of weakness. Some Indonesian questions have English
/// answers and one English question an Indonesian answer, as recruiters write them.
let rankingPairs: [RankingPair] = [
    RankingPair(
        question: "Tell me about a time you had a conflict with a teammate and how you handled it.",
        language: .en,
        strong: """
            Last year at my previous company, a teammate and I disagreed about the release plan for our mobile app. \
            He wanted to ship every feature at once, while I thought we should release in two phases because our QA \
            team had only two testers. First, I asked him for a short one-on-one meeting so we could each explain our \
            concerns without the rest of the team watching. Then I brought data from the last three releases, which \
            showed that big releases had twice as many bugs reported in the first week. We agreed to try a phased \
            release as an experiment. As a result, the first phase went out on time, crash reports dropped by about \
            40 percent, and he later suggested we keep the phased approach for the next project. What I learned is \
            that disagreements go better when I bring evidence instead of opinions.
            """,
        weak: "I don't really have conflicts. I get along with everyone.",
        weakness: "too short"),
    RankingPair(
        question: "Ceritakan pengalaman Anda saat menghadapi pelanggan yang marah.",
        language: .id,
        strong: """
            Waktu saya bekerja sebagai customer service di sebuah toko elektronik di Bandung, ada pelanggan yang \
            marah karena laptopnya sudah dua kali diperbaiki tapi masih rusak. Pertama, saya mendengarkan keluhannya \
            sampai selesai tanpa memotong. Kemudian saya mengecek riwayat servis di sistem dan ternyata memang ada \
            komponen yang salah dipasang. Setelah itu saya menawarkan dua pilihan, yaitu penggantian unit baru atau \
            pengembalian dana penuh, dan saya menghubungi supervisor supaya prosesnya bisa selesai hari itu juga. \
            Akhirnya pelanggan memilih unit baru, dan seminggu kemudian dia memberi ulasan bintang lima di Google. \
            Dari situ saya belajar bahwa pelanggan yang marah biasanya hanya ingin masalahnya ditanggapi dengan serius.
            """,
        weak: """
            Menurut saya pelanggan itu harus selalu dilayani dengan baik ya. Kita harus sabar dan ramah kepada semua \
            orang karena pelanggan adalah raja. Itu saja sih.
            """,
        weakness: "vague and generic"),
    RankingPair(
        question: "Mengapa Anda tertarik dengan posisi ini?",
        language: .en,
        strong: """
            I'm interested in this position for three reasons. First, I've spent the last two years building data \
            dashboards at a logistics startup, and this role focuses on exactly that kind of analytics work, but at a \
            much larger scale. Second, your company is expanding into Eastern Indonesia, and I grew up in Makassar, so \
            I understand the delivery challenges there; for example, many addresses don't have street numbers. \
            Finally, I want to grow into a team lead role, and the job description mentions mentoring junior analysts, \
            which I already do informally for two interns. So the position fits both what I can contribute now and \
            where I want my career to go.
            """,
        weak: """
            I really like traveling and trying new food. Last month I went to Bali with my friends and we visited many \
            beaches. It was very relaxing and the weather was nice. I also like reading novels on the weekend.
            """,
        weakness: "off-topic"),
    RankingPair(
        question: "How do you prioritize your work when you have several deadlines at the same time?",
        language: .en,
        strong: """
            I start by listing every task with its deadline and how much it affects other people. Then I sort them \
            using a simple rule: anything that blocks a teammate or a client goes first, and anything that only affects \
            me can wait. For example, last quarter I had a client report due Friday, a code review for a colleague, and \
            an internal presentation. I did the code review first because it took an hour and unblocked him for two \
            days of work. After that I blocked out Wednesday and Thursday mornings for the report, and I told my \
            manager early that the presentation would move to the following Monday. In the end all three were done, \
            and the report was delivered a day early.
            """,
        weak: """
            Um, so, like, I think, uh, prioritizing is, like, really important, you know. Um, I I just try to, uh, do \
            everything, like, as fast as I can and, um, yeah, sometimes it's, uh, a lot, but, like, I just, I just \
            keep working until, um, it's done, you know, and uh, yeah, that's basically it I guess.
            """,
        weakness: "rambling with filler"),
    RankingPair(
        question: "What is your greatest strength?",
        language: .en,
        strong: """
            My greatest strength is turning messy information into clear documentation. In my current job as a \
            support engineer at a payroll software company, our team answered the same customer questions again and \
            again. I collected the forty most common tickets from the previous six months and wrote a searchable help \
            centre in Notion, with screenshots for each step. Because the articles were short and easy to follow, \
            customers started solving problems themselves. Within three months, ticket volume dropped by 25 percent, \
            and new hires now use the same articles for onboarding.
            """,
        weak: """
            My greatest strength is that I am a hard worker. I am very dedicated and I always give my best. I am also \
            a good team player and I can work under pressure. I think these strengths make me a good fit for any \
            company.
            """,
        weakness: "on-topic, no example"),
    RankingPair(
        question: "Bagaimana cara Anda belajar teknologi baru dengan cepat?",
        language: .id,
        strong: """
            Biasanya saya mulai dengan membaca dokumentasi resminya selama satu atau dua hari untuk memahami konsep \
            dasarnya. Setelah itu saya langsung membuat proyek kecil, misalnya waktu belajar Flutter tahun lalu saya \
            membuat aplikasi pencatat pengeluaran sederhana. Kalau ada yang tidak saya pahami, saya mencari contoh kode \
            di GitHub lalu bertanya di komunitas developer di Discord. Terakhir, saya menulis catatan singkat tentang \
            apa yang sudah saya pelajari supaya mudah diingat. Dengan cara ini, dalam tiga minggu saya sudah bisa ikut \
            mengerjakan fitur di aplikasi kantor.
            """,
        weak: "Saya belajar dari internet saja, biasanya cepat kok.",
        weakness: "too short"),
    RankingPair(
        question: "Ceritakan tentang kegagalan terbesar Anda dan apa yang Anda pelajari.",
        language: .en,
        strong: """
            In my second year as a marketing associate, I was responsible for a product launch email campaign, and it \
            failed badly. I sent the campaign to our full list of 50,000 customers without testing the discount link, \
            and the link pointed to an expired page. Within an hour we had over 300 complaints. I told my manager \
            immediately, then I set up a corrected landing page and sent an apology email with a new code that same \
            afternoon. We recovered about half of the expected sales, but the launch still missed its target. The \
            lesson I learned was to never skip testing: since then I always use a checklist and send a test to five \
            colleagues before any campaign goes out, and we haven't had a broken link since.
            """,
        weak: """
            Everyone fails sometimes, and failure is part of life. I think the important thing is to learn from it and \
            keep going. I always try to stay positive and see failure as an opportunity to grow.
            """,
        weakness: "vague and generic"),
    RankingPair(
        question: "Why do you want to leave your current job?",
        language: .id,
        strong: """
            Saya ingin pindah karena di pekerjaan saya sekarang ruang untuk berkembang sudah terbatas. Selama tiga \
            tahun saya menangani laporan keuangan bulanan untuk dua puluh cabang, dan prosesnya sudah saya otomatisasi \
            dengan Excel dan Power BI sehingga waktunya turun dari lima hari menjadi satu hari. Namun perusahaan tidak \
            berencana membuka posisi analis, jadi saya tidak punya kesempatan untuk mengerjakan analisis yang lebih \
            dalam. Karena itu saya mencari peran seperti posisi ini, yang fokus pada analisis data dan memberi ruang \
            untuk belajar dari tim yang lebih besar.
            """,
        weak: """
            Eh, ya, jadi jadi, anu, saya, eh, kurang cocok aja sih di sana. Eh, atasannya, eh, gitu deh, anu, ya \
            pokoknya, eh, suasananya nggak enak. Jadi jadi saya, eh, mau cari yang lain aja.
            """,
        weakness: "rambling with filler"),
    RankingPair(
        question: "Describe a project you led from start to finish.",
        language: .en,
        strong: """
            At my last job I led the migration of our customer database from an old on-premise server to AWS. I \
            started by mapping all twelve applications that depended on the database and interviewing each team about \
            their downtime limits. Then I wrote a migration plan with three stages and a rollback step for each one, \
            and I ran two rehearsals on a copy of the data. During the real migration on a Saturday night, one \
            application failed to connect, but because we had practiced the rollback, we fixed the connection string \
            within twenty minutes. The whole migration finished with under one hour of downtime, and our hosting costs \
            went down by about 30 percent the following quarter.
            """,
        weak: """
            I like projects where everyone works together and communicates well. Communication is the key to success \
            in any team. I always make sure to be friendly and positive with my coworkers.
            """,
        weakness: "vague, no project"),
    RankingPair(
        question: "Apa yang akan Anda lakukan jika target penjualan tim tidak tercapai?",
        language: .id,
        strong: """
            Pertama, saya akan melihat data penjualan per minggu untuk mencari di mana masalahnya, apakah di jumlah \
            calon pelanggan atau di tingkat konversi. Misalnya kalau jumlah kunjungan ke klien turun, saya akan \
            mengatur ulang jadwal tim supaya setiap sales bisa mengunjungi minimal lima klien per hari. Kemudian saya \
            akan mengadakan rapat singkat setiap Senin untuk membahas kendala masing-masing anggota tim. Kalau \
            masalahnya di konversi, saya akan meminta sales senior mendampingi yang masih baru. Di tempat kerja saya \
            sebelumnya, cara ini membuat penjualan tim naik sekitar 15 persen dalam dua bulan.
            """,
        weak: """
            Saya akan berusaha lebih keras lagi dan memotivasi tim supaya target penjualan bisa tercapai. Kita harus \
            tetap semangat dan tidak boleh menyerah.
            """,
        weakness: "on-topic, no example"),
]

private let scorer = RubricScorer()

private func score(_ question: String, _ transcript: String, _ language: TextLanguage,
                   report: TextLanguage = .id) -> RubricScore {
    scorer.score(RubricInput(question: question, transcript: transcript, language: language), reportLanguage: report)
}

private func total(_ score: RubricScore) -> Double {
    (score.kualitasJawaban + score.koherensi + score.relevansi) / 3
}

/// The first passage in “…” quotes, without the ellipses marking a cut.
private func quotedPassage(_ analysis: String) -> String? {
    guard let open = analysis.firstIndex(of: "“"), let close = analysis[open...].firstIndex(of: "”") else { return nil }
    let passage = analysis[analysis.index(after: open)..<close]
    return String(passage.drop { $0 == "…" }.reversed().drop { $0 == "…" }.reversed())
}

@Test func strongAnswersOutrankWeakOnes() {
    var wins = 0
    for (number, pair) in rankingPairs.enumerated() {
        let strong = score(pair.question, pair.strong, pair.language)
        let weak = score(pair.question, pair.weak, pair.language)
        let (s, w) = (total(strong), total(weak))
        if s > w { wins += 1 }
        print("pair \(number + 1) [\(pair.language.rawValue), \(pair.weakness)]: strong \(format(s)) "
            + "(\(strong.kualitasJawaban)/\(strong.koherensi)/\(strong.relevansi)) vs weak \(format(w)) "
            + "(\(weak.kualitasJawaban)/\(weak.koherensi)/\(weak.relevansi))")
    }
    #expect(wins >= 9, "strong answer ranked first in only \(wins) of \(rankingPairs.count) pairs")
}

@Test func scoresSpreadAcrossTheRange() {
    let strongTotals = rankingPairs.map { total(score($0.question, $0.strong, $0.language)) }
    let weakTotals = rankingPairs.map { total(score($0.question, $0.weak, $0.language)) }
    // No floor: a weak answer can land well below the old system's 70, a strong one well above it.
    #expect(weakTotals.min()! < 40)
    #expect(strongTotals.max()! > 70)
    let meanGap: Double = (strongTotals.reduce(0, +) - weakTotals.reduce(0, +)) / Double(rankingPairs.count)
    #expect(meanGap > 25)
}

@Test func emptyTranscriptScoresZero() {
    for transcript in ["", "   \n ", "..."] {
        for report in TextLanguage.allCases {
            let result = score("Tell me about yourself.", transcript, .en, report: report)
            #expect(result.kualitasJawaban == 0 && result.koherensi == 0 && result.relevansi == 0)
            #expect(result.evidence.wordCount == 0)
            #expect(result.evidence.quote.isEmpty)
            #expect(result.analysis.contains(report == .en ? "no speech was transcribed" : "tidak ada ucapan"))
        }
    }
    let fillers = score("Tell me about yourself.", "Um, uh... um um.", .en, report: .en)
    #expect(fillers.kualitasJawaban == 0 && fillers.koherensi == 0 && fillers.relevansi == 0)
    #expect(fillers.evidence.wordCount == 4 && fillers.evidence.fillerRatio == 1)
    #expect(fillers.analysis.contains("only fillers"))
}

@Test(arguments: rankingPairs)
func scoresStayWithinRange(_ pair: RankingPair) {
    for answer in [pair.strong, pair.weak] {
        let result = score(pair.question, answer, pair.language)
        for value in [result.kualitasJawaban, result.koherensi, result.relevansi] {
            #expect((0...100).contains(value))
        }
        for share in [result.evidence.relevance, result.evidence.structure, result.evidence.specificity,
                      result.evidence.length, result.evidence.fillerRatio] {
            #expect((0...1).contains(share))
        }
    }
}

@Test func analysisIsInTheReportLanguageAndSaysItIsARubric() {
    let pair = rankingPairs[0]
    let indonesian = score(pair.question, pair.strong, .en, report: .id).analysis
    let english = score(pair.question, pair.strong, .en, report: .en).analysis
    #expect(indonesian.contains("Kandidat"))
    #expect(indonesian.contains("rubrik berbasis aturan, bukan LLM"))
    #expect(!indonesian.contains("The candidate"))
    #expect(english.contains("The candidate"))
    #expect(english.contains("rule-based rubric, not an LLM") || english.contains("Rule-based rubric, not an LLM"))
    #expect(!english.contains("Kandidat"))
    for analysis in [indonesian, english] {
        let sentences = analysis.split(separator: ". ").count
        #expect((2...4).contains(sentences), "\(analysis)")
    }
}

@Test(arguments: rankingPairs)
func quoteComesFromTheTranscript(_ pair: RankingPair) throws {
    for answer in [pair.strong, pair.weak] {
        for report in TextLanguage.allCases {
            let result = score(pair.question, answer, pair.language, report: report)
            let quoted = try #require(quotedPassage(result.analysis))
            #expect(answer.contains(quoted), "\(quoted)")
            #expect(quoted.split(separator: " ").count <= 25)
            #expect(result.analysis.contains("“\(result.evidence.quote)”"))
        }
    }
}

@Test func longSentenceIsCutAroundTheQuestionTerms() throws {
    let question = "How do you handle feedback from your manager?"
    let answer = "Well, in my opinion, and I have thought about this quite a lot over the years working in several "
        + "different companies and teams, the best way to take feedback from a manager is to write it down, ask one "
        + "clarifying question and then act on it within the same week so that the manager sees the change"
    let result = score(question, answer, .en, report: .en)
    let quoted = try #require(quotedPassage(result.analysis))
    #expect(answer.contains(quoted))
    #expect(quoted.split(separator: " ").count == 25)
    #expect(result.evidence.quote.hasPrefix("…") && result.evidence.quote.hasSuffix("…"))
    #expect(quoted.contains("feedback"))
}

@Test(arguments: rankingPairs)
func evidenceDescribesTheAnswer(_ pair: RankingPair) {
    let result = score(pair.question, pair.strong, pair.language)
    let evidence = result.evidence
    #expect(!evidence.questionTerms.isEmpty)
    #expect(Set(evidence.coveredTerms).isSubset(of: Set(evidence.questionTerms)))
    #expect(Set(evidence.questionTerms).count == evidence.questionTerms.count)
    let words = pair.strong.split { $0.isWhitespace }.filter { $0.contains { $0.isLetter || $0.isNumber } }
    #expect(evidence.wordCount == words.count)
    #expect(evidence.sentenceCount >= 4)
    #expect(!evidence.structureMarkers.isEmpty)
    #expect(!evidence.specificityMarkers.isEmpty)
}

@Test func wordsAndSentencesAreCountedAsWritten() {
    let result = score("What is your greatest strength?", "I'm organised. I plan each week on Monday, e.g. 3.5 hours!",
                       .en)
    #expect(result.evidence.wordCount == 11)
    #expect(result.evidence.sentenceCount == 2)
    #expect(result.evidence.specificityMarkers == ["I plan", "each week", "Monday", "e.g", "3.5 hours"])
}

@Test func questionTermsAreStemmedWithoutStopWords() {
    let result = score("How do you handle conflicts in your teams?", "I handled the conflict by talking to the team.", .en)
    #expect(result.evidence.questionTerms == ["handl", "conflict", "team"])
    #expect(result.evidence.coveredTerms == ["handl", "conflict", "team"])
    let indonesian = score("Bagaimana Anda menyelesaikan masalah dengan pelanggan?",
                           "Saya selesaikan masalahnya dengan menelepon pelanggannya.", .id)
    #expect(indonesian.evidence.questionTerms == ["selesai", "masalah", "langg"])
    #expect(indonesian.evidence.coveredTerms == indonesian.evidence.questionTerms)
}

@Test func indonesianQuestionMatchesEnglishAnswer() {
    let result = score("Ceritakan pengalaman Anda memimpin sebuah tim dalam proyek yang sulit.",
                       "I led a team of four on a difficult project last year.", .en)
    #expect(result.evidence.coveredTerms.count == result.evidence.questionTerms.count)
    #expect(result.evidence.questionKind == "past_situation")
}

@Test func sameInputGivesSameOutput() {
    for pair in rankingPairs {
        #expect(score(pair.question, pair.strong, pair.language) == score(pair.question, pair.strong, pair.language))
        #expect(score(pair.question, pair.weak, pair.language, report: .en)
            == score(pair.question, pair.weak, pair.language, report: .en))
    }
}

@Test func offTopicAnswerIsLessRelevantThanOnTopicOfSameLength() {
    let question = "How do you handle feedback from your manager?"
    let onTopic = "When my manager gives me feedback, I write it down, ask one question to check that I understand, "
        + "and then I change my work in the same week."
    let offTopic = "On weekends I usually cook breakfast for my family, then we walk to the park near our small house, "
        + "and in the evening we watch a movie together."
    let on = score(question, onTopic, .en)
    let off = score(question, offTopic, .en)
    #expect(on.evidence.wordCount == off.evidence.wordCount)
    #expect(on.relevansi > off.relevansi + 20)
    #expect(off.evidence.coveredTerms.isEmpty)
}

@Test func fillersAndRepeatsLowerCoherence() {
    let question = "How do you prepare for an important presentation?"
    let clean = "I write an outline first. Then I rehearse it twice with a timer. Finally I ask a colleague for feedback."
    let filled = "Um, I write an, uh, outline first. Then I, like, rehearse it twice with, um, a a timer. "
        + "Finally I, uh, ask a colleague for, like, feedback."
    let fluent = score(question, clean, .en)
    let disfluent = score(question, filled, .en)
    #expect(disfluent.evidence.fillerRatio > 0.2)
    #expect(fluent.evidence.fillerRatio == 0)
    #expect(disfluent.koherensi < fluent.koherensi)
}

@Test func analysisNamesWhatIsMissing() {
    let result = score("Tell me about a time you missed a deadline.", "I always finish my work on time.", .en, report: .en)
    #expect(result.analysis.contains("Missing or weak"))
    #expect(result.analysis.contains("only 7 words"))
    let indonesian = score("Ceritakan saat Anda melewatkan tenggat waktu.", "Saya selalu tepat waktu.", .id)
    #expect(indonesian.analysis.contains("Yang kurang"))
}

@Test func weightsOfEachScoreAddUpToOne() {
    typealias W = RubricWeights
    let sums = [
        W.Quality.specificity + W.Quality.length + W.Quality.structure + W.Quality.relevance,
        W.Coherence.structure + W.Coherence.fluency + W.Coherence.length,
        W.Relevancy.relevance + W.Relevancy.length,
        W.Relevance.coverage + W.Relevance.focus + W.Relevance.kindFit,
        W.Structure.markers + W.Structure.sentences + W.Structure.shape,
        W.Specificity.numbers + W.Specificity.times + W.Specificity.names + W.Specificity.examples + W.Specificity.actions,
    ]
    for sum in sums { #expect(abs(sum - 1) < 1e-9) }
}

private func format(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
}
