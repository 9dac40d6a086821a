// Whisper, part 2b of 7: the tokenizer.
//
// GPT-2 byte-level BPE: token strings are written in the "bytes → unicode" alphabet (printable
// bytes stand for themselves, the other 68 byte values for U+0100 onwards). Ids from
// `<|endoftext|>` (50257) on are special: languages, tasks, `<|notimestamps|>`, then the 1501
// timestamps `<|0.00|>` … `<|30.00|>`.

import Foundation

/// Whisper's vocabulary: ids ↔ text, special tokens, languages. Immutable, `Sendable`.
public struct Tokenizer: Sendable {
    /// Token strings by id, in the byte-level alphabet (specials verbatim, e.g. `<|en|>`).
    public let tokens: [String]
    /// The bytes each token stands for (empty for special tokens).
    let tokenBytes: [[UInt8]]
    private let idsByToken: [String: Int]
    /// BPE merge ranks, `"a b" → rank`; empty when the directory has no `tokenizer.json`.
    private let mergeRanks: [String: Int]

    public let endOfText: Int
    public let startOfTranscript: Int
    public let translate: Int
    public let transcribe: Int
    public let startOfLM: Int
    public let startOfPrevious: Int
    /// `<|nospeech|>` (`<|nocaptions|>` in older vocabularies).
    public let noSpeech: Int
    public let noTimestamps: Int
    /// `<|0.00|>`; timestamp id `t` stands for `(t - timestampBegin) · 0.02` s.
    public let timestampBegin: Int
    /// Language codes (`"en"`, `"de"`, …) with their token ids, in the model's order.
    public let languages: [(code: String, id: Int)]

    /// Loads `vocabulary.json` (or `vocabulary.txt`) and, if present, the merges of `tokenizer.json`.
    public init(directory: URL, languageTokenIds: [Int]) throws {
        let jsonURL = directory.appendingPathComponent("vocabulary.json")
        let textURL = directory.appendingPathComponent("vocabulary.txt")
        var tokens: [String]
        if let data = try? Data(contentsOf: jsonURL) {
            guard let list = try? JSONSerialization.jsonObject(with: data) as? [String] else {
                throw WhisperError.malformedModelFile(jsonURL.path, "not a JSON array of strings")
            }
            tokens = list
        } else if let text = try? String(contentsOf: textURL, encoding: .utf8) {
            tokens = text.components(separatedBy: "\n")
            if tokens.last == "" { tokens.removeLast() }
        } else {
            throw WhisperError.missingModelFile(jsonURL.path)
        }
        var merges: [String: Int] = [:]
        let tokenizerURL = directory.appendingPathComponent("tokenizer.json")
        if let data = try? Data(contentsOf: tokenizerURL) {
            guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let model = root["model"] as? [String: Any], let list = model["merges"] as? [Any] else {
                throw WhisperError.malformedModelFile(tokenizerURL.path, "no model.merges")
            }
            merges.reserveCapacity(list.count)
            for (rank, entry) in list.enumerated() {
                if let pair = entry as? [String], pair.count == 2 {
                    merges["\(pair[0]) \(pair[1])"] = rank
                } else if let joined = entry as? String {
                    merges[joined] = rank
                }
            }
        }
        try self.init(tokens: tokens, mergeRanks: merges, languageTokenIds: languageTokenIds)
    }

    init(tokens: [String], mergeRanks: [String: Int], languageTokenIds: [Int]) throws {
        self.tokens = tokens
        self.mergeRanks = mergeRanks
        var ids: [String: Int] = [:]
        ids.reserveCapacity(tokens.count)
        for (id, token) in tokens.enumerated() where ids[token] == nil { ids[token] = id }
        idsByToken = ids
        func special(_ names: String...) throws -> Int {
            for name in names { if let id = ids[name] { return id } }
            throw WhisperError.malformedModelFile("vocabulary", "no token \(names[0])")
        }
        endOfText = try special("<|endoftext|>")
        startOfTranscript = try special("<|startoftranscript|>")
        translate = try special("<|translate|>")
        transcribe = try special("<|transcribe|>")
        startOfLM = try special("<|startoflm|>")
        startOfPrevious = try special("<|startofprev|>")
        noSpeech = try special("<|nospeech|>", "<|nocaptions|>")
        noTimestamps = try special("<|notimestamps|>")
        timestampBegin = noTimestamps + 1
        languages = languageTokenIds.compactMap { id in
            guard id < tokens.count else { return nil }
            let token = tokens[id]
            guard token.hasPrefix("<|"), token.hasSuffix("|>") else { return nil }
            return (String(token.dropFirst(2).dropLast(2)), id)
        }
        let decoder = ByteLevel.unicodeToByte
        let eot = endOfText
        tokenBytes = tokens.enumerated().map { id, token in
            id >= eot ? [] : token.unicodeScalars.compactMap { decoder[$0] }
        }
    }

