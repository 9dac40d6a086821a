import CCurl
import Foundation

/// Where a video comes from.
public enum VideoSource: Sendable, Equatable {
    case drive(fileID: String)
    case https(URL)
}

/// Where Google Drive is (configuration, so tests can stand in for it).
public struct DriveEndpoints: Sendable, Equatable {
    /// `GDRIVE_BASE_URL`.
    public var base: URL
    /// `GDRIVE_USERCONTENT_URL`: where Drive serves file bytes and its virus-scan confirm form.
    public var usercontent: URL

    public init(base: URL = URL(string: "https://drive.google.com")!,
                usercontent: URL = URL(string: "https://drive.usercontent.google.com")!) {
        self.base = base
        self.usercontent = usercontent
    }

    static let driveHosts = ["drive.google.com", "drive.usercontent.google.com"]

    /// A URL Drive's pages point to, on the configured hosts: the confirm form names
    /// `https://drive.usercontent.google.com/download` outright, which must lead to
    /// `GDRIVE_USERCONTENT_URL` when that is set (a proxy, or the tests' stand-in).
    func locate(_ url: URL) -> URL {
        guard let host = url.host?.lowercased(), let index = Self.driveHosts.firstIndex(of: host),
              var components = URLComponents(url: url, resolvingAgainstBaseURL: true) else { return url }
        let target = index == 0 ? base : usercontent
        components.scheme = target.scheme
        components.host = target.host
        components.port = target.port
        components.path = target.path.trimmingCharacters(in: CharacterSet(charactersIn: "/")).isEmpty
            ? components.path : "/" + target.path.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + components.path
        return components.url ?? url
    }
}

/// A stored video.
public struct DownloadedVideo: Sendable, Equatable {
    public var file: URL
    public var bytes: Int64
    /// The last URL the bytes came from.
    public var finalURL: String
    public var attempts: Int
}

/// Fetches answer videos with libcurl: Google Drive files (following the "can't scan for
/// viruses" confirm page of large files), and https URLs of allow-listed hosts. What arrives is
/// checked: a web page or bytes of no known video container are refused, never stored as a video.
public struct Downloader: Sendable {
    public var policy: TransferPolicy
    public var drive: DriveEndpoints

    public init(policy: TransferPolicy = TransferPolicy(), drive: DriveEndpoints = DriveEndpoints()) {
        self.policy = policy
        self.drive = drive
    }

    /// Downloads `source` into `directory` as `<baseName>.<ext>` (the extension from the
    /// container found). `progress` gets bytes so far and the expected total when known.
    /// Blocking: call it off the cooperative pool.
    public func download(_ source: VideoSource, into directory: URL, baseName: String,
                         progress: @escaping @Sendable (Int64, Int64?) -> Void = { _, _ in }) throws(DownloadError) -> DownloadedVideo {
        let partial = directory.appending(component: ".\(baseName).part")
        defer { try? FileManager.default.removeItem(at: partial) }
        let fetched: (bytes: Int64, url: String, attempts: Int)
        switch source {
        case let .https(url):
            fetched = try fetch(url.absoluteString, to: partial, progress: progress)
            try requireVideo(partial, from: url.absoluteString)
        case let .drive(id):
            fetched = try fetchFromDrive(id, to: partial, progress: progress)
        }
        guard case let .video(ext) = VideoSniffer.sniff(Self.head(of: partial)) else {
            throw .notAVideo("unknown content")   // requireVideo / the Drive path checked already
        }
        let target = directory.appending(component: "\(baseName).\(ext)")
        do {
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.moveItem(at: partial, to: target)
        } catch {
            throw .file("\(error)")
        }
        return DownloadedVideo(file: target, bytes: fetched.bytes, finalURL: fetched.url, attempts: fetched.attempts)
    }

    // MARK: Drive

