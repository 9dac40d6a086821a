import Foundation
import StageProtocol
import TestSupport
import Testing

/// A 600 MB upload against the 500 MB limit: refused with 413 while the front door's memory
/// stays flat, and nothing is left behind.
@Suite struct StreamingUploadTests {
    @Test func oversizedStreamedUploadIsRefusedWithFlatMemory() throws {
        let spool = try TemporarySpool("stream")
        defer { spool.remove() }
        let server = try FrontdoorProcess(spool: spool)
        defer { server.stop() }
        let big = spool.root.appending(component: "big.mp4")
        #expect(FileManager.default.createFile(atPath: big.path, contents: nil))
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 600 * 1024 * 1024)   // sparse: 600 MB of zeros without using disk
        try handle.close()
        let baseline = server.peakMemoryBytes
        let reply = try Curl.request(server.url("/upload"), ["-F", "candidate_name=A", "-F", "language=en", "-F", "question=Q", "-F", "videos=@\(big.path)"], timeout: 300)
        #expect(reply.status == 413, Comment(rawValue: reply.text))
        #expect(reply.detail == "Video file too large: big.mp4 exceeds the 500 MB limit")
        let peak = server.peakMemoryBytes
        #expect(peak < baseline + 64 * 1024 * 1024, "peak RSS \(peak / 1_048_576) MB, baseline \(baseline / 1_048_576) MB")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: spool.layout.frontdoorTemporary.path)) ?? []).isEmpty)
        #expect(spool.spool.depths().allSatisfy { $0.inbox == 0 })
    }
}
