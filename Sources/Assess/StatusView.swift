import Foundation

/// A `/status/{id}` answer read loosely, and how `assess` shows it.
struct StatusView: Equatable {
    enum State: String { case processing, completed, error }

    var state: State?
    var rawStatus: String
    var stage: String?
    var message: String?
    var currentVideo: Int?
    var totalVideos: Int?
    var deferredReason: String?
    var retryAt: String?
    var error: String?
    var resultSummary: String?

    init(_ status: JSONDocument) {
        rawStatus = status["status"].text ?? ResultsSummary.missing
        state = State(rawValue: rawStatus)
        stage = status["stage"].text
        message = status["message"].text
        currentVideo = status["current_video"].number.map { Int($0) }
        totalVideos = status["total_videos"].number.map { Int($0) }
        deferredReason = status["deferred_reason"].text
        retryAt = status["retry_at"].text
        error = status["error"].text
        let result = status["result"]
        if let total = result["total_videos"].text {
            resultSummary = "\(total) (\(result["successful_videos"].text ?? ResultsSummary.missing) processed, \(result["failed_videos"].text ?? ResultsSummary.missing) failed)"
        }
    }

    /// `██████░░░░ 1/3` from `current_video`/`total_videos`, when both are known.
    var videoProgress: String? {
        guard let currentVideo, let totalVideos, totalVideos > 0 else { return nil }
        return "\(ProgressBar.render(fraction: Double(currentVideo) / Double(totalVideos), width: 10)) \(currentVideo)/\(totalVideos)"
    }

    var deferral: String? {
        guard let deferredReason else { return nil }
        return retryAt.map { "\(deferredReason) (retry at \($0))" } ?? deferredReason
    }

    /// One line for the follow loop: time, status, stage, per-video bar, message.
    func progressLine(at date: Date = Date()) -> String {
        let time = Calendar.current.dateComponents([.hour, .minute, .second], from: date)
        let clock = String(format: "%02d:%02d:%02d", time.hour ?? 0, time.minute ?? 0, time.second ?? 0)
        var parts = ["[\(clock)] \(rawStatus)"]
        if let stage { parts.append(stage) }
        if let videoProgress { parts.append(videoProgress) }
        if let message { parts.append(message) }
        if let resultSummary { parts.append("videos: \(resultSummary)") }
        var line = parts.joined(separator: "  ")
        if let deferral { line += "\n    deferred: \(deferral)" }
        if let error { line += "\n    error: \(error)" }
        return line
    }

    /// The block `assess status` prints.
    func detailLines(session: String, dashboardURL: String) -> [String] {
        var lines = ["Session: \(session)", "Status: \(rawStatus)"]
        if let stage { lines.append("Stage: \(stage)") }
        if let videoProgress { lines.append("Progress: \(videoProgress)") }
        if let message { lines.append("Message: \(message)") }
        if let deferral { lines.append("Deferred: \(deferral)") }
        if let error { lines.append("Error: \(error)") }
        if state == .completed {
            if let resultSummary { lines.append("Videos: \(resultSummary)") }
            lines.append("Dashboard: \(dashboardURL)")
        }
        return lines
    }
}
