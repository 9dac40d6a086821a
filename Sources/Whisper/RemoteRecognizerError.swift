import Foundation

/// Everything that can go wrong when a remote OpenAI-compatible service transcribes. The
/// descriptions are written for the person running the stage; none of them contains the API key.
public enum RemoteRecognizerError: Error, Equatable, CustomStringConvertible {
    /// The service answered 401: the key is missing, wrong or revoked.
    case invalidAPIKey
    /// The service answered another 4xx or 5xx status; `message` is the service's own
    /// (`error.message` of OpenAI's error body, or the body's text).
    case httpStatus(Int, message: String)
    /// No connection could be made (refused, unknown host, TLS failure, connection lost).
    case unreachable(url: String, reason: String)
    /// No complete answer arrived within the configured timeout.
    case timedOut(seconds: Double)
    /// The answer was not the `verbose_json` the request asked for.
    case malformedResponse(String)
    /// The audio as a WAV file is larger than the service accepts.
    case audioTooLarge(bytes: Int, limit: Int)

    public var description: String {
        switch self {
        case .invalidAPIKey:
            return "Transcription API key invalid"
        case .httpStatus(let status, let message):
            return "Transcription service answered HTTP \(status): \(message)"
        case .unreachable(let url, let reason):
            return "Transcription service at \(url) is unreachable: \(reason)"
        case .timedOut(let seconds):
            return "Transcription service did not answer within \(seconds) s"
        case .malformedResponse(let reason):
            return "Transcription service sent a malformed verbose_json response: \(reason)"
        case .audioTooLarge(let bytes, let limit):
            return "Audio is \(bytes) bytes as 16 kHz WAV, over the transcription service's limit of \(limit) bytes"
        }
    }
}