    private func fetchFromDrive(_ id: String, to partial: URL,
                                progress: @escaping @Sendable (Int64, Int64?) -> Void) throws(DownloadError) -> (Int64, String, Int) {
        var components = URLComponents(url: drive.base.appendingPathComponent("uc"), resolvingAgainstBaseURL: false)!
        components.queryItems = [URLQueryItem(name: "export", value: "download"), URLQueryItem(name: "id", value: id)]
        var url = components.url!.absoluteString
        var attempts = 0
        // The first answer may be the confirm page; its form leads to the file. Two hops at most.
        for _ in 0..<3 {
            let fetched: (bytes: Int64, url: String, attempts: Int)
            do {
                fetched = try fetch(url, to: partial, progress: progress)
            } catch let .httpStatus(status, _) where status == 401 || status == 403 {
                throw .notSharedPublicly(fileID: id)
            } catch let .httpStatus(status, _) where status == 404 {
                throw .driveFileNotFound(fileID: id)
            }
            attempts += fetched.attempts
            switch VideoSniffer.sniff(Self.head(of: partial)) {
            case .video:
                return (fetched.bytes, fetched.url, attempts)
            case .html:
                let page = (try? String(contentsOf: partial, encoding: .utf8)) ?? ""
                switch DrivePage.read(page, pageURL: URL(string: fetched.url) ?? drive.base) {
                case let .confirm(next):
                    url = drive.locate(next).absoluteString
                    try? FileManager.default.removeItem(at: partial)
                case .signIn:
                    throw .notSharedPublicly(fileID: id)
                case .notFound:
                    throw .driveFileNotFound(fileID: id)
                case let .other(title):
                    throw .notAVideo("Google Drive returned a web page: \(title)")
                }
            case let .other(what):
                throw .notAVideo(what)
            }
        }
        throw .notAVideo("Google Drive kept answering with confirm pages")
    }

    // MARK: One URL, with retries and resumption

    /// GETs `url` into `partial`, resuming a broken transfer where it stopped, retrying with
    /// back-off while the failure is the network's.
    private func fetch(_ url: String, to partial: URL,
                       progress: @escaping @Sendable (Int64, Int64?) -> Void) throws(DownloadError) -> (Int64, String, Int) {
        FileManager.default.createFile(atPath: partial.path, contents: nil)
        var attempt = 0
        var lastFailure = DownloadError.transfer("no attempt made")
        while attempt < policy.maxAttempts {
            attempt += 1
            let have = Self.size(of: partial)
            let fd = open(partial.path, O_WRONLY | O_APPEND | O_CLOEXEC)
            guard fd >= 0 else { throw .file("cannot open \(partial.lastPathComponent): errno \(errno)") }
            let transfer = HTTPTransfer(policy: policy, fd: fd, offset: have, progress: progress)
            let outcome = transfer.run(url)
            close(fd)
            if let address = outcome.blockedAddress { throw .privateAddress(address) }
            if outcome.tooLarge { throw .tooLarge(limitBytes: policy.maxBytes) }
            if outcome.code == CURLE_UNSUPPORTED_PROTOCOL { throw .unsupportedURL(url) }
            if outcome.code == CURLE_OK {
                switch outcome.status {
                case 200..<300:
                    return (Self.size(of: partial), outcome.effectiveURL, attempt)
                case 416 where have > 0:
                    truncate(partial.path, 0)   // our partial file is wrong for this server: start over
                    lastFailure = .transfer("the server refused to resume (HTTP 416)")
                    continue
                default:
                    lastFailure = .httpStatus(outcome.status, url: Self.redacted(outcome.effectiveURL))
                    if outcome.status == 200 || !lastFailure.isTransient { throw lastFailure }
                }
            } else if outcome.code == CURLE_RANGE_ERROR {
                truncate(partial.path, 0)   // no byte ranges: the next attempt starts from scratch
                lastFailure = .transfer("the server cannot resume; starting over")
            } else if outcome.code == CURLE_HTTP_RETURNED_ERROR {
                lastFailure = .httpStatus(outcome.status, url: Self.redacted(outcome.effectiveURL))
            } else {
                lastFailure = .transfer(outcome.errorText)
                if outcome.status >= 400 { lastFailure = .httpStatus(outcome.status, url: Self.redacted(outcome.effectiveURL)) }
            }
            // Body bytes of an error answer are not part of the video.
            if outcome.status >= 400 { truncate(partial.path, Int(have)) }
            guard lastFailure.isTransient, attempt < policy.maxAttempts else { break }
            Thread.sleep(forTimeInterval: min(30, policy.initialBackoffSeconds * pow(2, Double(attempt - 1))))
        }
        throw lastFailure
    }

    private func requireVideo(_ file: URL, from url: String) throws(DownloadError) {
        switch VideoSniffer.sniff(Self.head(of: file)) {
        case .video: return
        case .html: throw .notAVideo("the server sent a web page, not a video: \(Self.redacted(url))")
        case let .other(what): throw .notAVideo(what)
        }
    }

    static func head(of file: URL) -> [UInt8] {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return [] }
        defer { try? handle.close() }
        return [UInt8]((try? handle.read(upToCount: 256)) ?? Data())
    }

    static func size(of file: URL) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: file.path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// A URL for a message: no query (it may carry tokens).
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        if components.query != nil { components.query = "…" }
        components.user = nil
        components.password = nil
        return components.string ?? url
    }
}
