import DownloadKit
import Foundation
import Synchronization
import Testing
import TestSupport

/// The downloader against a local HTTP server that behaves as Google Drive does (Drive itself
/// cannot be reached from the test machine): a direct file, the "can't scan for viruses" confirm
/// page then the file, a permission page, a web page instead of a video, a transfer broken
/// mid-way (resumed with a Range request), a stalled server, a file over the limit. The video
/// bytes are real test videos (scripts/make-test-media.sh).
@Suite struct DownloaderTests {
    static let id = "1AbCdEfGhIjKlMnOpQrStUvWxYz012345"

    /// Loopback test servers speak plain http: both are allowed here only.
    func downloader(_ server: FakeHTTPService, maxBytes: Int64 = 500 << 20, stallSeconds: Int = 30) -> Downloader {
        var policy = TransferPolicy()
        policy.allowPrivateAddresses = true
        policy.allowPlainHTTP = true
        policy.maxBytes = maxBytes
        policy.initialBackoffSeconds = 0.05
        policy.lowSpeedSeconds = stallSeconds
        return Downloader(policy: policy, drive: DriveEndpoints(base: server.baseURL, usercontent: server.baseURL.appendingPathComponent("uc-host")))
    }

    func directory() throws -> URL { try TestPaths.temporaryDirectory("download") }

    static func video(_ name: String = "h264_aac.mp4") throws -> Data { try Data(contentsOf: TestMedia.file(name)) }

    static func html(_ body: String, title: String = "Google Drive") -> FakeHTTPService.Reply {
        .init(status: 200, body: Data("<!DOCTYPE html><html><head><title>\(title)</title></head><body>\(body)</body></html>".utf8),
              contentType: "text/html; charset=utf-8")
    }

    @Test func aSmallDriveFileComesStraightThrough() throws {
        let bytes = try Self.video()
        let server = try FakeHTTPService { request in
            request.path == "/uc?export=download&id=\(Self.id)" ? .init(status: 200, body: bytes, contentType: "video/mp4")
                : .json(404, "{}")
        }
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let video = try downloader(server).download(.drive(fileID: Self.id), into: folder, baseName: "1")
        #expect(video.file.lastPathComponent == "1.mp4")
        #expect(try Data(contentsOf: video.file) == bytes)
        #expect(video.attempts == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["1.mp4"], "no partial file left")
    }

