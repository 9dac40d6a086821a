import Foundation

/// How a session's videos arrive: uploaded with the request, or fetched by the download stage.
public enum SessionOrigin: String, Codable, Sendable { case upload, download }

/// Interview language (the API accepts exactly these codes).
public enum InterviewLanguage: String, Codable, Sendable, CaseIterable { case en, id }

/// One question of the interview and where its answer video comes from.
public struct SessionItem: Codable, Sendable, Equatable {
    /// 1-based position in request order; names the item's artifacts (`videos/<n>.<ext>`, `audio/<n>.wav`).
    public var index: Int
    /// The caller's question id (`positionId`), reported as `content[].id`.
    public var positionID: Int
    public var question: String
    /// The uploaded file's original name or the video URL; nil when the caller said there is no video.
    public var source: String?
    /// False when the caller said there is no video (`isVideoExist: false`): reported as missing.
    public var videoExists: Bool

    public init(index: Int, positionID: Int, question: String, source: String?, videoExists: Bool) {
        self.index = index
        self.positionID = positionID
        self.question = question
        self.source = source
        self.videoExists = videoExists
    }

    enum CodingKeys: String, CodingKey {
        case index, question, source
        case positionID = "position_id"
        case videoExists = "video_exists"
    }
}

/// `session.json`: the request as received, never modified after publication.
public struct SessionRequest: Codable, Sendable, Equatable {
    public var id: SessionID
    public var candidateName: String
    public var language: InterviewLanguage
    public var createdAt: Date
    public var origin: SessionOrigin
    public var items: [SessionItem]
    /// `external_id`: the applicant-tracking system's candidate id, carried to `results.json`,
    /// `/status` and the history untouched. Absent in sessions created without one (and in every
    /// session file written before the field existed).
    public var externalID: String?
    /// `callback_url`: where the supervisor POSTs a signed notice when the session completes or
    /// fails (``WebhookPolicy``); a host on `WEBHOOK_ALLOWED_HOSTS` only.
    public var callbackURL: String?

    public init(id: SessionID, candidateName: String, language: InterviewLanguage, createdAt: Date = Date(),
                origin: SessionOrigin, items: [SessionItem], externalID: String? = nil, callbackURL: String? = nil) {
        self.id = id
        self.candidateName = candidateName
        self.language = language
        self.createdAt = createdAt
        self.origin = origin
        self.items = items
        self.externalID = externalID
        self.callbackURL = callbackURL
    }

    enum CodingKeys: String, CodingKey {
        case id, language, origin, items
        case candidateName = "candidate_name"
        case createdAt = "created_at"
        case externalID = "external_id"
        case callbackURL = "callback_url"
    }
}

/// The rule for an `external_id`, in one place: at most ``maxLength`` characters, every one
/// printable (no control, format or separator characters, nothing unassigned or private-use),
/// so the id can be shown, logged and matched in another system as it is.
public enum ExternalID {
    /// Longest id accepted, in characters; applicant-tracking ids are far shorter.
    public static let maxLength = 128

    /// A value that breaks the rule.
    public struct Invalid: Error, Sendable {}

    /// The id as stored: surrounding spaces removed; nil when nothing is left (an empty form field
    /// is no id). Throws ``Invalid`` when the rest breaks the rule.
    public static func validated(_ raw: String?) throws -> String? {
        guard let raw else { return nil }
        let value = raw.trimmingCharacters(in: CharacterSet(charactersIn: " "))
        if value.isEmpty { return nil }
        guard value.count <= maxLength, value.unicodeScalars.allSatisfy(isPrintable) else { throw Invalid() }
        return value
    }

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: false
        default: true
        }
    }
}