    /// The id of the language token for `code` (e.g. `"en"`).
    public func languageToken(_ code: String) throws -> Int {
        guard let entry = languages.first(where: { $0.code == code }) else {
            throw WhisperError.unsupportedLanguage(code)
        }
        return entry.id
    }

    /// The text of `ids`; special and timestamp tokens are skipped. Bytes are joined before
    /// UTF-8 decoding, so characters split over tokens come out whole; invalid sequences become
    /// U+FFFD.
    public func decode(_ ids: [Int]) -> String {
        var bytes: [UInt8] = []
        for id in ids where id >= 0 && id < endOfText { bytes += tokenBytes[id] }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text of `ids` with timestamps written as `<|1.08|>` and other specials by name.
    public func decodeWithTimestamps(_ ids: [Int]) -> String {
        var out = "", bytes: [UInt8] = []
        for id in ids {
            if id < endOfText { bytes += tokenBytes[id]; continue }
            out += String(decoding: bytes, as: UTF8.self)
            bytes = []
            if id >= timestampBegin {
                out += "<|" + String(format: "%.2f", Double(id - timestampBegin) * AudioConstants.timePrecision) + "|>"
            } else if id < tokens.count {
                out += tokens[id]
            }
        }
        return out + String(decoding: bytes, as: UTF8.self)
    }

    /// Encodes plain text (no special tokens) with byte-level BPE. Needs `tokenizer.json`.
    public func encode(_ text: String) throws -> [Int] {
        guard !mergeRanks.isEmpty else {
            throw WhisperError.missingModelFile("tokenizer.json (needed to encode prompts)")
        }
        var ids: [Int] = []
        for piece in ByteLevel.pretokenize(text) {
            let symbols = Array(piece.utf8).map { String(ByteLevel.byteToUnicode[Int($0)]) }
            for token in bytePairMerge(symbols) {
                guard let id = idsByToken[token] else {
                    throw WhisperError.malformedModelFile("tokenizer.json", "BPE produced unknown token \(token)")
                }
                ids.append(id)
            }
        }
        return ids
    }

    /// Repeatedly merges the adjacent pair with the lowest merge rank.
    private func bytePairMerge(_ start: [String]) -> [String] {
        var parts = start
        while parts.count > 1 {
            var best = Int.max, bestIndex = -1
            for i in 0..<(parts.count - 1) {
                if let rank = mergeRanks[parts[i] + " " + parts[i + 1]], rank < best {
                    best = rank
                    bestIndex = i
                }
            }
            if bestIndex < 0 { break }
            let merged = parts[bestIndex] + parts[bestIndex + 1]
            parts.replaceSubrange(bestIndex...bestIndex + 1, with: [merged])
        }
        return parts
    }

    /// Splits text tokens (plus a final `<|endoftext|>`) into words the way Whisper's word
    /// timestamps do: first into runs of tokens that decode to whole characters, then, for
    /// space-delimited languages, a new word starts at a leading space, at punctuation and at
    /// special tokens. Languages written without spaces keep the character runs.
    func splitToWordTokens(_ ids: [Int], language: String) -> [(word: String, tokens: [Int])] {
        var pieces: [(word: String, tokens: [Int])] = []
        var current: [Int] = [], bytes: [UInt8] = []
        for id in ids {
            current.append(id)
            if id >= endOfText {
                pieces.append((String(decoding: bytes, as: UTF8.self) + (id < tokens.count ? tokens[id] : ""), current))
                current = []
                bytes = []
                continue
            }
            bytes += tokenBytes[id]
            if let text = String(validating: bytes, as: UTF8.self) {
                pieces.append((text, current))
                current = []
                bytes = []
            }
        }
        if !current.isEmpty { pieces.append((String(decoding: bytes, as: UTF8.self), current)) }
        if ["zh", "ja", "th", "lo", "my", "yue"].contains(language) { return pieces }

        var words: [(word: String, tokens: [Int])] = []
        for piece in pieces {
            let special = piece.tokens[0] >= endOfText
            let withSpace = piece.word.hasPrefix(" ")
            // Python's `subword.strip() in string.punctuation` is a substring test.
            let trimmed = piece.word.trimmingCharacters(in: .whitespacesAndNewlines)
            let punctuation = trimmed.isEmpty || Self.asciiPunctuation.contains(trimmed)
            if special || withSpace || punctuation || words.isEmpty {
                words.append(piece)
            } else {
                words[words.count - 1].word += piece.word
                words[words.count - 1].tokens += piece.tokens
            }
        }
        return words
    }

    /// Python's `string.punctuation`.
    static let asciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

    /// The symbols faster-whisper and OpenAI Whisper suppress with `suppress_tokens=[-1]`: tokens
    /// that encode a single symbol (or a space plus it) from a fixed list, plus " -" and " '".
    func nonSpeechTokens() throws -> [Int] {
        var symbols = "\"#()*+/:;<=>@[\\]^_`{|}~「」『』".map(String.init)
        symbols += "<< >> <<< >>> -- --- -( -[ (' (\" (( )) ((( ))) [[ ]] {{ }} ♪♪ ♪♪♪".split(separator: " ").map(String.init)
        let miscellaneous = "♩♪♫♬♭♮♯".map(String.init)
        var result: Set<Int> = [try encode(" -")[0], try encode(" '")[0]]
        for symbol in symbols + miscellaneous {
            for encoded in [try encode(symbol), try encode(" " + symbol)] {
                if encoded.count == 1 || miscellaneous.contains(symbol), let first = encoded.first {
                    result.insert(first)
                }
            }
        }
        return result.sorted()
    }
}

/// GPT-2's byte ↔ unicode alphabet and pre-tokenizer.
enum ByteLevel {
    /// `byteToUnicode[b]` is the character that stands for byte `b` in token strings.
    static let byteToUnicode: [Character] = {
        var printable = Array(33...126) + Array(161...172) + Array(174...255)
        var map = [Int](repeating: 0, count: 256)
        for b in printable { map[b] = b }
        var next = 256
        for b in 0..<256 where !printable.contains(b) {
            map[b] = next
            next += 1
            printable.append(b)
        }
        return map.map { Character(Unicode.Scalar(UInt32($0))!) }
    }()

