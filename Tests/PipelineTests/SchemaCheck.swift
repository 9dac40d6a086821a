import Foundation
import TestSupport

/// The API reference's results example as a schema: every key it has must be in our document,
/// with a value of the same JSON kind (numbers are one kind: the example writes some integer
/// scores that we weight to fractions). Arrays are checked element by element against the
/// example's first element; an empty array on our side has nothing to check. A `null` in the
/// example accepts anything; a `null` of ours is accepted only where the reference's own code
/// writes null too (no logprobs from the scorer, no words to measure confidence on).
enum SchemaCheck {
    /// Keys the reference's code itself leaves null in those cases (seed-system-analysis §2.5, §2.7).
    static let nullable: Set<String> = ["logprobs_confidence", "avg_logprobs_confidence", "rata_rata_confidence_score",
                                        "avg_confidence", "min_confidence", "max_confidence"]

    /// The example `/results` document of the API reference (../shared/seed), copied verbatim.
    static func referenceExample() throws -> [String: Any] {
        let url = TestPaths.repositoryRoot.appending(path: "Tests/PipelineTests/Fixtures/reference-results-example.json")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    }

    static func differences(reference: Any, actual: Any?, path: String = "") -> [String] {
        switch reference {
        case is NSNull:
            return []
        case let object as [String: Any]:
            guard let actual = actual as? [String: Any] else { return ["\(path): expected an object, found \(kind(actual))"] }
            return object.keys.sorted().flatMap { key -> [String] in
                guard let value = actual[key] else { return ["\(path).\(key): missing"] }
                if value is NSNull, !(object[key] is NSNull) {
                    return nullable.contains(key) ? [] : ["\(path).\(key): null where the reference has \(kind(object[key]))"]
                }
                return differences(reference: object[key]!, actual: value, path: "\(path).\(key)")
            }
        case let array as [Any]:
            guard let actual = actual as? [Any] else { return ["\(path): expected an array, found \(kind(actual))"] }
            guard let first = array.first else { return [] }
            return actual.enumerated().flatMap { differences(reference: first, actual: $1, path: "\(path)[\($0)]") }
        default:
            return kind(reference) == kind(actual) ? [] : ["\(path): expected \(kind(reference)), found \(kind(actual))"]
        }
    }

    static func kind(_ value: Any?) -> String {
        switch value {
        case nil: "nothing"
        case is NSNull: "null"
        case let number as NSNumber: String(cString: number.objCType) == "c" ? "boolean" : "number"
        case is String: "string"
        case is [Any]: "array"
        case is [String: Any]: "object"
        default: "\(type(of: value!))"
        }
    }
}
