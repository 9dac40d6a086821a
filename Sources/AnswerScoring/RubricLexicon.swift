/// The kinds of discourse marker the structure score counts.
enum RubricMarkerCategory: Sendable, CaseIterable {
    /// first, then, after that / pertama, kemudian, setelah itu
    case sequence
    /// because, so, therefore / karena, sehingga, oleh karena itu
    case cause
    /// for example, such as / misalnya, contohnya
    case example
    /// but, however / tetapi, namun
    case contrast
    /// as a result, in the end / hasilnya, pada akhirnya
    case result
}

/// A discourse marker: one or more lowercase words.
struct RubricMarker: Sendable {
    let words: [String]
    let category: RubricMarkerCategory
}

/// The word lists of one language, and the bilingual glossary. Everything language-specific the
/// rubric knows is here; lists are lowercase with straight apostrophes, phrases separated by "|".
struct RubricLexicon: Sendable {
    let stopWords: Set<String>
    /// Words that frame a question without saying what it is about ("tell", "describe", "ceritakan").
    let questionFrame: Set<String>
    /// Longest first, so that "as a result" wins over "as".
    let markers: [RubricMarker]
    /// Ordinals are markers only where they open a clause ("Second, I…", not "my second year").
    let clauseInitialMarkers: Set<String>
    let fillers: Set<String>
    let fillerPhrases: [[String]]
    /// A word that is a filler only when set off by commas or next to another filler ("like").
    let fillerWhenSetOff: Set<String>
    let numberWords: Set<String>
    let timeWords: Set<String>
    /// Words before or after a time word that belong to the time reference ("last year", "tahun lalu").
    let timeLeadWords: Set<String>
    let timeTailWords: Set<String>
    /// Every first-person word, singular and plural (I, my, we / saya, kami).
    let firstPerson: Set<String>
    /// Pronouns whose next verb is the candidate's own action (I / saya, aku).
    let actors: Set<String>
    /// Words allowed between the pronoun and its verb ("I then called", "saya langsung menelepon").
    let actionLeadIns: Set<String>
    /// Verbs of state, opinion or wish: "I think", "saya merasa" are no actions.
    let notActions: Set<String>
    /// Stop words that are still actions after "I" ("I told", "I made").
    let actionStopWords: Set<String>
    /// How a verb looks, where a noun may follow the pronoun ("pekerjaan saya sekarang"): its
    /// prefixes and suffixes, and common verbs without either. All empty where the word after the
    /// pronoun is its verb (English).
    let verbPrefixes: [String]
    let verbSuffixes: [String]
    let baseVerbs: Set<String>
    /// Past-tense words without the regular ending (en), or aspect and past-time words (id).
    let pastWords: Set<String>
    /// English marks the past with -ed; Indonesian does not inflect.
    let pastSuffix: String?
    let situationPhrases: [[String]]
    /// Stems of words that report an outcome ("reduced", "berhasil").
    let resultStems: Set<String>
    let resultPhrases: [[String]]

    static func of(_ language: TextLanguage) -> RubricLexicon {
        switch language {
        case .en: english
        case .id: indonesian
        }
    }

    /// Whether a word after the pronoun can be its verb.
    func mayBeVerb(_ word: String) -> Bool {
        if verbPrefixes.isEmpty && verbSuffixes.isEmpty && baseVerbs.isEmpty { return true }
        return baseVerbs.contains(word) || verbPrefixes.contains { word.hasPrefix($0) } || verbSuffixes.contains { word.hasSuffix($0) }
    }

    /// Whether a word marks the past: a listed word, or the regular ending on a content word of
    /// five letters or more ("asked"; not "need", "hundred", or "-eed" words such as "indeed").
    func isPast(_ word: String) -> Bool {
        if pastWords.contains(word) { return true }
        guard let suffix = pastSuffix, word.count >= 5, word.hasSuffix(suffix), !word.hasSuffix("e" + suffix) else { return false }
        return !stopWords.contains(word) && !numberWords.contains(word)
    }

    /// Stop words and question framing of both languages: a question may be in either.
    static let questionNoise: Set<String> = english.stopWords.union(indonesian.stopWords)
        .union(english.questionFrame).union(indonesian.questionFrame)
}

// MARK: English

