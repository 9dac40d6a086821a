import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one configuration file: `KEY=VALUE` lines (the variables the README's "Configuration"
/// table lists; `#` comments, blank lines, optional quotes around a value), named by
/// `INTERVIEW_CONFIG` (default `./interview.env` when it exists). The environment overrides the
/// file: a variable already set is left as it is. Every executable applies it before reading
/// any setting, so the programs started by `pipeline run` inherit it too.
public enum ConfigurationFile {
    public static let defaultPath = "./interview.env"

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// The settings in `text`, in order.
    public static func parse(_ text: String, source: String = "configuration") throws(Invalid) -> [(String, String)] {
        var settings: [(String, String)] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let body = line.hasPrefix("export ") ? String(line.dropFirst(7)) : line
            guard let equals = body.firstIndex(of: "=") else {
                throw Invalid(description: "\(source) line \(number + 1): expected KEY=VALUE")
            }
            let key = body[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }) else {
                throw Invalid(description: "\(source) line \(number + 1): '\(key)' is not a setting name")
            }
            var value = body[body.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            settings.append((key, value))
        }
        return settings
    }

    /// Sets each setting of the file that the environment does not set already. Returns the
    /// file read, or nil when there is none (no `INTERVIEW_CONFIG` and no `./interview.env`).
    @discardableResult
    public static func apply(environment: [String: String] = ProcessInfo.processInfo.environment) throws(Invalid) -> String? {
        let path = environment["INTERVIEW_CONFIG"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultPath
        guard FileManager.default.fileExists(atPath: path) else {
            if environment["INTERVIEW_CONFIG"] != nil { throw Invalid(description: "INTERVIEW_CONFIG names no file: \(path)") }
            return nil
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Invalid(description: "cannot read the configuration file \(path)")
        }
        for (key, value) in try parse(text, source: path) where environment[key] == nil {
            setenv(key, value, 0)
        }
        return path
    }
}
