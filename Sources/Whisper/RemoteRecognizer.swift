// Remote recognizer, part 1 of 3: a `SpeechRecognizer` that sends the audio to an
// OpenAI-compatible service (`POST {baseURL}/v1/audio/transcriptions`, or `/translations`)
// and maps its `verbose_json` answer onto the same `Transcript` the native engine returns.

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// Where and how to reach an OpenAI-compatible transcription service.
public struct RemoteRecognizerConfiguration: Sendable, Equatable {
    /// OpenAI's documented upload limit for `file` (25 MB, about 13 minutes of 16 kHz 16-bit WAV).
    public static let openAIUploadLimitBytes = 25 * 1024 * 1024

    /// The service's root, e.g. `https://api.openai.com`; `/v1/audio/…` is appended (a base that
    /// already ends in `/v1` is accepted too).
    public var baseURL: URL
    /// Sent as `Authorization: Bearer <key>`; `nil` or empty sends no `Authorization` header.
    public var apiKey: String?
    /// The service's model name (`model` form field), e.g. `whisper-1`.
    public var model: String
    /// The longest a request may take from connecting to the last byte of the answer, in seconds.
    public var timeoutSeconds: Double
    /// Audio whose WAV file is larger than this is refused before sending; `nil` sends anything.
    public var uploadLimitBytes: Int?

    public init(baseURL: URL, apiKey: String? = nil, model: String = "whisper-1", timeoutSeconds: Double = 300,
                uploadLimitBytes: Int? = RemoteRecognizerConfiguration.openAIUploadLimitBytes) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.model = model
        self.timeoutSeconds = timeoutSeconds
        self.uploadLimitBytes = uploadLimitBytes
    }
}

/// A speech recognizer behind an OpenAI-compatible HTTP API.
///
/// What is sent, from `DecodingOptions`:
/// - `file`: the samples as a 16 kHz 16-bit mono WAV; `model`; `response_format=verbose_json`;
/// - `language` (if set), `timestamp_granularities[]=segment`, and `=word` when
///   `wordTimestamps` is on; both only to `/transcriptions`, since `/translations` has neither;
/// - `prompt` = `initialPrompt` (if set); `temperature` = the first of `temperatures`.
///
/// The other options (beam size, fallback thresholds, suppression…) have no field in the API:
/// the service decides them. The `Transcript` differs from the native one where the API gives
/// less: words carry no probability (`Word.probability` is `nil`) and no leading space
/// or punctuation, and an auto-detected language has no probability.
///
/// `transcribe` blocks the calling thread until the answer arrives or `timeoutSeconds` pass, so
/// call it off Swift's cooperative pool, as the native engine's. The instance is immutable and
/// `Sendable`; concurrent calls are independent requests.
public final class RemoteSpeechRecognizer: SpeechRecognizer {
    public let configuration: RemoteRecognizerConfiguration
    private let session: URLSession

    public init(configuration: RemoteRecognizerConfiguration) {
        self.configuration = configuration
        let sessionConfiguration = URLSessionConfiguration.ephemeral
        sessionConfiguration.timeoutIntervalForRequest = configuration.timeoutSeconds
        sessionConfiguration.timeoutIntervalForResource = configuration.timeoutSeconds
        sessionConfiguration.urlCache = nil
        session = URLSession(configuration: sessionConfiguration)
    }

    deinit { session.finishTasksAndInvalidate() }

    /// The endpoint for `task`.
    public func endpoint(for task: DecodingOptions.Task) -> URL {
        var base = configuration.baseURL
        if base.lastPathComponent == "v1" { base.deleteLastPathComponent() }
        let path = task == .translate ? "v1/audio/translations" : "v1/audio/transcriptions"
        return base.appendingPathComponent(path)
    }

