import HTTPTypes
import Hummingbird

/// CORS as the API reference configures it: allowed origins from `CORS_ORIGINS` (`*` for any,
/// the reference's default; otherwise an exact list), methods GET/POST/PUT/DELETE, any request
/// header. Preflight requests are answered here with 204 and never reach a route.
struct CORSPolicyMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowedOrigins: [String]
    let allowMethods = "GET, POST, PUT, DELETE, HEAD, OPTIONS"
    let maxAgeSeconds = 600

    var allowsAny: Bool { allowedOrigins.contains("*") }

    /// The `Access-Control-Allow-Origin` value for a request's `Origin`, nil when not allowed.
    func allowOrigin(for origin: String) -> String? {
        if allowsAny { return "*" }
        return allowedOrigins.contains(origin) ? origin : nil
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin] else { return try await next(request, context) }
        let allowed = allowOrigin(for: origin)
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var headers = HTTPFields()
            if let allowed {
                headers[.accessControlAllowOrigin] = allowed
                headers[.accessControlAllowMethods] = allowMethods
                headers[.accessControlAllowHeaders] = request.headers[.accessControlRequestHeaders] ?? "*"
                headers[.accessControlMaxAge] = "\(maxAgeSeconds)"
            }
            if !allowsAny { headers[.vary] = "Origin" }
            return Response(status: allowed == nil ? .forbidden : .noContent, headers: headers)
        }
        var response = try await next(request, context)
        if let allowed { response.headers[.accessControlAllowOrigin] = allowed }
        if !allowsAny { response.headers[values: .vary].append("Origin") }
        return response
    }
}
