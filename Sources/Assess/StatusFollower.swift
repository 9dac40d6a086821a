import Foundation

/// Polls `GET /status/{id}` until the session is `completed` or `error`, printing a line each
/// time what it says changes (stage, message, video, deferral).
struct StatusFollower: Sendable {
    /// Consecutive polls that may go unanswered (a restarting front door) before giving up.
    static let maxMissedPolls = 5

    let client: FrontDoorClient
    let session: String
    let pollInterval: Duration

    /// Returns the final status (`completed` or `error`).
    func follow() async throws -> StatusView {
        var shown: StatusView?
        var missed = 0
        while true {
            let status: StatusView
            do {
                let data = try await client.status(of: session)
                guard let document = JSONDocument(data: data) else { throw AssessError.unexpectedReply("The status answer is not JSON") }
                status = StatusView(document)
                missed = 0
            } catch let AssessError.network(reason) where missed + 1 < Self.maxMissedPolls {
                missed += 1
                Terminal.standardError("warning: \(reason); retrying (\(missed)/\(Self.maxMissedPolls - 1))\n")
                try await Task.sleep(for: pollInterval)
                continue
            }
            if status != shown {
                Terminal.standardOutput(status.progressLine() + "\n")
                shown = status
            }
            switch status.state {
            case .completed, .error: return status
            case .processing, nil: try await Task.sleep(for: pollInterval)
            }
        }
    }
}
