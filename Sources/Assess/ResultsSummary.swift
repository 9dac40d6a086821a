import Foundation

/// The summary the API reference's Python workflow prints after a session completes, from a
/// results document read loosely: whatever is missing prints as ``missing``.
struct ResultsSummary {
    static let missing = "—"

    let results: JSONDocument
    /// The session asked for (used when the document does not name its own).
    let session: String
    let dashboardURL: String

    var lines: [String] {
        let llm = results["llm_results"]
        let cheating = results["aggregate_cheating_detection"]
        let nonVerbal = results["aggregate_non_verbal_analysis"]
        let metadata = results["metadata"]
        var lines = [
            "=== ASSESSMENT SUMMARY ===",
            "Candidate: \(results["name"].text ?? Self.missing)",
            "Session: \(results["session"].text ?? session)",
            "Total Videos: \(videoCounts(metadata))",
            "",
            "📊 LLM Assessment:",
            " Final Score: \(Self.decimal(llm["final_score_llm"]))/100",
            " Confidence: \(confidence(llm["avg_logprobs_confidence"]))",
            " Scored by: \(llm["llm_model"].text ?? Self.missing)",
            "",
            "🛡️ Cheating Detection:",
            " Verdict: \(cheating["final_aggregate_verdict"].text ?? Self.missing)",
            " Score: \(Self.percent(cheating["avg_cheating_score"]))",
            "",
            "😊 Non-Verbal Analysis:",
            " Status: \(nonVerbal["overall_performance_status"].text ?? Self.missing)",
            " Confidence: \(Self.percent(nonVerbal["overall_confidence_score"]))",
            "",
            "📝 Per-Question Scores:",
        ]
        let items = results["content"].array ?? []
        if items.isEmpty { lines.append(" \(Self.missing)") }
        for (offset, item) in items.enumerated() { lines += questionLines(item, position: offset + 1) }
        lines += ["", "Dashboard: \(dashboardURL)"]
        return lines
    }

    /// `Q<id>: LLM=<total_score>, Cheating=<cheating_score>%, verdict: <final_verdict>`, or the
    /// item's error for a video that failed; then the question.
    private func questionLines(_ item: JSONDocument, position: Int) -> [String] {
        let label = "Q\(item["id"].text ?? String(position))"
        let result = item["result"]
        let scores = result["penilaian"]
        let cheating = result["cheating_detection"]
        let error = item["error"]["message"].text ?? item["error"].string
        var lines: [String] = []
        if let error, !scores.exists, !cheating.exists {
            lines.append(" \(label): failed: \(error)")
        } else {
            lines.append(" \(label): LLM=\(Self.decimal(scores["total_score"])), Cheating=\(Self.percent(cheating["cheating_score"])), verdict: \(cheating["final_verdict"].text ?? Self.missing)")
            if let error { lines.append("     error: \(error)") }
        }
        if let question = item["question"].text, !question.isEmpty { lines.append("     \(question)") }
        return lines
    }

    private func videoCounts(_ metadata: JSONDocument) -> String {
        guard let total = metadata["total_videos"].text else { return Self.missing }
        guard let successful = metadata["successful_videos"].text, let failed = metadata["failed_videos"].text else { return total }
        return "\(total) (\(successful) processed, \(failed) failed)"
    }

    /// The mean logprob confidence; null means the scorer had no logprobs (the rubric scorer, or
    /// an endpoint without them), which is not the same as a missing section.
    private func confidence(_ value: JSONDocument) -> String {
        if value.isNull { return "n/a (no logprobs)" }
        return Self.percent(value)
    }

    static func decimal(_ value: JSONDocument) -> String {
        value.number.map { String(format: "%.1f", $0) } ?? missing
    }

    static func percent(_ value: JSONDocument) -> String {
        value.number.map { String(format: "%.1f%%", $0) } ?? missing
    }
}
