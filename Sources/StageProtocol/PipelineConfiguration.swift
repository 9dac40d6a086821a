import Foundation

/// Every setting of the pipeline, built in one place from the environment (flags of each
/// executable override it). Defaults are the embedded defaults `make run` starts with.
public struct PipelineConfiguration: Sendable, Equatable {
    /// `SPOOL_DIR`: the spool root (default `./spool`).
    public var spoolDirectory: String = "./spool"
    /// `LEASE_TIMEOUT_SECONDS`: a claim whose heartbeat is older than this is a lost worker's.
    public var leaseTimeoutSeconds: Double = 60
    /// `HEARTBEAT_SECONDS`: how often a worker refreshes its lease (well under the timeout).
    public var heartbeatSeconds: Double = 5
    /// `RESCAN_SECONDS`: the periodic inbox rescan that catches what inotify cannot see.
    public var rescanSeconds: Double = 5
    /// `MAX_ATTEMPTS`: counted attempts (lost workers, unexpected errors) before `failed/`.
    public var maxAttempts: Int = 3
    /// `SHUTDOWN_GRACE_SECONDS`: on SIGTERM a worker finishes its session if it can within this
    /// time, otherwise it gives the claim back.
    public var shutdownGraceSeconds: Double = 30
    /// `MIN_DEFERRAL_SECONDS`: the first wait of a session deferred because a service it needs is
    /// unusable (``SessionDeferral``); it doubles with each deferral in a row.
    public var minDeferralSeconds: Double = 30
    /// `MAX_DEFERRAL_SECONDS`: the longest such wait, also the cap on a service's `Retry-After`.
    public var maxDeferralSeconds: Double = 15 * 60
    /// `DELETE_MEDIA_AFTER_PROCESSING` (0/1): delete a done session's videos and audio at once.
    public var deleteMediaAfterProcessing: Bool = false
    /// `RETAIN_MEDIA_DAYS`: delete a done session's videos and audio this many days after it
    /// finished; 0 keeps them.
    public var retainMediaDays: Double = 0
    /// `PURGE_SESSIONS_AFTER_DAYS`: delete whole done and failed sessions this many days after
    /// they finished or failed; 0 keeps them.
    public var purgeSessionsAfterDays: Double = 0
    /// `RETENTION_INTERVAL_SECONDS`: how often `pipeline run` applies the retention policy.
    public var retentionIntervalSeconds: Double = 3600
    /// `MAX_VIDEO_SECONDS`: longer answer videos are an item error (default 15 minutes).
    public var maxVideoSeconds: Double = 15 * 60
    /// `MAX_VIDEO_BYTES`: per uploaded video (default 500 MB, the reference's maximum).
    public var maxVideoBytes: Int64 = 500 * 1024 * 1024
    /// `MAX_VIDEOS`: per session (the reference: 1–5).
    public var maxVideos: Int = 5
    /// `HOST`, `PORT`: where the front door listens (default 0.0.0.0:8888).
    public var host: String = "0.0.0.0"
    public var port: Int = 8888
    /// `CORS_ORIGINS`: comma-separated allowed origins, `*` for any (the reference's default).
    public var corsOrigins: [String] = ["*"]
    /// `DOWNLOAD_ALLOWED_HOSTS`: comma-separated hosts (`videos.example.com`, `*.example.com`)
    /// whose plain https URLs may be given instead of Drive links; empty by default.
    public var downloadAllowedHosts: [String] = []
    /// `WEB_ASSETS_DIR`: Swagger UI and ReDoc files fetched by `scripts/fetch-web-assets.sh`.
    public var webAssetsDirectory: String = "./vendor"
    /// `API_KEYS`: comma-separated keys the front door accepts (`Authorization: Bearer` or
    /// `X-API-Key`). With none here nor in `apiKeysFile`, the API is open (the reference's default).
    public var apiKeys: [String] = []
    /// `API_KEYS_FILE`: a file of more keys, one a line, `#` comments; read once when the front door starts.
    public var apiKeysFile: String? = nil
    /// `RATE_LIMIT_UPLOADS_PER_HOUR`: uploads (`POST /upload`, `/upload_json`) per client per
    /// hour, per front-door process; 0 = unlimited (the API reference suggests 10 in production).
    public var rateLimitUploadsPerHour: Int = 0
    /// `RATE_LIMIT_REQUESTS_PER_MINUTE`: other API requests per client per minute, per front-door
    /// process; 0 = unlimited (the API reference suggests 60 in production).
    public var rateLimitRequestsPerMinute: Int = 0

