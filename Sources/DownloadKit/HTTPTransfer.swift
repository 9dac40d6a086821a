import CCurl
import Foundation

/// Limits and safety settings of every transfer.
public struct TransferPolicy: Sendable, Equatable {
    /// Larger bodies are cut off and refused (the reference's 500 MB per video).
    public var maxBytes: Int64 = 500 * 1024 * 1024
    public var connectTimeoutSeconds = 15
    /// A transfer slower than `lowSpeedBytesPerSecond` for `lowSpeedSeconds` is a stalled one.
    public var lowSpeedBytesPerSecond = 1024
    public var lowSpeedSeconds = 30
    /// The longest one attempt may take.
    public var attemptTimeoutSeconds = 1800
    /// Attempts per file, the first included; broken transfers resume where they stopped.
    public var maxAttempts = 4
    public var initialBackoffSeconds = 1.0
    public var maxRedirects = 5
    /// Loopback and private addresses (tests and internal deployments only).
    public var allowPrivateAddresses = false
    /// Plain http:// (tests only); otherwise https only, redirects included.
    public var allowPlainHTTP = false

    public init() {}
}

/// What one HTTP GET did.
struct TransferOutcome {
    var code: CURLcode
    var errorText: String
    var status: Int
    var contentType: String?
    var effectiveURL: String
    /// Bytes appended to the file by this attempt.
    var bytesWritten: Int64
    var tooLarge: Bool
    var blockedAddress: String?
}

/// One libcurl GET whose body is appended to an open file.
final class HTTPTransfer {
    private let policy: TransferPolicy
    private let fd: Int32
    /// Bytes already in the file before this transfer (a resumed download's first part).
    private let offset: Int64
    private let progress: (Int64, Int64?) -> Void
    private(set) var written: Int64 = 0
    private(set) var exceeded = false
    private(set) var writeFailed = false
    private var lastReport = Date.distantPast

    init(policy: TransferPolicy, fd: Int32, offset: Int64, progress: @escaping (Int64, Int64?) -> Void) {
        self.policy = policy
        self.fd = fd
        self.offset = offset
        self.progress = progress
    }

    static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    /// GETs `url`, resuming at `offset` when it is not 0.
    func run(_ url: String) -> TransferOutcome {
        _ = Self.globalInit
        guard let curl = curl_easy_init() else {
            return TransferOutcome(code: CURLE_FAILED_INIT, errorText: "curl_easy_init failed", status: 0, effectiveURL: url,
                                   bytesWritten: 0, tooLarge: false)
        }
        defer { curl_easy_cleanup(curl) }
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        var transfer = ccurl_transfer()
        transfer.allow_private_addresses = policy.allowPrivateAddresses ? 1 : 0
        transfer.context = Unmanaged.passUnretained(self).toOpaque()
        transfer.write = { data, size, context in
            let me = Unmanaged<HTTPTransfer>.fromOpaque(context!).takeUnretainedValue()
            return me.take(data!, size)
        }
        transfer.progress = { context, downloaded, expected in
            let me = Unmanaged<HTTPTransfer>.fromOpaque(context!).takeUnretainedValue()
            me.report(downloaded, expected)
            return 0
        }
        let protocols = policy.allowPlainHTTP ? "http,https" : "https"
        return errorBuffer.withUnsafeMutableBufferPointer { errors in
            withUnsafeMutablePointer(to: &transfer) { transferPointer in
                _ = ccurl_install(curl, transferPointer)
                _ = ccurl_set_string(curl, CURLOPT_URL, url)
                _ = ccurl_set_string(curl, CURLOPT_ERRORBUFFER, errors.baseAddress)
                _ = ccurl_set_string(curl, CURLOPT_PROTOCOLS_STR, protocols)
                _ = ccurl_set_string(curl, CURLOPT_REDIR_PROTOCOLS_STR, protocols)
                _ = ccurl_set_long(curl, CURLOPT_FOLLOWLOCATION, 1)
                _ = ccurl_set_long(curl, CURLOPT_MAXREDIRS, policy.maxRedirects)
                _ = ccurl_set_long(curl, CURLOPT_CONNECTTIMEOUT, policy.connectTimeoutSeconds)
                _ = ccurl_set_long(curl, CURLOPT_TIMEOUT, policy.attemptTimeoutSeconds)
                _ = ccurl_set_long(curl, CURLOPT_LOW_SPEED_LIMIT, policy.lowSpeedBytesPerSecond)
                _ = ccurl_set_long(curl, CURLOPT_LOW_SPEED_TIME, policy.lowSpeedSeconds)
                _ = ccurl_set_long(curl, CURLOPT_NOSIGNAL, 1)
                _ = ccurl_set_string(curl, CURLOPT_USERAGENT, "interview-assessment/1 (libcurl)")
                _ = ccurl_set_string(curl, CURLOPT_ACCEPT_ENCODING, "")   // what curl can decode
                if offset > 0 { _ = ccurl_set_off(curl, CURLOPT_RESUME_FROM_LARGE, curl_off_t(offset)) }
                let code = curl_easy_perform(curl)
                let blocked = transferPointer.pointee.blocked_private_address != 0
                    ? withUnsafeBytes(of: transferPointer.pointee.blocked_address) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                    : nil
                return TransferOutcome(
                    code: code,
                    errorText: String(cString: errors.baseAddress!).isEmpty ? String(cString: curl_easy_strerror(code)) : String(cString: errors.baseAddress!),
                    status: ccurl_response_code(curl),
                    contentType: ccurl_content_type(curl).map { String(cString: $0) },
                    effectiveURL: ccurl_effective_url(curl).map { String(cString: $0) } ?? url,
                    bytesWritten: written, tooLarge: exceeded, blockedAddress: blocked)
            }
        }
    }

    /// Appends a received chunk; refusing it (returning 0) aborts the transfer.
    private func take(_ data: UnsafePointer<CChar>, _ size: Int) -> Int {
        if offset + written + Int64(size) > policy.maxBytes {
            exceeded = true
            return 0
        }
        var done = 0
        while done < size {
            let count = Glibc.write(fd, data + done, size - done)
            if count < 0 {
                if errno == EINTR { continue }
                writeFailed = true
                return 0
            }
            done += count
        }
        written += Int64(size)
        return size
    }

    private func report(_ downloaded: Int64, _ expected: Int64) {
        let now = Date()
        guard now.timeIntervalSince(lastReport) >= 0.5 else { return }
        lastReport = now
        progress(offset + downloaded, expected > 0 ? offset + expected : nil)
    }
}
