import Foundation
import Hummingbird
import NIOCore
import StageProtocol

/// A human reviewer's notes on a finished session: per question their own score and comment,
/// and findings they judge false, dismissed with a reason. Stored beside the machine's results
/// (`reviews.json`), never in place of them; every saved version is also appended to
/// `reviews.jsonl`, so what a reviewer changed stays on record.
struct SessionReview: Codable, Sendable {
    struct Question: Codable, Sendable {
        var id: Int
        var score: Double?
        var comment: String?
        var dismissedFindings: [DismissedFinding]?

        enum CodingKeys: String, CodingKey {
            case id, score, comment
            case dismissedFindings = "dismissed_findings"
        }
    }

    struct DismissedFinding: Codable, Sendable {
        var indicator: String
        var startS: Double
        var reason: String

        enum CodingKeys: String, CodingKey {
            case indicator, reason
            case startS = "start_s"
        }
    }

    var reviewer: String
    var overallComment: String?
    var questions: [Question]
    var updatedAt: Date?

    enum CodingKeys: String, CodingKey {
        case reviewer, questions
        case overallComment = "overall_comment"
        case updatedAt = "updated_at"
    }

    static let indicators: Set<String> = ["face_missing", "multiple_faces", "head_turned", "eyes_off_screen", "second_voice"]

    /// The first thing wrong with this review of a session whose questions have `ids`, if any.
    func problem(questionIDs ids: Set<Int>) -> String? {
        let name = reviewer.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { return "Reviewer name is required" }
        if name.count > 100 { return "Reviewer name is too long (100 characters at most)" }
        if (overallComment?.count ?? 0) > 5000 { return "Overall comment is too long (5000 characters at most)" }
        if Set(questions.map(\.id)).count != questions.count { return "A question is reviewed twice" }
        for question in questions {
            if !ids.contains(question.id) { return "No question \(question.id) in this session" }
            if let score = question.score, !(0...100).contains(score) || !score.isFinite {
                return "Score of question \(question.id) must be between 0 and 100"
            }
            if (question.comment?.count ?? 0) > 5000 { return "Comment on question \(question.id) is too long (5000 characters at most)" }
            for finding in question.dismissedFindings ?? [] {
                if !Self.indicators.contains(finding.indicator) { return "Unknown finding '\(finding.indicator.prefix(40))'" }
                let reason = finding.reason.trimmingCharacters(in: .whitespacesAndNewlines)
                if reason.isEmpty { return "Dismissing a finding needs a reason (question \(question.id))" }
                if reason.count > 1000 { return "Reason is too long (1000 characters at most)" }
            }
        }
        return nil
    }
}

/// `POST /results/{session_id}/review`, and the `review` key `GET /results` adds.
struct ReviewRoutes: Sendable {
    let spool: Spool
    static let reviewFile = "reviews.json"
    static let reviewLog = "reviews.jsonl"
    static let maxBodyBytes = 256 * 1024

    func register(on router: Router<FrontdoorContext>) {
        router.post("/results/:session_id/review") { request, context -> Response in
            let text = context.parameters.get("session_id") ?? ""
            guard let id = SessionID(rawValue: text) else { throw APIError.sessionNotFound }
            let directory = spool.layout.doneSession(id)
            guard let session = try? JSONCoding.read(SessionRequest.self, from: directory.appending(component: SessionFile.request)),
                  FileManager.default.fileExists(atPath: directory.appending(component: SessionFile.results).path)
            else { throw APIError.resultsNotFound(id.rawValue) }
            let body: ByteBuffer
            do { body = try await request.body.collect(upTo: Self.maxBodyBytes) } catch {
                throw APIError(.contentTooLarge, "Review is too large (256 KB at most)")
            }
            var review: SessionReview
            do { review = try JSONCoding.decode(SessionReview.self, from: Data(body.readableBytesView)) } catch {
                throw APIError(.badRequest, "Invalid review: \(error)")
            }
            if let problem = review.problem(questionIDs: Set(session.items.map(\.positionID))) {
                throw APIError(.badRequest, problem)
            }
            review.reviewer = review.reviewer.trimmingCharacters(in: .whitespacesAndNewlines)
            review.updatedAt = Date()
            try JSONCoding.write(review, to: directory.appending(component: Self.reviewFile))
            try DurableFile.appendLine(String(decoding: JSONCoding.encode(review, pretty: false), as: UTF8.self),
                                       to: directory.appending(component: Self.reviewLog))
            return jsonResponse(review)
        }
    }

    /// `results.json` with the stored review under `review`, or as it is when there is none.
    static func results(in directory: URL) -> Data? {
        guard let results = try? Data(contentsOf: directory.appending(component: SessionFile.results)) else { return nil }
        guard let review = try? Data(contentsOf: directory.appending(component: reviewFile)),
              var document = (try? JSONSerialization.jsonObject(with: results)) as? [String: Any],
              let reviewObject = try? JSONSerialization.jsonObject(with: review) else { return results }
        document["review"] = reviewObject
        return (try? JSONSerialization.data(withJSONObject: document)) ?? results
    }
}
