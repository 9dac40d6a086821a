import Dispatch
import Foundation
import Logging
import StageProtocol

/// The retention policy applied periodically inside `pipeline run`: a timer on a serial dispatch
/// queue of the supervisor's own process (the deletions are blocking file I/O, so not on the
/// cooperative pool; serial, so runs never overlap here, and other processes running `pipeline
/// purge` at the same time are safe by the spool's renames).
enum PurgeSchedule {
    /// Starts applying `policy` now and every `intervalSeconds`; nil (nothing started) when no
    /// retention setting is on. Cancel the timer to stop; a run cut short is finished by the next.
    static func start(spool: Spool, policy: RetentionPolicy, intervalSeconds: Double) -> (any DispatchSourceTimer)? {
        guard policy.isActive else { return nil }
        bootstrapLogging(level: .info)
        let logger = Logger(label: "retention")
        logger.info("applying the policy every \(Int(intervalSeconds)) s (\(policy))")
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "retention"))
        timer.schedule(deadline: .now(), repeating: .milliseconds(Int(intervalSeconds * 1000)))
        timer.setEventHandler {
            let report = spool.applyRetention(policy: policy, by: "pipeline run", logger: logger)
            if !report.deletions.isEmpty || !report.errors.isEmpty {
                logger.info("\(report.deletions.count) deletion(s), \(report.bytesFreed) bytes freed, \(report.errors.count) error(s)")
            }
        }
        timer.resume()
        return timer
    }
}
