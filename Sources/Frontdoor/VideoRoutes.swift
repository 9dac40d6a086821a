import Foundation
import Hummingbird
import NIOCore
import StageProtocol

/// `GET /videos/{session_id}/{n}`: an answer's video for the dashboard's player, with HTTP range
/// requests (RFC 9110 §14) so the player can seek without downloading the whole file. Served
/// from wherever the session is in the spool; only `videos/<n>.<ext>` of a real session id.
struct VideoRoutes: Sendable {
    let spool: Spool
    let files = FileIO()

    func register(on router: Router<FrontdoorContext>) {
        router.get("/videos/:session_id/:item") { request, context -> Response in
            let text = context.parameters.get("session_id") ?? ""
            let item = context.parameters.get("item") ?? ""
            if let id = SessionID(rawValue: text), spool.mediaDeletion(of: id) != nil { throw APIError.videoDeleted }
            guard let id = SessionID(rawValue: text), EvidenceName.isItem(item),
                  let directory = spool.locate(id)?.directory,
                  let video = Self.videoFile(in: directory, item: item),
                  let size = (try? FileManager.default.attributesOfItem(atPath: video.path))?[.size] as? Int, size > 0
            else { throw APIError(.notFound, "Video not found") }
            var headers: HTTPFields = [.contentType: Self.contentType(video.pathExtension), .acceptRanges: "bytes",
                                       .cacheControl: "private, max-age=3600"]
            guard let rangeHeader = request.headers[.range] else {
                headers[.contentLength] = "\(size)"
                return Response(status: .ok, headers: headers, body: try await files.loadFile(path: video.path, context: context))
            }
            guard let range = ByteRange.parse(rangeHeader, size: size) else {
                headers[.contentRange] = "bytes */\(size)"
                return Response(status: .rangeNotSatisfiable, headers: headers)
            }
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)"
            headers[.contentLength] = "\(range.count)"
            return Response(status: .partialContent, headers: headers,
                            body: try await files.loadFile(path: video.path, range: range, context: context))
        }
    }

    static func videoFile(in directory: URL, item: String) -> URL? {
        let folder = directory.appending(component: SessionFile.videos)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().first { ($0 as NSString).deletingPathExtension == item }.map { folder.appending(component: $0) }
    }

    static func contentType(_ ext: String) -> String {
        switch ext.lowercased() {
        case "mp4", "m4v": "video/mp4"
        case "webm": "video/webm"
        case "mov": "video/quicktime"
        case "avi": "video/x-msvideo"
        case "mkv": "video/x-matroska"
        case "ogv": "video/ogg"
        default: "application/octet-stream"
        }
    }
}

/// One `Range: bytes=…` value. Several ranges are not supported (the answer is then the whole
/// file, as RFC 9110 allows a server to ignore Range).
enum ByteRange {
    static func parse(_ header: String, size: Int) -> ClosedRange<Int>? {
        let value = header.trimmingCharacters(in: .whitespaces)
        guard value.hasPrefix("bytes="), !value.contains(",") else { return 0...(size - 1) }
        let spec = value.dropFirst("bytes=".count)
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        if parts[0].isEmpty {   // the last n bytes
            guard let suffix = Int(parts[1]), suffix > 0 else { return nil }
            return max(0, size - suffix)...(size - 1)
        }
        guard let start = Int(parts[0]), start < size else { return nil }
        let end = parts[1].isEmpty ? size - 1 : min(Int(parts[1]) ?? -1, size - 1)
        return end >= start ? start...end : nil
    }
}