    /// Webhooks on completion or failure (``WebhookPolicy``).
    public var webhooks = WebhookPolicy()

    public init() {}

    /// The defaults overridden by whatever the environment sets.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> PipelineConfiguration {
        var configuration = PipelineConfiguration()
        func double(_ key: String) -> Double? { environment[key].flatMap(Double.init) }
        func int(_ key: String) -> Int? { environment[key].flatMap { Int($0) } }
        /// A comma-separated list, blanks dropped; nil when the variable is unset.
        func list(_ key: String) -> [String]? {
            environment[key].map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        }
        if let value = environment["SPOOL_DIR"], !value.isEmpty { configuration.spoolDirectory = value }
        if let value = double("LEASE_TIMEOUT_SECONDS") { configuration.leaseTimeoutSeconds = value }
        if let value = double("HEARTBEAT_SECONDS") { configuration.heartbeatSeconds = value }
        if let value = double("RESCAN_SECONDS") { configuration.rescanSeconds = value }
        if let value = int("MAX_ATTEMPTS") { configuration.maxAttempts = value }
        if let value = double("SHUTDOWN_GRACE_SECONDS") { configuration.shutdownGraceSeconds = value }
        if let value = double("MIN_DEFERRAL_SECONDS") { configuration.minDeferralSeconds = value }
        if let value = double("MAX_DEFERRAL_SECONDS") { configuration.maxDeferralSeconds = value }
        if let value = environment["DELETE_MEDIA_AFTER_PROCESSING"] { configuration.deleteMediaAfterProcessing = ["1", "true", "yes"].contains(value.lowercased()) }
        if let value = double("RETAIN_MEDIA_DAYS") { configuration.retainMediaDays = value }
        if let value = double("PURGE_SESSIONS_AFTER_DAYS") { configuration.purgeSessionsAfterDays = value }
        if let value = double("RETENTION_INTERVAL_SECONDS"), value > 0 { configuration.retentionIntervalSeconds = value }
        if let value = double("MAX_VIDEO_SECONDS") { configuration.maxVideoSeconds = value }
        if let value = environment["MAX_VIDEO_BYTES"].flatMap({ Int64($0) }) { configuration.maxVideoBytes = value }
        if let value = int("MAX_VIDEOS") { configuration.maxVideos = value }
        if let value = environment["HOST"], !value.isEmpty { configuration.host = value }
        if let value = int("PORT") { configuration.port = value }
        if let value = environment["CORS_ORIGINS"], !value.isEmpty {
            configuration.corsOrigins = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        if let value = list("DOWNLOAD_ALLOWED_HOSTS") { configuration.downloadAllowedHosts = value }
        if let value = list("WEBHOOK_ALLOWED_HOSTS") { configuration.webhooks.allowedHosts = value }
        if let value = environment["WEBHOOK_SECRET"] { configuration.webhooks.secret = value }
        configuration.webhooks.allowHTTP = ["1", "true", "yes"].contains(environment["WEBHOOK_ALLOW_HTTP"]?.lowercased() ?? "")
        if let value = int("WEBHOOK_MAX_ATTEMPTS") { configuration.webhooks.maxAttempts = max(1, value) }
        if let value = double("WEBHOOK_BACKOFF_SECONDS") { configuration.webhooks.initialBackoffSeconds = value }
        if let value = double("WEBHOOK_SCAN_SECONDS") { configuration.webhooks.scanSeconds = max(0.2, value) }
        if let value = environment["PUBLIC_BASE_URL"], !value.isEmpty { configuration.webhooks.publicBaseURL = value }
        if let value = environment["WEB_ASSETS_DIR"], !value.isEmpty { configuration.webAssetsDirectory = value }
        if let value = list("API_KEYS") { configuration.apiKeys = value }
        if let value = environment["API_KEYS_FILE"], !value.isEmpty { configuration.apiKeysFile = value }
        if let value = int("RATE_LIMIT_UPLOADS_PER_HOUR") { configuration.rateLimitUploadsPerHour = max(0, value) }
        if let value = int("RATE_LIMIT_REQUESTS_PER_MINUTE") { configuration.rateLimitRequestsPerMinute = max(0, value) }
        return configuration
    }

    public var spoolLayout: SpoolLayout { SpoolLayout(path: spoolDirectory) }

    public var deferralPolicy: DeferralPolicy {
        DeferralPolicy(minimumSeconds: minDeferralSeconds, maximumSeconds: maxDeferralSeconds)
    }
}
