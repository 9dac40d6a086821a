import Foundation
import ServiceClients

/// A score the model wrote, and what its log-probabilities say about it (G-Eval's weighting:
/// the expected value of the score under the model's own distribution over score tokens).
public struct WeightedScore: Codable, Sendable, Equatable {
    /// The integer the model wrote.
    public var stated: Int
    /// The probability-weighted score on 0–100; equal to `stated` when no logprobs were given.
    public var weighted: Double
    /// The probability the model gave the value it wrote (product over its tokens), 0–1.
    public var probability: Double?
    /// The alternatives seen at the score's first token, with their probabilities (evidence).
    public var alternatives: [Alternative]

    public struct Alternative: Codable, Sendable, Equatable {
        public var value: Int
        public var probability: Double
    }

    public init(stated: Int, weighted: Double, probability: Double?, alternatives: [Alternative]) {
        self.stated = stated
        self.weighted = weighted
        self.probability = probability
        self.alternatives = alternatives
    }
}

/// Finds each score in a reply's tokens and weights it by the alternatives at its tokens.
///
/// Tokenizers split numbers differently: Llama 3 and OpenAI's write 0–999 as one token, Gemma's
/// and many others one digit per token. So the number's tokens are found by their character
/// positions in the reply, and:
/// - one token for the whole number: the expectation over the alternatives at that position
///   that are whole numbers in 0–100, renormalised over them;
/// - several tokens: each token's digits are weighted by their own position's alternatives that
///   are digit strings of the same length (the expected digit value times its place), keeping
///   the written value of the other tokens; alternatives that would take the score out of 0–100
///   are dropped. The sum is clamped to 0–100.
/// The probability of the written value is the product of its tokens' probabilities.
public enum ScoreWeighting {
    /// The weighted score of the integer at `range` (character offsets in the concatenated
    /// tokens' text), or nil when the tokens do not cover it.
    public static func score(at range: Range<Int>, stated: Int, tokens: [TokenLogprob]) -> WeightedScore? {
        var offset = 0
        var covering: [(token: TokenLogprob, digits: Range<Int>)] = []   // digits: within the token
        for token in tokens {
            let length = token.token.count
            let span = offset..<(offset + length)
            let overlap = span.clamped(to: range)
            if !overlap.isEmpty { covering.append((token, (overlap.lowerBound - offset)..<(overlap.upperBound - offset))) }
            offset += length
            if offset >= range.upperBound { break }
        }
        guard !covering.isEmpty else { return nil }
        let probability = covering.reduce(1.0) { $0 * exp($1.token.logprob) }

        // Place value of each covering token's digits: the digits after it in the number.
        var digitsAfter: [Int] = []
        var remaining = range.count
        for piece in covering {
            remaining -= piece.digits.count
            digitsAfter.append(remaining)
        }
        let writtenParts: [Double] = covering.enumerated().map { index, piece in
            Double(Int(piece.token.token.substring(piece.digits)) ?? 0) * pow(10, Double(digitsAfter[index]))
        }
        var weighted = 0.0
        var firstAlternatives: [WeightedScore.Alternative] = []
        for (index, piece) in covering.enumerated() {
            let place = pow(10, Double(digitsAfter[index]))
            let others = writtenParts.enumerated().filter { $0.offset != index }.reduce(0) { $0 + $1.element }
            let written = piece.token.token.substring(piece.digits)
            let prefix = piece.token.token.substring(0..<piece.digits.lowerBound).trimmingCharacters(in: .whitespaces)
            var candidates: [(value: Int, probability: Double)] = []
            for alternative in piece.token.topLogprobs {
                let text = alternative.token.trimmingCharacters(in: .whitespaces)
                let digits = String(text.dropFirst(prefix.count))
                guard text.hasPrefix(prefix), !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit),
                      covering.count == 1 || digits.count == written.count,
                      let value = Int(digits) else { continue }
                let total = Double(value) * place + others
                guard (0...100).contains(total) else { continue }
                candidates.append((value, exp(alternative.logprob)))
            }
            if !candidates.contains(where: { $0.value == Int(written) }), let value = Int(written) {
                candidates.append((value, exp(piece.token.logprob)))   // the written token, if not listed
            }
            let mass = candidates.reduce(0) { $0 + $1.probability }
            let expected = mass > 0 ? candidates.reduce(0) { $0 + Double($1.value) * $1.probability } / mass
                                    : Double(Int(written) ?? 0)
            weighted += expected * place
            if index == 0 {
                firstAlternatives = candidates.map { .init(value: Int(Double($0.value) * place + others), probability: $0.probability) }
                    .sorted { $0.probability > $1.probability }
            }
        }
        return WeightedScore(stated: stated, weighted: min(100, max(0, weighted)), probability: probability,
                             alternatives: firstAlternatives)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension String {
    /// Characters at integer offsets.
    func substring(_ range: Range<Int>) -> String {
        let start = index(startIndex, offsetBy: range.lowerBound, limitedBy: endIndex) ?? endIndex
        let end = index(startIndex, offsetBy: range.upperBound, limitedBy: endIndex) ?? endIndex
        return String(self[start..<max(start, end)])
    }
}
