import Foundation
import StageProtocol
import TestSupport
import Testing

/// The protocol with real processes: several workers, SIGKILL, SIGTERM, inotify overflow.
@Suite(.serialized) struct ProtocolProcessTests {
    let probe = TestPaths.executable("SpoolProbeWorker")

    func logLines(_ url: URL) -> [String] {
        ((try? String(contentsOf: url, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    @Test func concurrentWorkersProcessEverySessionExactlyOnce() throws {
        let temp = try TemporarySpool("exactly-once")
        defer { temp.remove() }
        let log = temp.root.appending(component: "processed.log")
        let ids = try (0..<40).map { _ in try temp.publishSession(to: .aggregate) }
        let workers = try (0..<3).map { index in
            try ChildProcess(probe, arguments: ["--stage", "aggregate", "--work-seconds", "0.02", "--concurrency", "2", "--log", log.path],
                             environment: temp.environment(), label: "worker\(index)")
        }
        defer { workers.forEach { $0.stop() } }
        let finished = waitUntil(timeout: 60) { temp.spool.doneCount == ids.count }
        #expect(finished, "all sessions reach done/")
        let lines = logLines(log)
        #expect(lines.count == ids.count, "each session processed once: \(lines.count) lines for \(ids.count) sessions")
        #expect(Set(lines.map { String($0.split(separator: " ")[0]) }) == Set(ids.map(\.rawValue)))
        #expect(Set(lines.map { String($0.split(separator: " ")[1]) }).count > 1, "the work was shared between processes")
        for id in ids {
            let history = Spool.history(of: temp.layout.doneSession(id))
            #expect(history.map(\.outcome) == [.ok])
        }
    }

    @Test func sessionOfAKilledWorkerIsRecoveredAndFinishedByAnother() throws {
        let temp = try TemporarySpool("sigkill")
        defer { temp.remove() }
        let log = temp.root.appending(component: "processed.log")
        let id = try temp.publishSession(to: .aggregate)
        let env = temp.environment(leaseTimeout: 2, rescan: 0.5)
        let slow = try ChildProcess(probe, arguments: ["--work-seconds", "120", "--log", log.path], environment: env, label: "slow")
        let lease = temp.layout.session(id, in: .aggregate, .work).appending(component: SessionFile.lease)
        #expect(waitUntil(timeout: 20) { FileManager.default.fileExists(atPath: lease.path) }, "the first worker claims the session")
        slow.signal(SIGKILL)
        #expect(slow.waitForExit(timeout: 5))
        #expect(temp.spool.locate(id)?.queueName == "work", "a killed worker's session stays claimed until its lease goes stale")

        let rescuer = try ChildProcess(probe, arguments: ["--log", log.path], environment: env, label: "rescuer")
        defer { rescuer.stop() }
        #expect(waitUntil(timeout: 30) { temp.spool.locate(id) == .done(temp.layout.doneSession(id)) }, Comment(rawValue: rescuer.stderr))
        #expect(logLines(log).count == 1)
        let history = Spool.history(of: temp.layout.doneSession(id))
        #expect(history.map(\.outcome) == [.lost, .ok])
        #expect(history.first?.pid == slow.pid)
    }

    @Test func sigtermGivesTheClaimBackWhenWorkOutlastsTheGrace() throws {
        let temp = try TemporarySpool("sigterm")
        defer { temp.remove() }
        let log = temp.root.appending(component: "processed.log")
        let id = try temp.publishSession(to: .aggregate)
        var env = temp.environment()
        env["SHUTDOWN_GRACE_SECONDS"] = "1"
        let worker = try ChildProcess(probe, arguments: ["--work-seconds", "120", "--log", log.path], environment: env, label: "term")
        #expect(waitUntil(timeout: 20) { temp.spool.locate(id)?.queueName == "work" })
        worker.signal(SIGTERM)
        #expect(worker.waitForExit(timeout: 15), "the worker stops after its grace period")
        #expect(temp.spool.locate(id) == .queued(.aggregate, temp.layout.session(id, in: .aggregate, .inbox)))
        #expect(Spool.history(of: temp.layout.session(id, in: .aggregate, .inbox)).map(\.outcome) == [.returned])
    }

    @Test func sigtermLetsShortWorkFinish() throws {
        let temp = try TemporarySpool("sigterm-finish")
        defer { temp.remove() }
        let log = temp.root.appending(component: "processed.log")
        let id = try temp.publishSession(to: .aggregate)
        let worker = try ChildProcess(probe, arguments: ["--work-seconds", "2", "--log", log.path], environment: temp.environment(), label: "term2")
        #expect(waitUntil(timeout: 20) { temp.spool.locate(id)?.queueName == "work" })
        worker.signal(SIGTERM)
        #expect(worker.waitForExit(timeout: 15))
        #expect(temp.spool.locate(id) == .done(temp.layout.doneSession(id)), "the session in hand is finished, not dropped")
    }

    @Test func inotifyOverflowIsSurvivedByTheRescan() throws {
        let temp = try TemporarySpool("overflow-run")
        defer { temp.remove() }
        let log = temp.root.appending(component: "processed.log")
        let worker = try ChildProcess(probe, arguments: ["--log", log.path], environment: temp.environment(rescan: 2), label: "overflow")
        defer { worker.stop() }
        #expect(waitUntil(timeout: 20) { worker.stderr.contains("watching") })
        // Freeze the worker so its inotify queue overflows, then publish real sessions.
        worker.signal(SIGSTOP)
        let inbox = temp.layout.directory(.aggregate, .inbox)
        for index in 0..<17_000 {
            close(open(inbox.appending(component: ".noise-\(index % 64)").path, O_WRONLY | O_CREAT, 0o644))
        }
        let ids = try (0..<5).map { _ in try temp.publishSession(to: .aggregate) }
        worker.signal(SIGCONT)
        #expect(waitUntil(timeout: 30) { ids.allSatisfy { temp.spool.locate($0) == .done(temp.layout.doneSession($0)) } }, Comment(rawValue: worker.stderr))
        // The overflow is noticed at the worker's next wait, which may come after it has already
        // found the sessions by scanning.
        #expect(waitUntil(timeout: 10) { worker.stderr.contains("inotify queue overflowed") })
    }

    @Test func aPublishIsNeverSeenHalfWritten() throws {
        let temp = try TemporarySpool("publish")
        defer { temp.remove() }
        let payload = Data((0..<(256 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let inbox = temp.layout.directory(.audio, .inbox)
        let stop = ManagedFlag()
        let observer = Thread {
            while !stop.isSet {
                for name in (try? FileManager.default.contentsOfDirectory(atPath: inbox.path)) ?? [] where SessionID(rawValue: name) != nil {
                    let directory = inbox.appending(component: name)
                    let request = try? Data(contentsOf: directory.appending(component: SessionFile.request))
                    let blob = try? Data(contentsOf: directory.appending(path: "videos/1.mp4"))
                    // The session may be moved away between the listing and the reads; what is read must be whole.
                    if let request, (try? JSONCoding.decode(SessionRequest.self, from: request)) == nil { stop.recordTorn() }
                    if let blob, blob != payload { stop.recordTorn() }
                    if request == nil && FileManager.default.fileExists(atPath: directory.path) { stop.recordTorn() }
                }
            }
        }
        observer.start()
        for _ in 0..<60 {
            let id = try temp.publishSession(to: .audio, files: ["videos/1.mp4": payload])
            // Move it on like a stage would, so the observer keeps finding new sessions.
            if let claim = try temp.spool.claim(id, stage: .audio) { try temp.spool.complete(claim) }
        }
        stop.set()
        while !observer.isFinished { usleep(1000) }
        #expect(stop.torn == 0)
    }
}

final class ManagedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    private(set) var tornCount = 0
    var isSet: Bool { lock.withLock { value } }
    var torn: Int { lock.withLock { tornCount } }
    func set() { lock.withLock { value = true } }
    func recordTorn() { lock.withLock { tornCount += 1 } }
}
