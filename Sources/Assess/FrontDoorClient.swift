import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import ServiceClients

/// The front door's API (README, "The API") over `serviceHTTPClient`, every request with a
/// deadline. Answers are returned as raw JSON bytes; a 4xx/5xx becomes
/// ``AssessError/server(status:detail:)`` carrying the API's `detail`.
struct FrontDoorClient: Sendable {
    /// The upload's deadline allows this slow a link (bytes per second) plus ``uploadSlackSeconds``.
    static let slowestUploadBytesPerSecond: Int64 = 256 * 1024
    static let uploadSlackSeconds: Int64 = 120
    /// Results documents carry every finding's timeline; this is far above any real one.
    static let maxResponseBytes = 64 << 20

    let baseURL: String
    let timeoutSeconds: Double

    var requestTimeout: TimeAmount { .milliseconds(Int64(timeoutSeconds * 1000)) }

    // MARK: Endpoints

    /// `POST /upload`: the videos and questions as a streamed multipart body.
    func upload(_ body: MultipartBody) async throws -> Data {
        var request = HTTPClientRequest(url: baseURL + "/upload")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: body.contentType)
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .stream(body, length: .known(body.totalBytes))
        let deadline = TimeAmount.seconds(Self.uploadSlackSeconds + body.totalBytes / Self.slowestUploadBytesPerSecond)
        return try await send(request, timeout: deadline)
    }

    /// `POST /upload_json`: answers given as Drive links or https URLs.
    func uploadLinks(_ json: Data) async throws -> Data {
        var request = HTTPClientRequest(url: baseURL + "/upload_json")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        request.body = .bytes(ByteBuffer(data: json))
        return try await send(request, timeout: requestTimeout)
    }

    /// `GET /status/{id}`.
    func status(of session: String) async throws -> Data {
        try await send(HTTPClientRequest(url: "\(baseURL)/status/\(session)"), timeout: requestTimeout)
    }

    /// `GET /results/{id}`.
    func results(of session: String) async throws -> Data {
        try await send(HTTPClientRequest(url: "\(baseURL)/results/\(session)"), timeout: requestTimeout)
    }

    // MARK: Transport

    private func send(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> Data {
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await serviceHTTPClient.execute(request, timeout: timeout)
            body = try await response.body.collect(upTo: Self.maxResponseBytes)
        } catch let error as AssessError {
            throw error
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw AssessError.network("No answer from \(baseURL) within \(timeout.nanoseconds / 1_000_000_000) s (\(request.method.rawValue) \(path(of: request)))")
        } catch {
            throw AssessError.network("Cannot reach \(baseURL) (\(request.method.rawValue) \(path(of: request))): \(error)")
        }
        let data = Data(buffer: body)
        guard response.status.code < 400 else {
            throw AssessError.server(status: Int(response.status.code), detail: Self.detail(of: data, status: Int(response.status.code)))
        }
        return data
    }

    private func path(of request: HTTPClientRequest) -> String { String(request.url.dropFirst(baseURL.count)) }

    /// The API's `{"detail": "…"}`, or what there is when something else (a proxy) answered.
    static func detail(of body: Data, status: Int) -> String {
        if let detail = JSONDocument(data: body)?["detail"].string { return detail }
        let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "HTTP \(status) from the server" : "HTTP \(status) from the server: \(text)"
    }
}
