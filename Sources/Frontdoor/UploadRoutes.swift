#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Hummingbird
import NIOCore
import StageProtocol

/// `POST /upload` (multipart, streamed to disk) and `POST /upload_json` (Drive links). Both
/// assemble the session under `frontdoor/tmp/` and publish it whole; a refused request leaves
/// nothing behind.
struct UploadRoutes: Sendable {
    let spool: Spool
    let configuration: PipelineConfiguration

    /// Longest text field accepted (a question, a name); larger is a client error, not a video.
    static let maxFieldBytes = 64 * 1024
    static let maxJSONBodyBytes = 1024 * 1024
    static let videoFieldNames: Set<String> = ["videos", "videos[]", "video"]
    static let questionFieldNames: Set<String> = ["question", "questions", "question[]", "questions[]"]

    func register(on router: Router<FrontdoorContext>) {
        router.post("/upload") { request, context -> Response in
            try await upload(request, context: context)
        }
        router.post("/upload_json") { request, context -> Response in
            try await uploadJSON(request, context: context)
        }
    }

    // MARK: /upload

    private func upload(_ request: Request, context: FrontdoorContext) async throws -> Response {
        guard let contentType = request.headers[.contentType],
              contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundary = MultipartStreamParser.boundary(fromContentType: contentType)
        else { throw APIError(.unsupportedMediaType, "Content-Type must be multipart/form-data with a boundary") }
        let draft = try storageGuard { try SessionDraft(spool: spool) }
        do {
            let form = try await receiveForm(request.body, boundary: boundary, draft: draft)
            let sessionRequest = try validate(form, id: draft.id)
            try storageGuard { try draft.publish(sessionRequest) }
            context.logger.info("session \(draft.id): \(form.videos.count) video(s) uploaded, \(form.videos.reduce(0) { $0 + $1.bytes }) bytes")
            return jsonResponse(UploadReply(sessionID: draft.id, uploadedVideos: form.videos.count,
                                            message: "Videos uploaded successfully. Processing started in background."))
        } catch {
            draft.discard()
            throw Self.clientError(for: error)
        }
    }

    /// What a multipart upload carried: text fields in order, and the stored videos.
    struct ReceivedForm {
        struct Video { var index: Int; var fileName: String; var bytes: Int64 }
        var fields: [String: [String]] = [:]
        var videos: [Video] = []
    }

    private func receiveForm(_ body: RequestBody, boundary: String, draft: SessionDraft) async throws -> ReceivedForm {
        var parser = MultipartStreamParser(boundary: boundary)
        var form = ReceivedForm()
        var field: (name: String, bytes: ByteBuffer)?
        var file: (writer: UploadFileWriter, name: String)?
        for try await chunk in body {
            for event in try parser.feed(chunk) {
                switch event {
                case let .partBegin(headers):
                    if Self.videoFieldNames.contains(headers.name), let fileName = headers.filename {
                        if fileName.isEmpty { field = nil; file = nil; continue }   // an empty file input
                        guard form.videos.count < configuration.maxVideos else { throw APIError.tooManyVideos(configuration.maxVideos) }
                        let index = form.videos.count + 1
                        let writer = try storageGuard {
                            try UploadFileWriter(url: draft.videoURL(index: index, fileExtension: Self.storedExtension(for: fileName)))
                        }
                        file = (writer, fileName)
                        form.videos.append(.init(index: index, fileName: fileName, bytes: 0))
                    } else {
                        field = (headers.name, ByteBuffer())
                    }
                case var .body(slice):
                    if let current = file {
                        if current.writer.size + Int64(slice.readableBytes) > configuration.maxVideoBytes {
                            throw APIError.fileTooLarge(current.name, limitBytes: configuration.maxVideoBytes)
                        }
                        try await storageGuard { try await current.writer.append(slice) }
                    } else if field != nil {
                        guard field!.bytes.readableBytes + slice.readableBytes <= Self.maxFieldBytes else {
                            throw APIError(.badRequest, "Field '\(field!.name)' is too long (limit \(Self.maxFieldBytes) bytes)")
                        }
                        field!.bytes.writeBuffer(&slice)
                    }
                case .partEnd:
                    if let current = file {
                        try await storageGuard { try await current.writer.finish() }
                        form.videos[form.videos.count - 1].bytes = current.writer.size
                        file = nil
                    } else if let current = field {
                        form.fields[current.name, default: []].append(String(buffer: current.bytes))
                        field = nil
                    }
                case .end:
                    break
                }
            }
        }
        try parser.finish()
        return form
    }

    private func validate(_ form: ReceivedForm, id: SessionID) throws -> SessionRequest {
        let name = form.fields["candidate_name"]?.first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !name.isEmpty else { throw APIError.missingName }
        guard !form.videos.isEmpty else { throw APIError.noVideos }
        let language = try Self.language(form.fields["language"]?.first)
        let externalID = try Self.externalID(form.fields["external_id"] ?? [])
        let callbackURL = try callback(form.fields["callback_url"] ?? [])
        let questions = Self.questionFieldNames.sorted().flatMap { form.fields[$0] ?? [] }
        guard questions.count == form.videos.count else {
            throw APIError.questionCountMismatch(questions: questions.count, videos: form.videos.count)
        }
        let items = zip(form.videos, questions).map { video, question in
            SessionItem(index: video.index, positionID: video.index, question: question, source: video.fileName, videoExists: true)
        }
        return SessionRequest(id: id, candidateName: name, language: language, origin: .upload, items: items,
                              externalID: externalID, callbackURL: callbackURL)
    }