    static let unicodeToByte: [Unicode.Scalar: UInt8] = {
        var map: [Unicode.Scalar: UInt8] = [:]
        for (byte, character) in byteToUnicode.enumerated() { map[character.unicodeScalars.first!] = UInt8(byte) }
        return map
    }()

    /// Splits text like GPT-2's pattern
    /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`.
    static func pretokenize(_ text: String) -> [String] {
        let s = Array(text.unicodeScalars)
        func isLetter(_ c: Unicode.Scalar) -> Bool {
            switch c.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
            default: return false
            }
        }
        func isNumber(_ c: Unicode.Scalar) -> Bool {
            switch c.properties.generalCategory {
            case .decimalNumber, .letterNumber, .otherNumber: return true
            default: return false
            }
        }
        func isSpace(_ c: Unicode.Scalar) -> Bool { c.properties.isWhitespace }
        func isOther(_ c: Unicode.Scalar) -> Bool { !isSpace(c) && !isLetter(c) && !isNumber(c) }

        var pieces: [String] = []
        var i = 0
        func emit(_ end: Int) {
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: s[i..<end])
            pieces.append(String(piece))
            i = end
        }
        while i < s.count {
            if s[i] == "'" {
                let contractions = ["s", "t", "re", "ve", "m", "ll", "d"]
                if let match = contractions.first(where: { c in
                    let scalars = Array(c.unicodeScalars)
                    return i + scalars.count < s.count && Array(s[(i + 1)...(i + scalars.count)]) == scalars
                }) {
                    emit(i + 1 + match.unicodeScalars.count)
                    continue
                }
            }
            var j = i
            if s[j] == " " && j + 1 < s.count && !isSpace(s[j + 1]) { j += 1 }
            let first = s[j]
            if !isSpace(first) {
                let matches: (Unicode.Scalar) -> Bool = isLetter(first) ? isLetter : isNumber(first) ? isNumber : isOther
                var end = j + 1
                while end < s.count && matches(s[end]) { end += 1 }
                emit(end)
                continue
            }
            var end = i
            while end < s.count && isSpace(s[end]) { end += 1 }
            if end < s.count && end - i > 1 { end -= 1 }
            emit(end)
        }
        return pieces
    }
}
