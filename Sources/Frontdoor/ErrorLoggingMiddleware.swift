import Hummingbird
import Logging

/// Logs unexpected errors and turns them into `{"detail": "..."}` 500s; `APIError`s and
/// Hummingbird's own HTTP errors pass through as they are.
struct ErrorLoggingMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as any HTTPResponseError {
            if let api = error as? APIError { return try api.response(from: request, context: context) }
            // Hummingbird's errors (404 route not found, 405, …) in the API's error shape.
            let status = error.status
            return try APIError(status, status == .notFound ? "Not Found" : status.reasonPhrase).response(from: request, context: context)
        } catch {
            context.logger.error("\(request.method) \(request.uri.path) failed: \(error)")
            return try APIError(.internalServerError, "Internal server error").response(from: request, context: context)
        }
    }
}
