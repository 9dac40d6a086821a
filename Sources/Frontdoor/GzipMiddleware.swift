import CompressNIO
import HTTPTypes
import Hummingbird
import NIOCore

/// Compresses responses larger than `minimumBytes` with gzip when the client accepts it (the
/// API reference: "Server automatically compresses responses > 1KB using gzip"). Only bodies
/// of known length up to `maximumBytes` and of a textual type are compressed; video streams
/// and partial content pass through.
struct GzipMiddleware<Context: RequestContext>: RouterMiddleware {
    let minimumBytes: Int
    var maximumBytes = 32 * 1024 * 1024

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard Self.acceptsGzip(request.headers[.acceptEncoding]),
              response.headers[.contentEncoding] == nil,
              response.status == .ok,
              let length = response.body.contentLength, length > minimumBytes, length <= maximumBytes,
              Self.isCompressible(response.headers[.contentType])
        else { return response }
        let collected = CollectedBody()
        try await response.body.write(CollectingWriter(target: collected))
        let compressed = try collected.buffer.compress(with: .gzip())
        response.headers[.contentEncoding] = "gzip"
        response.headers[.contentLength] = "\(compressed.readableBytes)"
        response.headers[values: .vary].append("Accept-Encoding")
        response.body = .init(byteBuffer: compressed)
        return response
    }

    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        return header.split(separator: ",").contains { part in
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard fields.first == "gzip" || fields.first == "*" else { return false }
            return !fields.dropFirst().contains { $0.replacingOccurrences(of: " ", with: "") == "q=0" }
        }
    }

    static func isCompressible(_ contentType: String?) -> Bool {
        guard let type = contentType?.lowercased() else { return false }
        return type.hasPrefix("text/") || type.contains("json") || type.contains("javascript") || type.contains("xml") || type.contains("svg")
    }
}

/// Where ``CollectingWriter`` gathers a body (the writer itself is consumed by `write`).
private final class CollectedBody: @unchecked Sendable {
    var buffer = ByteBuffer()
}

/// Gathers a response body into one buffer.
private struct CollectingWriter: ResponseBodyWriter {
    let target: CollectedBody
    mutating func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        target.buffer.writeBuffer(&buffer)
    }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
