/// Light stemming for English and Indonesian, and the matching key that lets a question in one
/// language meet an answer in the other. The stems are matching keys, not dictionary roots: what
/// matters is that the forms of one word (and the words of one concept in both languages) end up
/// with the same key, which holds because every word, glossary entries included, goes through the
/// same functions.
enum RubricStemmer {
    /// The key two words share when they are forms of one word, cognates across the languages
    /// ("conflict"/"konflik", "priority"/"prioritas") or listed together in the glossary.
    static func key(_ word: String, _ language: TextLanguage) -> String {
        let normalized = cognateForm(stem(word, language))
        return RubricLexicon.concepts[normalized] ?? normalized
    }

    static func stem(_ word: String, _ language: TextLanguage) -> String {
        switch language {
        case .en: english(word)
        case .id: indonesian(word)
        }
    }

    /// Plurals, -ing, -ed, -ly and a final e: "managing", "managed", "manages", "manage" → "manag".
    static func english(_ word: String) -> String {
        var s = word.replacing("-", with: "")
        if s.hasSuffix("'s") { s.removeLast(2) } else if s.hasSuffix("'") { s.removeLast() }
        guard s.count > 3 else { return s }
        if s.hasSuffix("ies") && s.count > 4 {
            s.removeLast(3); s += "y"
        } else if s.hasSuffix("sses") {
            s.removeLast(2)
        } else if s.hasSuffix("s") && !s.hasSuffix("ss") && !s.hasSuffix("us") && !s.hasSuffix("is") {
            s.removeLast()
        }
        if s.hasSuffix("ied") && s.count > 4 {
            s.removeLast(3); s += "y"
        } else if s.hasSuffix("ing") && s.count >= 6 {
            s.removeLast(3); undouble(&s)
        } else if s.hasSuffix("ed") && s.count >= 5 {
            s.removeLast(2); undouble(&s)
        } else if s.hasSuffix("ly") && s.count >= 6 {
            s.removeLast(2)
        }
        if s.hasSuffix("e") && s.count >= 5 { s.removeLast() }
        return s
    }

    /// "planned" → "plann" → "plan"; l, s and z stay doubled ("called", "passed").
    private static func undouble(_ s: inout String) {
        let tail = Array(s.suffix(2))
        if tail.count == 2, tail[0] == tail[1], !isVowel(tail[0]), !"lsz".contains(tail[0]) { s.removeLast() }
    }

    /// Particles (-lah, -kah, -pun, -nya), up to two prefixes (me-, pe-, ber-, di-, ter-, per-,
    /// ke-…-an, with the nasal changes: memimpin → pimpin, menulis → tulis, menyelesaikan →
    /// selesai), then -kan or -an, or -i after a verbal prefix. Reduplication keeps one half.
    static func indonesian(_ word: String) -> String {
        var s = word
        if let dash = s.lastIndex(of: "-"), s.distance(from: dash, to: s.endIndex) > 3 {
            s = String(s[s.index(after: dash)...])
        }
        s = s.replacing("-", with: "")
        // "masalah" and "sekolah" end in -lah without being particles, hence the longer remainder.
        for (particle, minimum) in [("lah", 5), ("kah", 4), ("pun", 4), ("nya", 4)] {
            if strip(particle, from: &s, keeping: minimum) { break }
        }
        var verbal = false
        for _ in 0..<2 {
            guard let (rest, isVerbal) = withoutPrefix(s) else { break }
            s = rest
            verbal = verbal || isVerbal
        }
        if !strip("kan", from: &s, keeping: 4) && !strip("an", from: &s, keeping: 4) && verbal {
            _ = strip("i", from: &s, keeping: 4)
        }
        return s
    }

    private static func strip(_ suffix: String, from s: inout String, keeping minimum: Int) -> Bool {
        guard s.hasSuffix(suffix), s.count - suffix.count >= minimum else { return false }
        s.removeLast(suffix.count)
        return true
    }

    /// The word without its first prefix, and whether that prefix makes verbs (me-, di-, ter-, ber-),
    /// after which -i is a suffix rather than part of the root.
    private static func withoutPrefix(_ s: String) -> (String, Bool)? {
        let c = Array(s)
        guard c.count >= 6 else { return nil }
        func rest(_ n: Int) -> String { String(c[n...]) }
        func syllable(at n: Int) -> Bool { !isVowel(c[n]) && n + 1 < c.count && isVowel(c[n + 1]) }
        if s.hasPrefix("me") || s.hasPrefix("pe") {
            let nasal = String(c[0..<2]), verbal = nasal == "me"
            if s.hasPrefix(nasal + "ny") && isVowel(c[4]) { return ("s" + rest(4), verbal) }
            if s.hasPrefix(nasal + "ng") {
                if isVowel(c[4]) { return (c[4] == "e" ? "k" + rest(4) : rest(4), verbal) }
                return (rest(4), verbal)
            }
            if s.hasPrefix(nasal + "m") {
                if isVowel(c[3]) { return ("p" + rest(3), verbal) }
                if "bpf".contains(c[3]) { return (rest(3), verbal) }
            }
            if s.hasPrefix(nasal + "n") {
                if isVowel(c[3]) { return ("t" + rest(3), verbal) }
                if "cdjz".contains(c[3]) { return (rest(3), verbal) }
            }
            if !verbal && s.hasPrefix("per") && c.count - 3 >= 4 && (isVowel(c[3]) || syllable(at: 3)) {
                return (rest(3), false)
            }
            if syllable(at: 2) && c.count - 2 >= 4 { return (rest(2), verbal) }
            return nil
        }
        if s.hasPrefix("bel") && s.hasSuffix("ajar") { return (rest(3), true) }
        if s.hasPrefix("beker") { return (rest(2), true) }
        if s.hasPrefix("ber") && c.count - 3 >= 4 { return (rest(3), true) }
        if s.hasPrefix("ter") && c.count - 3 >= 4 { return (rest(3), true) }
        if s.hasPrefix("di") && c.count - 2 >= 4 && (isVowel(c[2]) || syllable(at: 2)) { return (rest(2), true) }
        if s.hasPrefix("ke") && s.hasSuffix("an") && c.count - 4 >= 4 { return (rest(2), false) }
        return nil
    }

    /// Spelling folded so that loanwords meet their source: c/q/ch → k, ph → f, th → t, x → ks,
    /// z → s, j and y → i, -tion/-sion → -si, -ity → -itas, -ive → -if, final -ct → -k, final e
    /// dropped, doubled letters single ("communication" and "komunikasi" → "komunikasi").
    static func cognateForm(_ stem: String) -> String {
        var s = stem
        if s.hasSuffix("ity") { s.removeLast(3); s += "itas" }
        if s.hasSuffix("iv") { s.removeLast(); s += "f" }
        for (from, to) in [("tion", "si"), ("sion", "si"), ("ph", "f"), ("th", "t"), ("ch", "k"), ("qu", "kw"),
                           ("x", "ks"), ("c", "k"), ("q", "k"), ("z", "s"), ("j", "i"), ("y", "i")] {
            s = s.replacing(from, with: to)
        }
        if s.hasSuffix("kt") { s.removeLast() }
        if s.hasSuffix("e") && s.count > 3 { s.removeLast() }
        var folded = ""
        for character in s where character != folded.last { folded.append(character) }
        return folded
    }

    static func isVowel(_ c: Character) -> Bool { "aiueo".contains(c) }
}