    @Test func aLargeDriveFileFollowsTheVirusScanConfirmForm() throws {
        let bytes = try Self.video("vp9_opus.webm")
        let server = try FakeHTTPService { request in
            if request.path.hasPrefix("/uc?") {
                // Drive's page for files too large to scan, as served (abridged).
                return Self.html("""
                    <div class="uc-main"><p class="uc-warning-subcaption">Google Drive can't scan this file for viruses.</p>
                    <form id="download-form" action="https://drive.usercontent.google.com/download" method="get">
                    <input type="submit" id="uc-download-link" class="goog-inline-block jfk-button jfk-button-action" value="Download anyway"/>
                    <input type="hidden" name="id" value="\(Self.id)"><input type="hidden" name="export" value="download">
                    <input type="hidden" name="confirm" value="t"><input type="hidden" name="uuid" value="0f4c9a8e-1b2c-4d5e-8f90-123456789abc">
                    </form></div>
                    """, title: "Google Drive - Virus scan warning")
            }
            if request.path.hasPrefix("/uc-host/download?"), request.path.contains("confirm=t"), request.path.contains("uuid=0f4c9a8e") {
                return .init(status: 200, body: bytes, contentType: "application/octet-stream")
            }
            return .json(404, "{}")
        }
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let video = try downloader(server).download(.drive(fileID: Self.id), into: folder, baseName: "2")
        #expect(video.file.lastPathComponent == "2.webm")
        #expect(try Data(contentsOf: video.file) == bytes)
        #expect(server.requests.map(\.path).last?.contains("id=\(Self.id)") == true)
        #expect(server.requests.map(\.path).last?.hasPrefix("/uc-host/download?") == true,
                "Drive's absolute usercontent URL is taken to GDRIVE_USERCONTENT_URL")
    }

    @Test func aFileNotSharedIsAClearError() throws {
        let signIn = try FakeHTTPService { _ in
            Self.html(#"<a href="https://accounts.google.com/ServiceLogin?continue=https://drive.google.com">Sign in</a>"#,
                      title: "Google Drive: Sign-in")
        }
        let forbidden = try FakeHTTPService { _ in Self.html("You need access", title: "Google Drive - Access denied").with(status: 403) }
        let missing = try FakeHTTPService { _ in Self.html("Sorry, the file you have requested does not exist.").with(status: 404) }
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for server in [signIn, forbidden] {
            #expect(throws: DownloadError.notSharedPublicly(fileID: Self.id)) {
                try downloader(server).download(.drive(fileID: Self.id), into: folder, baseName: "1")
            }
        }
        #expect(throws: DownloadError.driveFileNotFound(fileID: Self.id)) {
            try downloader(missing).download(.drive(fileID: Self.id), into: folder, baseName: "1")
        }
        #expect(DownloadError.notSharedPublicly(fileID: Self.id).description == "Google Drive file is not shared publicly: \(Self.id)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "no page saved as a video")
    }

    @Test func aWebPageOrJunkIsNotStoredAsAVideo() throws {
        let page = try FakeHTTPService { _ in Self.html("<h1>Welcome</h1>", title: "Home") }
        let junk = try FakeHTTPService { _ in .init(status: 200, body: Data("just some text, not a container".utf8), contentType: "video/mp4") }
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try downloader(page).download(.https(page.baseURL.appendingPathComponent("v.mp4")), into: folder, baseName: "1")
            Issue.record("a web page was accepted")
        } catch {
            #expect(error.description.hasPrefix("Downloaded file is not a video"))
        }
        #expect(throws: DownloadError.notAVideo("unknown content")) {
            try downloader(junk).download(.https(junk.baseURL.appendingPathComponent("v.mp4")), into: folder, baseName: "1")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func aBrokenTransferResumesWhereItStopped() throws {
        let bytes = try Self.video()
        let half = bytes.count / 2
        let server = try FakeHTTPService { request in
            if let range = request.headers["range"], range.hasPrefix("bytes="),
               let start = Int(range.dropFirst("bytes=".count).prefix { $0 != "-" }) {
                return .init(status: 206, body: bytes.suffix(from: start), contentType: "video/mp4",
                             headers: [("Content-Range", "bytes \(start)-\(bytes.count - 1)/\(bytes.count)"), ("Accept-Ranges", "bytes")])
            }
            var reply = FakeHTTPService.Reply(status: 200, body: bytes, contentType: "video/mp4", headers: [("Accept-Ranges", "bytes")])
            reply.bodyLimit = half   // the connection drops half-way
            return reply
        }
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let video = try downloader(server).download(.https(server.baseURL.appendingPathComponent("answer.mp4")), into: folder, baseName: "3")
        #expect(try Data(contentsOf: video.file) == bytes)
        #expect(video.attempts == 2)
        #expect(server.requests.count == 2)
        #expect(server.requests[1].headers["range"] == "bytes=\(half)-", "the second request asks only for the rest")
    }

    @Test func aStalledServerIsGivenUpOnAndTriedAgain() throws {
        let bytes = try Self.video()
        let calls = Mutex(0)
        let server = try FakeHTTPService { _ in
            var reply = FakeHTTPService.Reply(status: 200, body: bytes, contentType: "video/mp4")
            if calls.withLock({ $0 += 1; return $0 }) == 1 { reply.stallSeconds = 4 }   // head, then nothing
            return reply
        }
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let started = Date()
        let video = try downloader(server, stallSeconds: 1).download(.https(server.baseURL.appendingPathComponent("a.mp4")),
                                                                      into: folder, baseName: "1")
        #expect(try Data(contentsOf: video.file) == bytes)
        // The fake serves one connection at a time, so tries made while it still sleeps on the
        // first stall too: what matters is that a stall ends an attempt and a later one succeeds.
        #expect(video.attempts >= 2)
        #expect(Date().timeIntervalSince(started) < 30)
    }

    @Test func theSizeLimitStopsTheTransfer() throws {
        let bytes = try Self.video()
        let server = try FakeHTTPService { _ in .init(status: 200, body: bytes, contentType: "video/mp4") }
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: DownloadError.tooLarge(limitBytes: 64 * 1024)) {
            try downloader(server, maxBytes: 64 * 1024).download(.https(server.baseURL.appendingPathComponent("a.mp4")), into: folder, baseName: "1")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func privateAddressesAndPlainHTTPAreRefusedByDefault() throws {
        let bytes = try Self.video()
        let server = try FakeHTTPService { _ in .init(status: 200, body: bytes, contentType: "video/mp4") }
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var loopbackRefused = TransferPolicy()
        loopbackRefused.allowPlainHTTP = true
        #expect(throws: DownloadError.privateAddress("127.0.0.1")) {
            try Downloader(policy: loopbackRefused).download(.https(server.baseURL.appendingPathComponent("a.mp4")), into: folder, baseName: "1")
        }
        // A public name redirecting to loopback is refused the same way: the check is on every
        // connection's address. Here the first hop is already loopback; no request arrived.
        #expect(server.requests.isEmpty)
        var httpRefused = TransferPolicy()
        httpRefused.allowPrivateAddresses = true
        let url = server.baseURL.appendingPathComponent("a.mp4")
        #expect(throws: DownloadError.unsupportedURL(url.absoluteString)) {
            try Downloader(policy: httpRefused).download(.https(url), into: folder, baseName: "1")
        }
    }

    @Test func containersAreRecognisedByTheirBytes() throws {
        let expected = ["h264_aac.mp4": "mp4", "vp9_opus.webm": "webm", "vp8_vorbis.webm": "webm", "mpeg4_mp3.avi": "avi",
                        "h264_aac.mov": "mov"]
        for (name, ext) in expected {
            let head = [UInt8](try Self.video(name).prefix(256))
            #expect(VideoSniffer.sniff(head) == .video(extension: ext), "\(name)")
        }
        #expect(VideoSniffer.sniff(Array("<!doctype html><html>".utf8)) == .html)
        #expect(VideoSniffer.sniff(Array("\n  <html lang=\"en\">".utf8)) == .html)
        #expect(VideoSniffer.sniff(Array("%PDF-1.7".utf8)) == .other("unknown content"))
    }
}

extension FakeHTTPService.Reply {
    func with(status: Int) -> Self {
        var copy = self
        copy.status = status
        return copy
    }
}