    // MARK: /upload_json

    private func uploadJSON(_ request: Request, context: FrontdoorContext) async throws -> Response {
        let body = try await request.body.collect(upTo: Self.maxJSONBodyBytes)
        let parsed: DriveUploadRequest
        do {
            parsed = try JSONDecoder().decode(DriveUploadRequest.self, from: Data(buffer: body))
        } catch let error as APIError {
            throw error
        } catch {
            throw APIError(.badRequest, "Invalid JSON body: \(Self.describe(decodingError: error))")
        }
        let name = parsed.candidateName?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !name.isEmpty else { throw APIError.missingName }
        guard !parsed.interviews.isEmpty else { throw APIError.noInterviews }
        guard parsed.interviews.count <= configuration.maxVideos else { throw APIError.tooManyInterviews(configuration.maxVideos) }
        let language = try Self.language(parsed.language)
        let externalID = try Self.externalID(parsed.externalID.map { [$0] } ?? [])
        let callbackURL = try callback(parsed.callbackURL.map { [$0] } ?? [])
        var items: [SessionItem] = []
        for (offset, interview) in parsed.interviews.enumerated() {
            let url = interview.recordedVideoUrl?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            let exists = (interview.isVideoExist ?? true) && !url.isEmpty
            // A Drive link, or an https URL of an allow-listed host; the reference's message otherwise.
            if exists, VideoLink.parse(url, allowedHosts: configuration.downloadAllowedHosts) == nil { throw APIError.badFileID(url) }
            items.append(SessionItem(index: offset + 1, positionID: interview.positionId ?? offset + 1,
                                     question: interview.question ?? "", source: exists ? url : nil, videoExists: exists))
        }
        let draft = try storageGuard { try SessionDraft(spool: spool) }
        do {
            try storageGuard {
                try draft.publish(SessionRequest(id: draft.id, candidateName: name, language: language, origin: .download, items: items,
                                                 externalID: externalID, callbackURL: callbackURL))
            }
        } catch {
            draft.discard()
            throw Self.clientError(for: error)
        }
        context.logger.info("session \(draft.id): \(items.count) Drive item(s) queued for download")
        return jsonResponse(UploadReply(sessionID: draft.id, uploadedVideos: items.filter(\.videoExists).count,
                                        message: "Videos are being downloaded from Google Drive and processed in background"))
    }

    // MARK: Helpers

    static func language(_ value: String?) throws -> InterviewLanguage {
        // Required, as the API reference says (the original silently fell back to English).
        guard let value, let language = InterviewLanguage(rawValue: value.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw APIError.invalidLanguage
        }
        return language
    }

    /// The optional `callback_url`: once, and allowed by the webhook policy.
    func callback(_ values: [String]) throws -> String? {
        guard let text = values.first else { return nil }
        guard values.count == 1, let url = configuration.webhooks.callbackURL(text) else { throw APIError.callbackNotAllowed }
        return url.absoluteString
    }

    /// The optional `external_id` (``ExternalID``'s rule); given twice, it is as invalid as a bad one.
    static func externalID(_ values: [String]) throws -> String? {
        guard values.count <= 1 else { throw APIError.invalidExternalID }
        do { return try ExternalID.validated(values.first) } catch { throw APIError.invalidExternalID }
    }

    /// The stored file's extension: the upload's own if it is a plain short one, else `bin`.
    /// Files are never stored or served under the client's name.
    static func storedExtension(for fileName: String) -> String {
        let ext = (fileName as NSString).pathExtension.lowercased()
        let plain = !ext.isEmpty && ext.count <= 5 && ext.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        return plain ? ext : "bin"
    }

    /// Maps a failure while receiving to what the client sees.
    static func clientError(for error: any Error) -> any Error {
        switch error {
        case let error as APIError: error
        case let error as MultipartError: APIError(.badRequest, "Malformed multipart body: \(error)")
        default: APIError.processing(error)
        }
    }

    static func describe(decodingError error: any Error) -> String {
        switch error {
        case let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
             let DecodingError.dataCorrupted(context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        case let DecodingError.keyNotFound(key, _):
            return "missing field \(key.stringValue)"
        default:
            return "not valid JSON"
        }
    }
}

/// Runs a storage operation; a full disk or a permission problem becomes a clear 507/503
/// instead of a generic error.
func storageGuard<T>(_ body: () async throws -> T) async throws -> T {
    do { return try await body() } catch let error as SpoolError { throw storageError(error) }
}

func storageGuard<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as SpoolError { throw storageError(error) }
}

private func storageError(_ error: SpoolError) -> any Error {
    switch error.errnoCode {
    case ENOSPC, EDQUOT: APIError(.init(code: 507, reasonPhrase: "Insufficient Storage"), "The server has no space left to store this upload; try again later")
    case EACCES, EROFS, EPERM: APIError(.serviceUnavailable, "The server cannot write to its storage right now; try again later")
    default: error
    }
}

/// The reply to an accepted upload.
struct UploadReply: Encodable {
    var success = true
    var sessionID: SessionID
    var uploadedVideos: Int
    var message: String
    var statusURL: String

    init(sessionID: SessionID, uploadedVideos: Int, message: String) {
        self.sessionID = sessionID
        self.uploadedVideos = uploadedVideos
        self.message = message
        self.statusURL = "/status/\(sessionID)"
    }

    enum CodingKeys: String, CodingKey {
        case success, message
        case sessionID = "session_id"
        case uploadedVideos = "uploaded_videos"
        case statusURL = "status_url"
    }
}
