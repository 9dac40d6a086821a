import Foundation
import StageProtocol
import TestSupport
import Testing

/// The whole chain under fire: 20 sessions while a driver SIGKILLs a random stage process every
/// two seconds (the supervisor restarts it, a peer recovers the session after the lease). Every
/// session must reach `done/` exactly once, none may fail, and each results document must equal
/// a calm run's on the same answer, timestamps and ids aside.
@Suite(.serialized) struct ChaosTests {
    static let sessions = 20

    /// A 6 s answer (the LibriVox reader over the astronaut video) keeps the run short.
    func shortAnswer(in folder: URL) throws -> URL {   // also used by WebhookTests
        let out = folder.appending(component: "answer.mp4")
        let ffmpeg = Process()
        ffmpeg.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        ffmpeg.arguments = ["-hide_banner", "-loglevel", "error", "-y", "-i", TestMedia.file("h264_aac.mp4").path,
                            "-t", "6", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", out.path]
        try ffmpeg.run()
        ffmpeg.waitUntilExit()
        try #require(ffmpeg.terminationStatus == 0)
        return out
    }

    func upload(_ system: EndToEndTests.System, _ video: URL) throws -> SessionID {
        let reply = try Curl.request(system.url("/upload"), ["-F", "candidate_name=Calm Chaos", "-F", "language=en",
                                                             "-F", "videos=@\(video.path)", "-F", "question=Tell me about yourself"])
        return try #require(SessionID(rawValue: reply.json["session_id"] as? String ?? ""), Comment(rawValue: reply.text))
    }

    /// The results without what differs between any two runs: the session id and the time.
    func comparable(_ system: EndToEndTests.System, _ id: SessionID) throws -> NSDictionary {
        var results = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: system.spool.layout.doneSession(id)
            .appending(component: SessionFile.results))) as? [String: Any])
        results["session"] = nil
        var metadata = results["metadata"] as? [String: Any] ?? [:]
        metadata["processed_at"] = nil
        results["metadata"] = metadata
        return results as NSDictionary
    }

    @Test func killedStagesLoseNothingAndChangeNothing() throws {
        let folder = try TestPaths.temporaryDirectory("chaos-media")
        defer { try? FileManager.default.removeItem(at: folder) }
        let answer = try shortAnswer(in: folder)
        // Short leases so a killed worker's session is recovered within seconds; attempts are
        // generous because one session may be hit more than once in the same stage.
        let system = try EndToEndTests.System(environment: ["LEASE_TIMEOUT_SECONDS": "4", "HEARTBEAT_SECONDS": "0.5",
                                                            "RESCAN_SECONDS": "1", "MAX_ATTEMPTS": "20"])
        defer { _ = system.stop() }

        let calm = try upload(system, answer)
        let (calmStatus, _) = try system.waitForCompletion(calm, timeout: 240)
        try #require(calmStatus.json["status"] as? String == "completed", Comment(rawValue: calmStatus.text))
        let reference = try comparable(system, calm)

        let ids = try (0..<Self.sessions).map { _ in try upload(system, answer) }
        var kills = 0
        let deadline = Date().addingTimeInterval(900)
        while system.spool.spool.doneCount < Self.sessions + 1, Date() < deadline {
            usleep(2_000_000)
            // A random stage process (not the front door, which is the recruiters' door).
            let stages = system.childPids.filter { pid in
                let command = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
                return command.contains("Stage")
            }
            if let victim = stages.randomElement() {
                kill(victim, SIGKILL)
                kills += 1
            }
        }
        #expect(kills >= 10, "the driver killed \(kills) stage processes")
        #expect(system.spool.spool.doneCount == Self.sessions + 1, Comment(rawValue: system.supervisor.stderr))
        let failed = Stage.allCases.reduce(0) { $0 + system.spool.spool.sessions(in: system.spool.layout.directory($1, .failed)).count }
        #expect(failed == 0)
        var lost = 0
        for id in ids {
            let done = system.spool.layout.doneSession(id)
            let history = Spool.history(of: done)
            lost += history.filter { $0.outcome == .lost }.count
            // Exactly once: every stage of the chain passed it on once.
            let passed = history.filter { $0.outcome == .ok }.map(\.stage)
            #expect(passed == StageChain.deployed.filter { $0 >= StageChain.entry(for: .upload) }, "\(id): \(passed)")
            #expect(try comparable(system, id) == reference, "\(id)'s results differ from the calm run")
        }
        print("chaos: \(kills) stage processes killed, \(lost) sessions recovered from lost workers")
        #expect(lost >= 1, "some kill hit a worker mid-session")
    }

    @Test func twoProcessesOfEveryStageProcessEachSessionOnce() throws {
        let folder = try TestPaths.temporaryDirectory("two-workers-media")
        defer { try? FileManager.default.removeItem(at: folder) }
        let answer = try shortAnswer(in: folder)
        let scale = StageChain.deployed.flatMap { ["--scale", "\($0.rawValue)=2"] }
        let system = try EndToEndTests.System(arguments: scale)
        defer { _ = system.stop() }
        func stagePids() -> [Int32] {
            system.childPids.filter { ((try? String(contentsOfFile: "/proc/\($0)/cmdline", encoding: .utf8)) ?? "").contains("Stage") }
        }
        // The supervisor starts them one after another: on a busy machine the last may still be starting.
        #expect(waitUntil(timeout: 30) { stagePids().count == 2 * StageChain.deployed.count }, "two processes per stage")
        let ids = try (0..<8).map { _ in try upload(system, answer) }
        for id in ids {
            let (status, _) = try system.waitForCompletion(id, timeout: 300)
            #expect(status.json["status"] as? String == "completed")
        }
        var processes = Set<Int32>()
        for id in ids {
            let history = Spool.history(of: system.spool.layout.doneSession(id))
            #expect(history.map(\.outcome).allSatisfy { $0 == .ok })
            #expect(history.map(\.stage) == StageChain.deployed.filter { $0 >= StageChain.entry(for: .upload) })
            processes.formUnion(history.map(\.pid))
        }
        #expect(processes.count > StageChain.deployed.count, "the work was shared: \(processes.count) processes took part")
    }
}
