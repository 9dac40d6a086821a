import Foundation
import Hummingbird
import NIOCore
import StageProtocol

/// The recruiters' pages (`/upload.html`, `/halaman_dasboard.html`, `/history.html`), their
/// scripts and styles under `/web/`, and `GET /config`, the limits the upload page checks
/// before sending. Everything is in the build's resources: no CDN, nothing from the internet.
struct WebRoutes: Sendable {
    let configuration: PipelineConfiguration

    static let pages = ["upload.html", "halaman_dasboard.html", "history.html"]

    func register(on router: Router<FrontdoorContext>) {
        for page in Self.pages {
            router.get("/\(page)") { _, _ -> Response in try Self.file(page) }
        }
        // The original front end's capitalised name.
        router.get("/Upload.html") { _, _ -> Response in try Self.file("upload.html") }
        router.get("/web/:file") { _, context -> Response in
            let name = context.parameters.get("file") ?? ""
            guard Self.isAssetName(name) else { throw APIError(.notFound, "Not Found") }
            return try Self.file(name)
        }
        router.get("/config") { _, _ -> Response in
            jsonResponse(ClientConfiguration(maxVideos: configuration.maxVideos, maxVideoBytes: configuration.maxVideoBytes,
                                             languages: InterviewLanguage.allCases.map(\.rawValue)))
        }
    }

    /// `name.css`, `name.js` or `name.html` of letters, digits, `-` and `_`: nothing else reaches the bundle.
    static func isAssetName(_ name: String) -> Bool {
        let parts = name.split(separator: ".")
        return parts.count == 2 && ["css", "js", "html", "svg"].contains(parts[1])
            && !parts[0].isEmpty && parts[0].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    static func file(_ name: String) throws -> Response {
        guard let url = Bundle.module.url(forResource: "Resources/web/\(name)", withExtension: nil),
              let data = try? Data(contentsOf: url) else { throw APIError(.notFound, "Not Found") }
        let type: String = switch (name as NSString).pathExtension {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "application/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        default: "application/octet-stream"
        }
        return Response(status: .ok,
                        headers: [.contentType: type, .contentLength: "\(data.count)", .cacheControl: "no-cache",
                                  .init("X-Content-Type-Options")!: "nosniff",
                                  // The pages load only their own files and talk only to this server.
                                  .init("Content-Security-Policy")!: "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// `GET /config`: the server's limits, for the upload page's checks.
struct ClientConfiguration: Encodable {
    var maxVideos: Int
    var maxVideoBytes: Int64
    var languages: [String]

    enum CodingKeys: String, CodingKey {
        case languages
        case maxVideos = "max_videos"
        case maxVideoBytes = "max_video_bytes"
    }
}
