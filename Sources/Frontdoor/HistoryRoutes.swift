import Foundation
import Hummingbird
import StageProtocol

/// `GET /sessions?q=<name>`: every session the spool holds (finished, in progress, failed), newest
/// first, with what the history page lists. Read from the spool alone, like `/status`.
struct HistoryRoutes: Sendable {
    let spool: Spool
    /// At most this many rows per answer (the newest).
    static let limit = 500

    func register(on router: Router<FrontdoorContext>) {
        router.get("/sessions") { request, _ -> Response in
            let query = request.uri.queryParameters.get("q")?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
            guard query.count <= 200 else { throw APIError(.badRequest, "Search text is too long") }
            var rows: [SessionSummary] = []
            for directory in allSessionDirectories() {
                guard let request = try? JSONCoding.read(SessionRequest.self, from: directory.appending(component: SessionFile.request)),
                      query.isEmpty || request.candidateName.lowercased().contains(query) else { continue }
                rows.append(summary(of: request, in: directory))
            }
            rows.sort { $0.createdAt > $1.createdAt }
            return jsonResponse(SessionList(sessions: Array(rows.prefix(Self.limit))))
        }
    }

    private func allSessionDirectories() -> [URL] {
        var directories = spool.sessions(in: spool.layout.done).map(\.url)
        for stage in Stage.allCases {
            for queue in SpoolLayout.Queue.allCases {
                directories += spool.sessions(in: spool.layout.directory(stage, queue)).map(\.url)
            }
        }
        return directories
    }

    private func summary(of request: SessionRequest, in directory: URL) -> SessionSummary {
        let status = spool.status(of: request.id)
        var row = SessionSummary(sessionID: request.id, candidateName: request.candidateName, createdAt: request.createdAt,
                                 language: request.language.rawValue, status: status?.status.rawValue ?? "processing",
                                 stage: status?.stage?.rawValue, message: status?.message ?? status?.error,
                                 totalVideos: request.items.count, externalID: request.externalID)
        if let data = try? Data(contentsOf: directory.appending(component: SessionFile.results)),
           let results = try? JSONDecoder().decode(ResultsHeadline.self, from: data) {
            // No answer assessed (every video failed): no score, rather than a 0 nobody earned.
            row.finalScoreLlm = results.llmResults?.answersAssessed == 0 ? nil : results.llmResults?.finalScoreLlm
            row.verdict = results.aggregateCheatingDetection?.finalAggregateVerdict
            row.performanceStatus = results.aggregateNonVerbalAnalysis?.overallPerformanceStatus
        }
        return row
    }
}

struct SessionList: Encodable {
    var sessions: [SessionSummary]
}

/// One row of the history.
struct SessionSummary: Encodable {
    var sessionID: SessionID
    var candidateName: String
    var createdAt: Date
    var language: String
    var status: String
    var stage: String?
    var message: String?
    var totalVideos: Int
    var finalScoreLlm: Double?
    var verdict: String?
    var performanceStatus: String?
    var externalID: String?

    enum CodingKeys: String, CodingKey {
        case language, status, stage, message, verdict
        case sessionID = "session_id"
        case candidateName = "candidate_name"
        case createdAt = "created_at"
        case totalVideos = "total_videos"
        case finalScoreLlm = "final_score_llm"
        case performanceStatus = "performance_status"
        case externalID = "external_id"
    }

    /// Every key, `null` when unknown: the page need not guess which are missing.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sessionID, forKey: .sessionID)
        try container.encode(candidateName, forKey: .candidateName)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(language, forKey: .language)
        try container.encode(status, forKey: .status)
        try container.encode(stage, forKey: .stage)
        try container.encode(message, forKey: .message)
        try container.encode(totalVideos, forKey: .totalVideos)
        try container.encode(finalScoreLlm, forKey: .finalScoreLlm)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(performanceStatus, forKey: .performanceStatus)
        try container.encode(externalID, forKey: .externalID)
    }
}

/// The few results fields the history shows.
struct ResultsHeadline: Decodable {
    struct LLM: Decodable {
        var finalScoreLlm: Double?
        var answersAssessed: Int?
        enum CodingKeys: String, CodingKey {
            case finalScoreLlm = "final_score_llm"
            case answersAssessed = "answers_assessed"
        }
    }
    struct Cheating: Decodable {
        var finalAggregateVerdict: String?
        enum CodingKeys: String, CodingKey { case finalAggregateVerdict = "final_aggregate_verdict" }
    }
    struct NonVerbal: Decodable {
        var overallPerformanceStatus: String?
        enum CodingKeys: String, CodingKey { case overallPerformanceStatus = "overall_performance_status" }
    }
    var llmResults: LLM?
    var aggregateCheatingDetection: Cheating?
    var aggregateNonVerbalAnalysis: NonVerbal?

    enum CodingKeys: String, CodingKey {
        case llmResults = "llm_results"
        case aggregateCheatingDetection = "aggregate_cheating_detection"
        case aggregateNonVerbalAnalysis = "aggregate_non_verbal_analysis"
    }
}
