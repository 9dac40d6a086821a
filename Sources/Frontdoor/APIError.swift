import Foundation
import StageProtocol
import NIOCore
import HTTPTypes
import Hummingbird

/// An error answered to the client as `{"detail": "..."}` (the API reference's error body), with
/// the reference's message where it gives one. Messages never carry paths or tracebacks.
struct APIError: HTTPResponseError, CustomStringConvertible {
    let status: HTTPResponse.Status
    let detail: String

    init(_ status: HTTPResponse.Status, _ detail: String) {
        self.status = status
        self.detail = detail
    }

    var description: String { "\(status.code) \(detail)" }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        jsonResponse(["detail": detail], status: status)
    }

    // The reference's messages, in one place.
    static let noVideos = APIError(.badRequest, "No videos uploaded")
    static let invalidLanguage = APIError(.badRequest, "Invalid language code. Use 'en' or 'id'")
    static let missingName = APIError(.badRequest, "Candidate name is required")
    static let invalidExternalID = APIError(.badRequest, "Invalid external_id")
    static let callbackNotAllowed = APIError(.badRequest,
        "Invalid callback_url: webhooks go only to https URLs of hosts in WEBHOOK_ALLOWED_HOSTS")
    static let noInterviews = APIError(.badRequest, "No interviews provided")
    static let sessionNotFound = APIError(.notFound, "Session not found")
    static func tooManyVideos(_ limit: Int) -> APIError { APIError(.badRequest, "Too many videos: at most \(limit) per session") }
    static func tooManyInterviews(_ limit: Int) -> APIError { APIError(.badRequest, "Too many interviews: at most \(limit) per session") }
    static func questionCountMismatch(questions: Int, videos: Int) -> APIError {
        APIError(.badRequest, "Number of questions (\(questions)) does not match number of videos (\(videos))")
    }
    static func fileTooLarge(_ name: String, limitBytes: Int64) -> APIError {
        APIError(.contentTooLarge, "Video file too large: \(name) exceeds the \(limitBytes / (1024 * 1024)) MB limit")
    }
    static func badFileID(_ url: String) -> APIError { APIError(.badRequest, "Failed to extract file ID from URL: \(url)") }
    static func resultsNotFound(_ id: String) -> APIError { APIError(.notFound, "Results not found for session: \(id)") }
    static let evidenceNotFound = APIError(.notFound, "Evidence not found")
    static let videoDeleted = APIError(.gone, "Video deleted under the retention policy")
    static func processing(_ error: any Error) -> APIError { APIError(.internalServerError, "Error processing videos: \(error)") }
}

/// A JSON response in the spool's JSON dialect.
func jsonResponse<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
    let data = (try? JSONCoding.encode(value, pretty: false)) ?? Data("{}".utf8)
    return Response(status: status,
                    headers: [.contentType: "application/json; charset=utf-8", .contentLength: "\(data.count)"],
                    body: .init(byteBuffer: ByteBuffer(bytes: data)))
}

/// Raw JSON bytes (a file from the spool) as a response.
func jsonResponse(data: Data) -> Response {
    Response(status: .ok,
             headers: [.contentType: "application/json; charset=utf-8", .contentLength: "\(data.count)"],
             body: .init(byteBuffer: ByteBuffer(bytes: data)))
}
