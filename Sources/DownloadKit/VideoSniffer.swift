import Foundation

/// What the first bytes of a file say it is.
public enum Sniffed: Equatable, Sendable {
    /// A video container, with the file extension to store it under.
    case video(extension: String)
    case html
    case other(String)
}

public enum VideoSniffer {
    /// Bytes needed to decide.
    public static let headerBytes = 64

    public static func sniff(_ bytes: [UInt8]) -> Sniffed {
        func at(_ offset: Int, _ text: String) -> Bool {
            let pattern = Array(text.utf8)
            return bytes.count >= offset + pattern.count && Array(bytes[offset..<offset + pattern.count]) == pattern
        }
        if at(4, "ftyp") {
            let brand = bytes.count >= 12 ? String(decoding: bytes[8..<12], as: UTF8.self) : ""
            return .video(extension: brand.hasPrefix("qt") ? "mov" : brand.hasPrefix("3g") ? "3gp" : "mp4")
        }
        if at(4, "moov") || at(4, "mdat") || at(4, "wide") || at(4, "free") { return .video(extension: "mov") }
        if bytes.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) {
            let head = String(decoding: bytes.prefix(64), as: UTF8.self)
            return .video(extension: head.contains("webm") ? "webm" : "mkv")
        }
        if at(0, "RIFF"), at(8, "AVI ") { return .video(extension: "avi") }
        if at(0, "FLV") { return .video(extension: "flv") }
        if at(0, "OggS") { return .video(extension: "ogv") }
        if bytes.count >= 189, bytes[0] == 0x47, bytes[188] == 0x47 { return .video(extension: "ts") }
        if bytes.starts(with: [0x00, 0x00, 0x01, 0xBA]) { return .video(extension: "mpg") }
        let text = String(decoding: bytes.prefix(64), as: UTF8.self).lowercased()
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("<!doctype html") || text.hasPrefix("<html") || text.hasPrefix("<head") || text.hasPrefix("<?xml")
            || text.hasPrefix("<!--") || text.hasPrefix("<body") {
            return .html
        }
        return .other(bytes.isEmpty ? "empty" : "unknown content")
    }
}
