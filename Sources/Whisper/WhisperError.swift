import Foundation

/// Everything that can go wrong when loading a model or transcribing. The descriptions are
/// written for the person running the stage: they name the file or the option at fault.
public enum WhisperError: Error, Equatable, CustomStringConvertible {
    /// A required file of the model directory is absent or unreadable.
    case missingModelFile(String)
    /// A model file exists but cannot be parsed.
    case malformedModelFile(String, String)
    /// `model.bin` lacks a variable that the architecture needs.
    case missingWeight(String)
    /// A variable has a shape that disagrees with the rest of the model.
    case weightShapeMismatch(String, expected: [Int], found: [Int])
    /// The requested language code is not one of the model's languages.
    case unsupportedLanguage(String)
    /// A decoding option is out of range.
    case invalidOption(String)
    /// A system library the engine loads at run time is missing.
    case missingSystemLibrary(String)

    public var description: String {
        switch self {
        case .missingModelFile(let path):
            return "Whisper model file missing or unreadable: \(path) (run scripts/fetch-models.sh)"
        case .malformedModelFile(let path, let reason):
            return "Whisper model file \(path) is malformed: \(reason)"
        case .missingWeight(let name):
            return "Whisper model.bin has no variable \(name)"
        case .weightShapeMismatch(let name, let expected, let found):
            return "Whisper model.bin variable \(name) has shape \(found), expected \(expected)"
        case .unsupportedLanguage(let code):
            return "Whisper model does not know the language code '\(code)'"
        case .invalidOption(let reason):
            return "Invalid Whisper decoding option: \(reason)"
        case .missingSystemLibrary(let name):
            return "Whisper needs the system library \(name)"
        }
    }
}
