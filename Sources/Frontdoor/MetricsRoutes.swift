import Hummingbird
import NIOCore

/// `GET /metrics`: the Prometheus text exposition format (``FrontdoorMetrics``). With several
/// front doors on one spool, each counts its own requests and uploads, but each also reads the
/// same spool and the same done sessions: take queue and stage series from one of them.
struct MetricsRoutes: Sendable {
    let metrics: FrontdoorMetrics

    func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/metrics") { _, _ -> Response in
            let text = metrics.render()
            return Response(status: .ok,
                            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .contentLength: "\(text.count)",
                                      .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: text)))
        }
    }
}
