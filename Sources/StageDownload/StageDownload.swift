import ArgumentParser
import DownloadKit
import Foundation
import StageProtocol

/// The download stage, first for `/upload_json` sessions: fetches each answer's video from its
/// Google Drive link (or an allow-listed https URL) into `videos/<n>.<ext>` with libcurl. A video
/// that cannot be fetched is that item's error; the session goes on with the others.
@main
struct StageDownloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "StageDownload",
        abstract: "Download answer videos from Google Drive links or allow-listed https URLs (libcurl).")

    @OptionGroup var options: StageOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        func url(_ key: String, _ fallback: URL) throws -> URL {
            guard let text = environment[key], !text.isEmpty else { return fallback }
            guard let url = URL(string: text), url.scheme == "https" || url.scheme == "http", url.host != nil else {
                throw ValidationError("\(key) is not an http(s) URL: \(text)")
            }
            return url
        }
        func flag(_ key: String) -> Bool { ["1", "true", "yes"].contains(environment[key]?.lowercased() ?? "") }
        func int(_ key: String) -> Int? { environment[key].flatMap { Int($0) } }
        let defaults = DriveEndpoints()
        let drive = DriveEndpoints(base: try url("GDRIVE_BASE_URL", defaults.base),
                                   usercontent: try url("GDRIVE_USERCONTENT_URL", defaults.usercontent))
        try await StageMain.run(.download, options: options) { configuration in
            var policy = TransferPolicy()
            policy.maxBytes = configuration.maxVideoBytes
            policy.allowPrivateAddresses = flag("DOWNLOAD_ALLOW_PRIVATE_ADDRESSES")
            policy.allowPlainHTTP = flag("DOWNLOAD_ALLOW_HTTP")
            if let value = int("DOWNLOAD_MAX_ATTEMPTS") { policy.maxAttempts = max(1, value) }
            if let value = int("DOWNLOAD_CONNECT_TIMEOUT_SECONDS") { policy.connectTimeoutSeconds = value }
            if let value = int("DOWNLOAD_STALL_SECONDS") { policy.lowSpeedSeconds = value }
            if let value = environment["DOWNLOAD_BACKOFF_SECONDS"].flatMap(Double.init) { policy.initialBackoffSeconds = value }
            return DownloadWorker(downloader: Downloader(policy: policy, drive: drive),
                                  allowedHosts: configuration.downloadAllowedHosts)
        }
    }
}

struct DownloadWorker: StageWorker {
    let downloader: Downloader
    let allowedHosts: [String]

    func process(_ session: SessionContext) async throws {
        let items = session.request.items
        let videos = session.url(SessionFile.videos)
        try FileManager.default.createDirectory(at: videos, withIntermediateDirectories: true)
        for (position, item) in items.enumerated() {
            session.reportProgress(current: position + 1, total: items.count)
            // Missing videos are the audio stage's to report; a file already here survived a restart.
            guard session.itemError(item) == nil, item.videoExists, let source = item.source,
                  session.videoFile(for: item) == nil else { continue }
            guard let link = VideoLink.parse(source, allowedHosts: allowedHosts) else {
                try session.recordItemError(item, message: "Video \(item.index): \(DownloadError.unsupportedURL(source))")
                continue
            }
            let videoSource: VideoSource = switch link {
            case let .drive(id): .drive(fileID: id)
            case let .https(url): .https(url)
            }
            let downloader = self.downloader
            let index = item.index
            let total = items.count
            do {
                let video = try await runBlocking { () throws -> DownloadedVideo in
                    try downloader.download(videoSource, into: videos, baseName: "\(index)") { bytes, expected in
                        session.reportProgress(current: position + 1, total: total,
                                               message: Stage.download.referenceMessage + " " + Self.amount(bytes, expected))
                    }
                }
                session.logger.info("item \(index): \(video.bytes) bytes in \(video.attempts) attempt(s) → \(video.file.lastPathComponent)")
            } catch let error as DownloadError {
                try session.recordItemError(item, message: "Video \(index): \(error)")
            }
        }
    }

    /// "(12.5 of 48.0 MB)" for the progress message.
    static func amount(_ bytes: Int64, _ expected: Int64?) -> String {
        let megabytes = { (value: Int64) in String(format: "%.1f", Double(value) / 1_048_576) }
        return expected.map { "(\(megabytes(bytes)) of \(megabytes($0)) MB)" } ?? "(\(megabytes(bytes)) MB)"
    }
}
