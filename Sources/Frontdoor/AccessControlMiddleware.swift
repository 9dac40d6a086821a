import HTTPTypes
import Hummingbird
import StageProtocol

/// The front door's gate: the API key check (when keys are configured), then the per-client
/// rate limits. The health check, the recruiters' pages and their files, the API docs and CORS
/// preflights always pass, unlimited. The client a limit counts for is the API key when keys are
/// configured, else the peer's IP address.
struct AccessControlMiddleware<Context: RemoteAddressRequestContext>: RouterMiddleware {
    let keys: APIKeySet
    /// `RATE_LIMIT_UPLOADS_PER_HOUR`; nil when unlimited.
    let uploads: RateLimiter?
    /// `RATE_LIMIT_REQUESTS_PER_MINUTE`; nil when unlimited.
    let requests: RateLimiter?

    init(keys: APIKeySet, configuration: PipelineConfiguration) {
        self.keys = keys
        uploads = configuration.rateLimitUploadsPerHour > 0
            ? RateLimiter(limit: configuration.rateLimitUploadsPerHour, periodSeconds: 3600) : nil
        requests = configuration.rateLimitRequestsPerMinute > 0
            ? RateLimiter(limit: configuration.rateLimitRequestsPerMinute, periodSeconds: 60) : nil
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let kind = RequestAccess(method: request.method, path: request.uri.path)
        if kind == .open { return try await next(request, context) }

        let client: String
        if keys.isEmpty {
            client = "ip:" + (context.remoteAddress?.ipAddress ?? "unknown")
        } else {
            guard let presented = APIKeySet.presentedKey(in: request.headers) else {
                return try refusal(.apiKeyRequired, header: .wwwAuthenticate, value: "Bearer", request: request, context: context)
            }
            guard let index = keys.match(presented) else {
                // The path and the peer, never the key.
                context.logger.notice("invalid API key for \(request.method) \(request.uri.path) from \(context.remoteAddress?.ipAddress ?? "unknown")")
                return try refusal(.invalidAPIKey, header: .wwwAuthenticate, value: "Bearer", request: request, context: context)
            }
            // The key's position, so the limiter's table holds no secret.
            client = "key:\(index)"
        }

        let limiter = kind == .upload ? uploads : requests
        if let limiter, case .limited(let seconds) = limiter.acquire(client: client) {
            let what = kind == .upload ? "at most \(limiter.limit) uploads per hour" : "at most \(limiter.limit) requests per minute"
            return try refusal(.tooManyRequests(what, retryAfterSeconds: seconds), header: .retryAfter, value: "\(seconds)",
                               request: request, context: context)
        }
        return try await next(request, context)
    }

    private func refusal(_ error: APIError, header: HTTPField.Name, value: String, request: Request, context: Context) throws -> Response {
        var response = try error.response(from: request, context: context)
        response.headers[header] = value
        return response
    }
}

/// What a request is, for the gate.
enum RequestAccess: Equatable {
    /// Health, pages, page files, docs, preflights: no key, no limit.
    case open
    /// `POST /upload`, `POST /upload_json`: counted against the upload limit.
    case upload
    /// Everything else: counted against the request limit.
    case api

    /// Decided on the same `/`-separated components the router matches, so a path is open only
    /// when it can reach nothing but an open route.
    init(method: HTTPRequest.Method, path: String) {
        let parts = path.split(separator: "/")
        if method == .options {
            self = .open
        } else if method == .post, parts.count == 1, parts[0] == "upload" || parts[0] == "upload_json" {
            self = .upload
        } else if method != .get && method != .head {
            self = .api
        } else {
            switch parts.count {
            case 0: self = .open
            case 1 where Self.openPaths.contains(String(parts[0])): self = .open
            case 2 where parts[0] == "web": self = .open
            case 3... where parts[0] == "docs" && parts[1] == "assets": self = .open
            default: self = .api
            }
        }
    }

    /// Single-component paths served without a key: the pages and the API documentation.
    static let openPaths: Set<String> = Set(WebRoutes.pages + ["Upload.html", "docs", "redoc", "openapi.json"])
}

extension APIError {
    static let apiKeyRequired = APIError(.unauthorized, "API key required")
    static let invalidAPIKey = APIError(.unauthorized, "Invalid API key")
    static func tooManyRequests(_ limit: String, retryAfterSeconds: Int) -> APIError {
        APIError(.tooManyRequests, "Too many requests: \(limit); retry in \(retryAfterSeconds) s")
    }
}
