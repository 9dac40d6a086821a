import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One answer of a service, body collected.
public struct ServiceResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: Data

    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// The process's one HTTP client for remote services (and `assess`'s for the front door). Unlike
/// AsyncHTTPClient's shared client it does not retry connecting until the request's deadline: a
/// refused or unreachable host fails the attempt within `connect` (10 s), and the caller decides
/// what happens next (otherwise a dead endpoint would hold each attempt for the whole timeout).
public let serviceHTTPClient: HTTPClient = {
    var configuration = HTTPClient.Configuration()
    configuration.timeout.connect = .seconds(10)
    configuration.connectionPool.retryConnectionEstablishment = false
    return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
}()

/// JSON over HTTPS to a remote service: a timeout per request, retries by ``RetryPolicy``, and
/// every failure classified as a ``ServiceError``.
public struct JSONServiceClient: Sendable {
    public var timeoutSeconds: Double
    public var retry: RetryPolicy
    /// Larger answers are refused (a chat reply or a translation is a few kilobytes).
    public var maxResponseBytes: Int
    /// Told about each retry (what failed, how long until the next try), for the caller's log.
    public var onRetry: (@Sendable (_ failure: String, _ waitSeconds: Double) -> Void)?

    public init(timeoutSeconds: Double = 120, retry: RetryPolicy = .default, maxResponseBytes: Int = 16 << 20,
                onRetry: (@Sendable (String, Double) -> Void)? = nil) {
        self.timeoutSeconds = timeoutSeconds
        self.retry = retry
        self.maxResponseBytes = maxResponseBytes
        self.onRetry = onRetry
    }

    /// POSTs `body` as JSON and returns the first 2xx answer, or throws what the last attempt met.
    public func postJSON(_ url: URL, body: Data, headers: [(String, String)] = []) async throws(ServiceError) -> ServiceResponse {
        var attempt = 1
        while true {
            let failure: ServiceError
            let wait: Double?
            do {
                return try await attemptOnce(url, body: body, headers: headers)
            } catch {
                switch error {
                case let .retryable(error, after): (failure, wait) = (error, after)
                case let .final(error): throw error
                }
            }
            guard attempt < retry.maxAttempts else { throw failure }
            let pause = wait ?? retry.backoff(after: attempt)
            onRetry?("\(failure)", pause)
            try? await Task.sleep(for: .seconds(pause))
            attempt += 1
        }
    }

    private enum AttemptFailure: Error {
        case retryable(ServiceError, after: Double?)
        case final(ServiceError)
    }

    /// One request, its answer sorted into success, a failure worth retrying (and when), or not.
    private func attemptOnce(_ url: URL, body: Data, headers: [(String, String)]) async throws(AttemptFailure) -> ServiceResponse {
        let response: ServiceResponse
        do { response = try await send(url, body: body, headers: headers) } catch {
            throw .retryable(error, after: nil)   // no answer: refused, reset, timed out
        }
        let text = String(decoding: response.body.prefix(4096), as: UTF8.self)
        let retryAfter = RetryPolicy.retryAfterSeconds(response.header("Retry-After"))
        switch response.status {
        case 200..<300:
            return response
        case 401, 403:
            throw .final(.unauthorized(status: response.status, body: text))
        case 456:
            throw .final(.quotaExceeded(status: response.status, body: text))
        case 429:
            let error = ServiceError.rateLimited(retryAfterSeconds: retryAfter, body: text)
            if let retryAfter, retryAfter > retry.maxRetryAfterSeconds { throw .final(error) }
            throw .retryable(error, after: retryAfter)
        case 500..<600:
            throw .retryable(.serverError(status: response.status, body: text),
                             after: retryAfter.map { min($0, retry.maxRetryAfterSeconds) })
        default:
            throw .final(.rejected(status: response.status, body: text))
        }
    }

    private func send(_ url: URL, body: Data, headers: [(String, String)]) async throws(ServiceError) -> ServiceResponse {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "interview-assessment/1")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await serviceHTTPClient.execute(request, timeout: .milliseconds(Int64(timeoutSeconds * 1000)))
            let collected = try await response.body.collect(upTo: maxResponseBytes)
            return ServiceResponse(status: Int(response.status.code),
                                   headers: response.headers.map { ($0.name, $0.value) },
                                   body: Data(collected.readableBytesView))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw .timedOut(seconds: timeoutSeconds)
        } catch let error as NIOTooManyBytesError {
            throw .invalidResponse("answer larger than \(maxResponseBytes) bytes (\(error))")
        } catch {
            throw .unreachable(String(describing: error))
        }
    }
}
