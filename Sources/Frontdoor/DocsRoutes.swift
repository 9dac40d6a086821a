import Foundation
import Hummingbird
import NIOCore

/// `GET /openapi.json`, `GET /docs` (Swagger UI), `GET /redoc` (ReDoc), and their script files
/// under `/docs/assets/`. The pages load nothing from the internet: the Swagger UI and ReDoc
/// files are fetched once from PyPI by `scripts/fetch-web-assets.sh` into `WEB_ASSETS_DIR`.
struct DocsRoutes: Sendable {
    let assetsDirectory: URL

    func register(on router: Router<FrontdoorContext>) {
        router.get("/openapi.json") { _, _ -> Response in
            try resource("openapi.json", contentType: "application/json; charset=utf-8")
        }
        router.get("/docs") { _, _ -> Response in try resource("docs.html", contentType: "text/html; charset=utf-8") }
        router.get("/redoc") { _, _ -> Response in try resource("redoc.html", contentType: "text/html; charset=utf-8") }
        router.get("/docs/assets/**") { _, context -> Response in
            let relative = context.parameters.getCatchAll().joined(separator: "/")
            return try asset(relative)
        }
    }

    private func resource(_ name: String, contentType: String) throws -> Response {
        guard let url = Bundle.module.url(forResource: "Resources/\(name)", withExtension: nil),
              let data = try? Data(contentsOf: url)
        else { throw APIError(.internalServerError, "Documentation resource \(name) is missing from this build") }
        return Response(status: .ok, headers: [.contentType: contentType, .contentLength: "\(data.count)"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private func asset(_ relative: String) throws -> Response {
        let parts = relative.split(separator: "/")
        guard !parts.isEmpty, parts.allSatisfy({ $0 != ".." && $0 != "." && !$0.hasPrefix(".") }) else {
            throw APIError(.notFound, "Not Found")
        }
        let url = assetsDirectory.appending(path: relative)
        guard let data = try? Data(contentsOf: url) else {
            throw APIError(.notFound, "Documentation asset \(relative) is not installed; run scripts/fetch-web-assets.sh")
        }
        let type: String = switch url.pathExtension {
        case "js": "application/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "png": "image/png"
        case "html": "text/html; charset=utf-8"
        default: "application/octet-stream"
        }
        return Response(status: .ok, headers: [.contentType: type, .contentLength: "\(data.count)", .cacheControl: "public, max-age=86400"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