extension RubricLexicon {
    static let english = RubricLexicon(
        stopWords: words("""
            a about above after again against all also am an and any are as at be because been before being below \
            between both but by can could did do does doing done down during each else even ever every few for from \
            further get gets got had has have having he her here hers herself him himself his how i if in into is it \
            its itself just let like made make many may me might more most much must my myself no nor not now of off \
            on once one only or other our ours ourselves out over own please quite rather really same she should so \
            some such than that the their theirs them themselves then there these they this those through to too \
            under until up us very was we were what when where which while who whom whose why will with would you \
            your yours yourself yourselves yes yeah okay ok well thing things something anything everything always \
            never sometimes often usually lot lots kind sort way want wanted think thought know knew say said go \
            going went come came take took give gave tell told see saw look mean actually basically sure maybe \
            i'm i've i'd i'll it's that's don't didn't doesn't can't won't isn't wasn't aren't we're they're \
            you're there's let's um uh
            """),
        questionFrame: words("""
            tell describe explain give share talk walk example time times situation experience briefly please \
            instance specific particular recent moment occasion ever question answer
            """),
        markers: markers([
            .sequence: "first of all|to begin with|to start with|first|firstly|second|secondly|third|thirdly|then|next|"
                + "after that|afterwards|finally|lastly|meanwhile|before that|from there",
            .cause: "because|since|so that|so|therefore|that's why|that is why|due to|the reason|which meant|"
                + "which means|in order to",
            .example: "for example|for instance|such as|e.g|one example|to give an example",
            .contrast: "but|however|although|though|even though|instead|on the other hand",
            .result: "as a result|in the end|eventually|ultimately|the result|the outcome|since then|ended up|"
                + "which led to|that led to",
        ]),
        clauseInitialMarkers: words("first second third next"),
        fillers: words("um umm uh uhh uhm erm er ah hmm hm mm mhm"),
        fillerPhrases: phrases("you know|i mean"),
        fillerWhenSetOff: ["like"],
        numberWords: words("""
            two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty sixty \
            seventy eighty ninety hundred hundreds thousand thousands million millions percent dozen half twice \
            double triple
            """),
        timeWords: words("""
            year years month months week weeks day days hour hours minute minutes quarter semester ago yesterday \
            morning afternoon evening night weekend daily weekly monthly annually january february march april may \
            june july august september october november december monday tuesday wednesday thursday friday saturday \
            sunday
            """),
        timeLeadWords: words("last next this every each per same that following previous a an one few several"),
        timeTailWords: words("ago later earlier"),
        firstPerson: words("i i'm i've i'd i'll me my myself mine we we've we'd we'll we're our ours us"),
        actors: words("i i've i'd i'll"),
        actionLeadIns: words("""
            also then immediately quickly first finally just personally eventually later would will could \
            should had to carefully directly simply soon together myself actually
            """),
        notActions: words("""
            am was were is are be been have has think thought believe feel felt guess mean know knew like love \
            want wanted hope wish don't didn't do did not never got get need needed would suppose enjoy prefer
            """),
        actionStopWords: words("made make went took take gave give told tell said say saw came"),
        verbPrefixes: [],
        verbSuffixes: [],
        baseVerbs: [],
        pastWords: words("""
            was were had did led made went took told said found got gave saw became began built ran wrote met \
            brought thought felt knew kept left lost paid put sent set spent stood taught understood won chose \
            came caught drove fell grew held heard meant sold spoke agreed ago
            """),
        pastSuffix: "ed",
        situationPhrases: phrases("""
            when i was|at my previous|at my last|in my previous|in my last|in my current|at my current|last year|\
            last month|last quarter|at the time|there was a time|back when|in my role|i was working|i was responsible|\
            we had|our team had|ago
            """),
        resultStems: stems("""
            result outcome increased reduced improved saved delivered achieved succeeded success successful \
            learned learnt lesson impact dropped won finished completed solved resolved fixed recovered doubled \
            halved
            """, .en),
        resultPhrases: phrases("as a result|in the end|since then|ended up|led to|went down|went up|on time")
    )
}

// MARK: Indonesian

