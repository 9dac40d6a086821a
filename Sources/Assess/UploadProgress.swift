import Foundation
import Synchronization

/// The upload's progress on standard error: a bar redrawn in place (percent, MB, rate) when
/// stderr is a terminal, otherwise one line at every 10 % so a log stays short.
final class UploadProgress: Sendable {
    /// Redraws at most this often on a terminal.
    static let redrawInterval: Duration = .milliseconds(100)
    /// Without a terminal, a line each time this many percent more have been sent.
    static let logStepPercent = 10
    /// Back to the line's start, then erase it (ANSI EL), so a shorter line leaves nothing behind.
    static let redraw = "\r\u{1B}[K"

    private struct State {
        var start: ContinuousClock.Instant?
        var lastDraw: ContinuousClock.Instant?
        var loggedPercent = 0
        var sent: Int64 = 0
        var finished = false
    }

    let totalBytes: Int64
    let isTerminal: Bool
    private let state = Mutex(State())

    init(totalBytes: Int64, isTerminal: Bool = Terminal.standardErrorIsTerminal) {
        self.totalBytes = totalBytes
        self.isTerminal = isTerminal
    }

    /// Records that `sent` bytes in all have gone out (called from the body's iterator).
    func update(sent: Int64) {
        let now = ContinuousClock.now
        let output: String? = state.withLock { state in
            if state.start == nil { state.start = now }
            state.sent = sent
            if isTerminal {
                if let last = state.lastDraw, now - last < Self.redrawInterval, sent < totalBytes { return nil }
                state.lastDraw = now
                return Self.redraw + line(state, now: now)
            }
            let percent = self.percent(sent)
            guard percent >= state.loggedPercent + Self.logStepPercent else { return nil }
            state.loggedPercent = percent - percent % Self.logStepPercent
            return line(state, now: now) + "\n"
        }
        if let output { Terminal.standardError(output) }
    }

    /// Ends the bar's line (on a terminal) once the upload is over, whatever its outcome.
    func finish() {
        let output: String? = state.withLock { state in
            guard !state.finished else { return nil }
            state.finished = true
            return isTerminal && state.start != nil ? Self.redraw + line(state, now: .now) + "\n" : nil
        }
        if let output { Terminal.standardError(output) }
    }

    private func percent(_ sent: Int64) -> Int { totalBytes > 0 ? Int(sent * 100 / totalBytes) : 100 }

    private func line(_ state: State, now: ContinuousClock.Instant) -> String {
        let elapsed = state.start.map { (now - $0) / .seconds(1) } ?? 0
        let rate = elapsed > 0 ? Double(state.sent) / ByteFormat.bytesPerMB / elapsed : 0
        let fraction = totalBytes > 0 ? Double(state.sent) / Double(totalBytes) : 1
        let sizes = "\(ByteFormat.megabytes(state.sent))/\(ByteFormat.megabytes(totalBytes)) MB"
        let rateText = String(format: "%.1f MB/s", rate)
        if isTerminal {
            return "Uploading \(ProgressBar.render(fraction: fraction)) \(String(format: "%3d", percent(state.sent)))%  \(sizes)  \(rateText)"
        }
        return "Uploading: \(percent(state.sent))% (\(sizes), \(rateText))"
    }
}
