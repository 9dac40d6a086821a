import Hummingbird
import NIOCore
import Prometheus

/// Counts every answered request by route template and status class, and the uploads: their
/// outcome, and the body bytes their routes read (counted as the stream is read, so a refused
/// 600 MB upload counts what arrived before the refusal). Sits just inside CORS, outside the
/// error and access middleware, so it sees the status the client gets.
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: FrontdoorMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // The router resolved the route before the middleware chain runs.
        let method = request.method.rawValue
        let upload = UploadKind(route: context.endpointPath, method: method)
        var request = request
        if let upload {
            request.body = RequestBody(asyncSequence: ByteCountingSequence(base: request.body, counter: metrics.uploadBytesCounter(kind: upload)))
        }
        do {
            let response = try await next(request, context)
            record(route: context.endpointPath, method: method, status: response.status.code, upload: upload)
            return response
        } catch {
            record(route: context.endpointPath, method: method, status: (error as? any HTTPResponseError)?.status.code ?? 500, upload: upload)
            throw error
        }
    }

    private func record(route: String?, method: String, status: Int, upload: UploadKind?) {
        metrics.recordRequest(route: route ?? "NotFound", method: method, status: status)
        if let upload { metrics.recordUpload(kind: upload, accepted: (200..<300).contains(status)) }
    }
}

/// A request body that adds the size of each chunk to a counter as it is read.
struct ByteCountingSequence<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer
    let base: Base
    let counter: Counter

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let counter: Counter

        mutating func next() async throws -> ByteBuffer? {
            let chunk = try await base.next()
            if let chunk { counter.increment(by: Int64(chunk.readableBytes)) }
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), counter: counter) }
}
