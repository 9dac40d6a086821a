import Foundation

/// Loose read access to a JSON document: any path may be missing or of another type, and reading
/// it gives nil rather than an error, because a results document lacks whole sections when a
/// stage is not deployed or an item failed.
struct JSONDocument {
    /// What JSONSerialization produced at this path, or nil when the path does not exist.
    let value: Any?

    init(value: Any?) { self.value = value }

    /// Parses `data`; nil when it is not JSON.
    init?(data: Data) {
        guard let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return nil }
        self.value = value
    }

    subscript(key: String) -> JSONDocument { JSONDocument(value: (value as? [String: Any])?[key]) }

    var isNull: Bool { value is NSNull }
    var exists: Bool { value != nil }

    var string: String? { value as? String }

    /// A number. Foundation parses JSON booleans as NSNumber too; their Objective-C type ("c",
    /// a char) tells them apart, since `is Bool` also holds for the numbers 0 and 1.
    var number: Double? {
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
        return number.doubleValue
    }

    var array: [JSONDocument]? { (value as? [Any])?.map { JSONDocument(value: $0) } }

    /// Text for display: a string as is, a whole number without decimals, other numbers as JSON writes them.
    var text: String? {
        if let string { return string }
        if let number {
            return number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        }
        return nil
    }

    /// `value` re-serialized pretty-printed with sorted keys and unescaped slashes.
    static func prettyPrinted(_ data: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
              let pretty = try? JSONSerialization.data(withJSONObject: object,
                                                       options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        else { return nil }
        return String(decoding: pretty, as: UTF8.self)
    }
}