extension RubricLexicon {
    static let indonesian = RubricLexicon(
        stopWords: words("""
            ada adalah agar akan aku anda apa apakah apapun atau bagaimana bahwa banyak beberapa begitu begini \
            belum benar biasanya bisa boleh buat bukan dalam dan dari dengan di dia dong hal hanya harus ini itu \
            jadi jika juga kalau kami kamu karena ke kenapa kepada ketika kita kok lagi lah lalu mana masih mau \
            mengapa mereka nah namun nya oleh pada para pun saat saja sangat saya sebagai sebuah sedang sehingga \
            sekali semua seperti serta sesuatu setelah si sih siapa sudah supaya tapi telah tentang tentu tersebut \
            tetapi tidak untuk ya yaitu yakni yang gitu kayak aja deh kan nggak enggak gak ga tak punya ingin \
            pernah sendiri bagi hingga sampai antara agak cukup masing sana sini situ bila apabila maka pula \
            selalu sering kadang selama sejak terhadap terus eh em anu gue gua udah emang memang bener
            """),
        questionFrame: words("""
            ceritakan cerita jelaskan sebutkan berikan beri contoh pengalaman situasi waktu pernahkah coba tolong \
            bisakah suatu kali momen singkat lakukan dilakukan menurut pertanyaan jawab cara
            """),
        markers: markers([
            .sequence: "pertama-tama|pertama|kedua|ketiga|kemudian|lalu|setelah itu|sesudah itu|selanjutnya|"
                + "berikutnya|terakhir|akhirnya|awalnya|mula-mula|sebelum itu|habis itu",
            .cause: "karena|sebab|sehingga|oleh karena itu|oleh sebab itu|karena itu|maka|makanya|agar|supaya|"
                + "alasannya|jadi",
            .example: "misalnya|contohnya|sebagai contoh|salah satu contoh|seperti|umpamanya",
            .contrast: "tetapi|tapi|namun|meskipun|walaupun|padahal|sebaliknya|sedangkan",
            .result: "hasilnya|pada akhirnya|dampaknya|akibatnya|sejak itu|sejak saat itu",
        ]),
        clauseInitialMarkers: words("pertama kedua ketiga"),
        fillers: words("eh ehm em emm hmm hm anu e ee eee"),
        fillerPhrases: phrases("apa namanya|apa ya"),
        fillerWhenSetOff: ["kayak", "gitu"],
        numberWords: words("""
            dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas belas puluh puluhan ratus ratusan \
            seratus ribu ribuan seribu juta jutaan sejuta miliar persen setengah separuh
            """),
        timeWords: words("""
            tahun bulan minggu hari jam menit detik kuartal semester kemarin pagi siang sore malam januari februari \
            maret april mei juni juli agustus september oktober november desember senin selasa rabu kamis jumat \
            sabtu
            """),
        timeLeadWords: words("setiap tiap per beberapa"),
        timeTailWords: words("lalu depan ini itu berikutnya sebelumnya kemudian"),
        firstPerson: words("saya aku gue gua kami kita"),
        actors: words("saya aku gue gua"),
        actionLeadIns: words("""
            langsung kemudian lalu akhirnya juga segera sendiri akan sudah telah harus pertama terus pun sempat \
            dulu coba mencoba berhasil
            """),
        notActions: words("""
            adalah merasa rasa pikir berpikir kira ingin mau suka punya tidak belum bukan sangat yakin percaya \
            tahu senang orang harap berharap kurang jadi menjadi ini itu
            """),
        actionStopWords: [],
        verbPrefixes: ["me", "ber", "be", "ter", "per"],
        verbSuffixes: ["kan"],
        baseVerbs: words("""
            mulai buat bikin cek tanya coba minta kirim telepon bantu ajak pakai pilih ubah tulis baca cari catat \
            ikut pindah hubungi temui ambil bawa kasih lapor susun rapikan tangani atur jual
            """),
        pastWords: words("sudah telah pernah dulu kemarin tadi ternyata sempat"),
        pastSuffix: nil,
        situationPhrases: phrases("""
            waktu itu|saat itu|ketika itu|pada saat itu|dulu|waktu saya|saat saya|ketika saya|di perusahaan sebelumnya|\
            di tempat kerja sebelumnya|di kantor sebelumnya|tahun lalu|bulan lalu|minggu lalu|kemarin|sebelumnya|pernah
            """),
        resultStems: stems("""
            hasil berhasil meningkat naik turun menurun selesai tercapai mencapai dampak sukses belajar pelajaran \
            menghemat hemat mengurangi bertambah membaik
            """, .id),
        resultPhrases: phrases("pada akhirnya|akhirnya|sejak itu|sejak saat itu|tepat waktu|sehingga")
    )
}

// MARK: Question kinds and the glossary

extension RubricLexicon {
    /// How each kind of question is asked, in either language. Checked in this order: a
    /// self-introduction is no story even when it starts "Ceritakan tentang…", and "Tell me about a
    /// time … how did you handle it" is a story question before it is a how question.
    static let questionKinds: [(RubricQuestionKind, [[String]])] = [
        (.general, phrases("""
            tell me about yourself|tell us about yourself|introduce yourself|ceritakan tentang diri|perkenalkan diri
            """)),
        (.pastSituation, phrases("""
            tell me about a|tell us about a|describe a|give me an example|give an example|give us an example|\
            a time when|a time you|have you ever|ceritakan pengalaman|ceritakan saat|ceritakan ketika|ceritakan tentang|\
            pernahkah|apakah anda pernah|berikan contoh|pengalaman anda
            """)),
        (.reasons, phrases("why|mengapa|kenapa|alasan|what motivates|what attracts|apa yang memotivasi|apa yang membuat anda")),
        (.steps, phrases("""
            how|what would you do|what do you do|what steps|what will you do|bagaimana|apa yang akan anda lakukan|\
            apa yang anda lakukan|langkah|cara anda
            """)),
    ]

