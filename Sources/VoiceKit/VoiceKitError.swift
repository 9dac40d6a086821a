import Foundation

/// Everything that can go wrong when loading the speaker encoder or analysing audio. The
/// descriptions are written for the person running the stage: they name the file or the input
/// at fault and, for a missing model, the script that fetches it.
public enum VoiceKitError: Error, Equatable, CustomStringConvertible {
    /// The checkpoint file is absent or unreadable.
    case missingCheckpoint(String)
    /// The checkpoint exists but is not a PyTorch checkpoint this reader understands.
    case malformedCheckpoint(String, String)
    /// The checkpoint lacks a tensor the encoder needs.
    case missingTensor(String)
    /// A tensor has a shape or layout that disagrees with the GE2E architecture.
    case tensorShapeMismatch(String, expected: [Int], found: [Int])
    /// Audio was given at a sample rate the engine does not resample from.
    case unsupportedSampleRate(Int)

    public var description: String {
        switch self {
        case .missingCheckpoint(let path):
            return "Voice encoder checkpoint missing or unreadable: \(path) (run scripts/fetch-voice-encoder.sh)"
        case .malformedCheckpoint(let path, let reason):
            return "Voice encoder checkpoint \(path) is malformed: \(reason)"
        case .missingTensor(let name):
            return "Voice encoder checkpoint has no tensor \(name)"
        case .tensorShapeMismatch(let name, let expected, let found):
            return "Voice encoder tensor \(name) has shape \(found), expected \(expected)"
        case .unsupportedSampleRate(let rate):
            return "VoiceKit needs 16000 Hz mono audio, got \(rate) Hz (resample before calling)"
        }
    }
}