    /// Sends the samples and maps the answer. Throws `RemoteRecognizerError` for anything the
    /// service or the network does, `WhisperError.invalidOption` for options out of range.
    /// `progress`, if given, is called once, with the whole duration, when the answer is mapped.
    public func transcribe(samples: [Float], options: DecodingOptions = DecodingOptions(),
                           progress: (@Sendable (Double, Double) -> Void)? = nil) throws -> Transcript {
        try options.validate()
        let duration = Double(samples.count) / Double(AudioConstants.sampleRate)
        let request = try makeRequest(samples: samples, options: options)
        let (status, body) = try send(request)
        switch status {
        case 200..<300:
            let transcript = try VerboseTranscription.decode(body).transcript(options: options, duration: duration)
            progress?(duration, duration)
            return transcript
        case 401:
            throw RemoteRecognizerError.invalidAPIKey
        default:
            throw RemoteRecognizerError.httpStatus(status, message: HTTPErrorBody.message(body))
        }
    }

    func makeRequest(samples: [Float], options: DecodingOptions) throws -> URLRequest {
        let wav = WAVFile.pcm16(samples: samples, sampleRate: AudioConstants.sampleRate)
        if let limit = configuration.uploadLimitBytes, wav.count > limit {
            throw RemoteRecognizerError.audioTooLarge(bytes: wav.count, limit: limit)
        }
        var form = MultipartForm()
        form.addFile("file", filename: "audio.wav", contentType: "audio/wav", data: wav)
        form.add("model", configuration.model)
        form.add("response_format", "verbose_json")
        if options.task == .transcribe {
            if let language = options.language { form.add("language", language) }
            form.add("timestamp_granularities[]", "segment")
            if options.wordTimestamps { form.add("timestamp_granularities[]", "word") }
        }
        if let prompt = options.initialPrompt, !prompt.isEmpty { form.add("prompt", prompt) }
        form.add("temperature", String(options.temperatures[0]))

        var request = URLRequest(url: endpoint(for: options.task), timeoutInterval: configuration.timeoutSeconds)
        request.httpMethod = "POST"
        request.setValue(form.contentType, forHTTPHeaderField: "Content-Type")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let key = configuration.apiKey, !key.isEmpty {
            request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        }
        request.httpBody = form.finished()
        return request
    }

    /// Performs `request` and waits for its status and body.
    private func send(_ request: URLRequest) throws -> (status: Int, body: Data) {
        let outcome = ExchangeOutcome()
        let finished = DispatchSemaphore(value: 0)
        let url = request.url?.absoluteString ?? ""
        let timeout = configuration.timeoutSeconds
        let task = session.dataTask(with: request) { data, response, error in
            let result: Result<(Int, Data), RemoteRecognizerError>
            if let error {
                result = .failure(Self.classify(error, url: url, timeout: timeout))
            } else if let http = response as? HTTPURLResponse {
                result = .success((http.statusCode, data ?? Data()))
            } else {
                result = .failure(.malformedResponse("no HTTP response"))
            }
            outcome.result.withLock { $0 = result }
            finished.signal()
        }
        task.resume()
        // URLSession enforces the timeout; the margin only guards against a lost callback.
        if finished.wait(timeout: .now() + timeout + 5) == .timedOut {
            task.cancel()
            throw RemoteRecognizerError.timedOut(seconds: timeout)
        }
        return try outcome.result.withLock { $0! }.get()
    }

    private static func classify(_ error: any Error, url: String, timeout: Double) -> RemoteRecognizerError {
        guard let urlError = error as? URLError else {
            return .unreachable(url: url, reason: error.localizedDescription)
        }
        switch urlError.code {
        case .timedOut:
            return .timedOut(seconds: timeout)
        case .cannotConnectToHost: return .unreachable(url: url, reason: "could not connect")
        case .cannotFindHost, .dnsLookupFailed: return .unreachable(url: url, reason: "unknown host")
        case .networkConnectionLost: return .unreachable(url: url, reason: "connection closed before the answer was complete")
        case .notConnectedToInternet: return .unreachable(url: url, reason: "no network")
        default:
            return .unreachable(url: url, reason: "\(urlError.localizedDescription) (URLError \(urlError.code.rawValue))")
        }
    }
}

/// The result of one HTTP exchange, written by URLSession's callback, read by the waiting caller.
private final class ExchangeOutcome: Sendable {
    let result = Mutex<Result<(Int, Data), RemoteRecognizerError>?>(nil)
}