    /// Interview vocabulary whose words in the two languages share no spelling, and synonyms the
    /// stemmer cannot join. Keyed by the matching form of each word (see `RubricStemmer.key`).
    static let concepts: [String: String] = {
        let glossary: [(concept: String, english: String, indonesian: String)] = [
            ("team", "team teams teammate colleague coworker co-worker peer", "tim rekan kolega anggota"),
            ("conflict", "conflict disagreement disagree dispute argument", "konflik perselisihan berselisih pertengkaran selisih"),
            ("lead", "lead led leader leadership leading", "memimpin pemimpin kepemimpinan pimpin ketua"),
            ("manage", "manage management manager supervisor boss", "mengelola kelola pengelolaan manajer atasan manajemen bos"),
            ("handle", "handle deal cope tackle face", "menangani tangani penanganan menghadapi hadapi mengatasi atasi"),
            ("solve", "solve resolve solution fix", "menyelesaikan penyelesaian memecahkan solusi"),
            ("customer", "customer client consumer", "pelanggan klien konsumen nasabah"),
            ("angry", "angry upset frustrated furious", "marah kesal kecewa"),
            ("project", "project", "proyek projek"),
            ("problem", "problem issue challenge obstacle", "masalah persoalan kendala tantangan hambatan"),
            ("deadline", "deadline", "tenggat"),
            ("pressure", "pressure stress stressful", "tekanan tertekan stres"),
            ("mistake", "mistake error", "kesalahan keliru"),
            ("fail", "fail failure failed", "gagal kegagalan"),
            ("success", "success succeed successful achieve achievement accomplish", "berhasil sukses keberhasilan pencapaian mencapai prestasi"),
            ("strength", "strength strong", "kekuatan kelebihan keunggulan"),
            ("weakness", "weakness weak", "kelemahan kekurangan"),
            ("goal", "goal target objective aim", "tujuan sasaran target"),
            ("career", "career", "karier karir"),
            ("company", "company employer firm", "perusahaan kantor"),
            ("job", "job role position work", "pekerjaan kerja bekerja posisi jabatan peran"),
            ("learn", "learn learning study lesson", "belajar mempelajari pelajari pelajaran"),
            ("decide", "decide decision", "keputusan memutuskan putuskan"),
            ("priority", "prioritize prioritise priority", "prioritas memprioritaskan mendahulukan"),
            ("change", "change adapt adjust", "perubahan berubah mengubah adaptasi beradaptasi menyesuaikan"),
            ("motivation", "motivate motivation motivated passion", "motivasi termotivasi memotivasi semangat dorongan"),
            ("feedback", "feedback criticism", "masukan kritik"),
            ("improve", "improve improvement increase", "meningkatkan peningkatan memperbaiki perbaikan"),
            ("plan", "plan planning schedule", "rencana merencanakan perencanaan jadwal"),
            ("task", "task assignment", "tugas"),
            ("result", "result outcome impact", "hasil dampak"),
            ("skill", "skill ability competence expertise", "keterampilan kemampuan keahlian"),
            ("salary", "salary pay compensation", "gaji"),
            ("budget", "budget cost", "anggaran biaya"),
            ("sales", "sales sell selling", "penjualan menjual jual"),
            ("report", "report", "laporan melaporkan"),
            ("meeting", "meeting", "rapat pertemuan"),
            ("collaborate", "collaborate collaboration cooperate teamwork", "kolaborasi berkolaborasi kerjasama"),
            ("difficult", "difficult difficulty hard tough", "sulit susah kesulitan"),
            ("leave", "leave quit resign", "keluar berhenti mengundurkan pindah"),
            ("interest", "interest interested", "tertarik minat ketertarikan"),
        ]
        var concepts: [String: String] = [:]
        for entry in glossary {
            for (list, language) in [(entry.english, TextLanguage.en), (entry.indonesian, .id)] {
                for word in words(list) {
                    let form = RubricStemmer.cognateForm(RubricStemmer.stem(word, language))
                    if concepts[form] == nil { concepts[form] = "=" + entry.concept }
                }
            }
        }
        return concepts
    }()
}

// MARK: List syntax

extension RubricLexicon {
    static func words(_ list: String) -> Set<String> {
        Set(list.split(whereSeparator: \.isWhitespace).map(String.init))
    }

    static func phrases(_ list: String) -> [[String]] {
        list.split(separator: "|").map { $0.split(whereSeparator: \.isWhitespace).map(String.init) }.filter { !$0.isEmpty }
    }

    static func stems(_ list: String, _ language: TextLanguage) -> Set<String> {
        Set(words(list).map { RubricStemmer.stem($0, language) })
    }

    static func markers(_ lists: [RubricMarkerCategory: String]) -> [RubricMarker] {
        RubricMarkerCategory.allCases.flatMap { category in
            phrases(lists[category] ?? "").map { RubricMarker(words: $0, category: category) }
        }.sorted { $0.words.count > $1.words.count }
    }
}
