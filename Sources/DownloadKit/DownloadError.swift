/// Why a video could not be fetched; `description` is the item error a recruiter reads.
public enum DownloadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Drive answered with a sign-in or permission page, or 401/403.
    case notSharedPublicly(fileID: String)
    case driveFileNotFound(fileID: String)
    /// A web page, or bytes of no video container we know.
    case notAVideo(String)
    case tooLarge(limitBytes: Int64)
    case httpStatus(Int, url: String)
    /// The host of a plain https URL is not on `DOWNLOAD_ALLOWED_HOSTS`.
    case hostNotAllowed(String)
    /// A connection (the first or a redirect's) would go to a loopback or private address.
    case privateAddress(String)
    case unsupportedURL(String)
    /// Network failures that outlasted the retries (timeouts, resets, truncated transfers).
    case transfer(String)
    case file(String)

    public var description: String {
        switch self {
        case let .notSharedPublicly(id): "Google Drive file is not shared publicly: \(id)"
        case let .driveFileNotFound(id): "Google Drive file not found: \(id)"
        case let .notAVideo(what): "Downloaded file is not a video (\(what))"
        case let .tooLarge(limit): "Video is larger than the limit (\(limit / 1_048_576) MB)"
        case let .httpStatus(status, url): "Download failed: HTTP \(status) from \(url)"
        case let .hostNotAllowed(host): "Video host is not allowed: \(host) (DOWNLOAD_ALLOWED_HOSTS)"
        case let .privateAddress(address): "Download refused: the address \(address) is private or loopback"
        case let .unsupportedURL(url): "Video URL is not supported: \(url)"
        case let .transfer(reason): "Download failed: \(reason)"
        case let .file(reason): "Download could not be stored: \(reason)"
        }
    }

    /// Worth another try: the network, not the content, failed.
    var isTransient: Bool {
        switch self {
        case .transfer: true
        case let .httpStatus(status, _): status == 408 || status == 429 || status >= 500
        default: false
        }
    }
}
