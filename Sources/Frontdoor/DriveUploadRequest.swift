import Foundation

/// The `/upload_json` body, in either form: the API reference's flat one
/// `{candidate_name, interviews[], language}`, or the original system's wrapped one
/// `{success, data: {candidate: {name}, reviewChecklists: {interviews[]}}, language}`.
struct DriveUploadRequest: Decodable {
    struct Interview: Decodable {
        var positionId: Int?
        var question: String?
        var isVideoExist: Bool?
        var recordedVideoUrl: String?
    }

    var candidateName: String?
    var interviews: [Interview]
    var language: String?
    /// The applicant-tracking system's candidate id, top level in both forms; a JSON number is
    /// taken as its digits. Checked by the route (``ExternalID``).
    var externalID: String?
    /// Where to POST the completion notice (checked by the route against the webhook policy).
    var callbackURL: String?

    private enum FlatKeys: String, CodingKey { case candidate_name, interviews, language, data, external_id, callback_url }
    private enum DataKeys: String, CodingKey { case candidate, reviewChecklists }
    private enum CandidateKeys: String, CodingKey { case name }
    private enum ChecklistKeys: String, CodingKey { case interviews }

    init(from decoder: any Decoder) throws {
        let root = try decoder.container(keyedBy: FlatKeys.self)
        language = try root.decodeIfPresent(String.self, forKey: .language)
        callbackURL = try? root.decodeIfPresent(String.self, forKey: .callback_url)
        if root.contains(.callback_url), callbackURL == nil, try !root.decodeNil(forKey: .callback_url) {
            throw APIError.callbackNotAllowed
        }
        if let text = try? root.decodeIfPresent(String.self, forKey: .external_id) {
            externalID = text
        } else if let number = try? root.decodeIfPresent(Int64.self, forKey: .external_id) {
            externalID = String(number)
        } else if root.contains(.external_id), try !root.decodeNil(forKey: .external_id) {
            throw APIError.invalidExternalID
        }
        if root.contains(.data) {
            let data = try root.nestedContainer(keyedBy: DataKeys.self, forKey: .data)
            let candidate = try? data.nestedContainer(keyedBy: CandidateKeys.self, forKey: .candidate)
            candidateName = try candidate?.decodeIfPresent(String.self, forKey: .name)
            let checklists = try? data.nestedContainer(keyedBy: ChecklistKeys.self, forKey: .reviewChecklists)
            interviews = try checklists?.decodeIfPresent([Interview].self, forKey: .interviews) ?? []
        } else {
            candidateName = try root.decodeIfPresent(String.self, forKey: .candidate_name)
            interviews = try root.decodeIfPresent([Interview].self, forKey: .interviews) ?? []
        }
    }
}
