import ArgumentParser
import Foundation
import StageProtocol

extension PipelineCommand {
    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Apply the retention policy once (DELETE_MEDIA_AFTER_PROCESSING, RETAIN_MEDIA_DAYS, PURGE_SESSIONS_AFTER_DAYS) and print what was deleted.",
            discussion: "Also finishes any deletion a killed process left half-done. Every deletion is appended to <spool>/audit/erasures.jsonl.")
        @OptionGroup var spool: SpoolOption
        @Flag(help: "Print what would be deleted, and delete nothing.") var dryRun = false
        @Flag(help: "Print the report as JSON.") var json = false

        func run() throws {
            bootstrapLogging(level: .info)
            let policy = spool.configuration.retentionPolicy
            let report = spool.spoolValue.applyRetention(policy: policy, dryRun: dryRun, by: "pipeline purge")
            if json {
                print(String(decoding: try JSONCoding.encode(report), as: UTF8.self))
            } else {
                if !policy.isActive { print("no retention setting is on: only interrupted deletions are finished") }
                for deletion in report.deletions {
                    print("\(dryRun ? "would delete" : "deleted")  \(deletion.what.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(deletion.sessionID)  \(deletion.place)  \(deletion.bytesFreed) bytes  (\(deletion.why))")
                }
                print("\(report.deletions.count) deletion(s), \(report.bytesFreed) bytes \(dryRun ? "would be freed" : "freed")")
            }
            for error in report.errors { FileHandle.standardError.write(Data("error: \(error)\n".utf8)) }
            if !report.errors.isEmpty { throw ExitCode.failure }
        }
    }

    struct Erase: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a session wherever it is in the spool (GDPR); refused while a stage's worker holds it.",
            discussion: "The erasure is appended to <spool>/audit/erasures.jsonl (session id, bytes, who; never the candidate's name).")
        @OptionGroup var spool: SpoolOption
        @Argument(help: "Session id.") var session: String

        func run() throws {
            let id = try parseSessionID(session)
            bootstrapLogging(level: .info)
            do {
                let record = try spool.spoolValue.erase(id, by: "pipeline erase")
                print("erased \(id) from \(record.place) (\(record.bytesFreed) bytes)")
            } catch let error as ErasureError {
                throw ValidationError(error.description)
            }
        }
    }
}
