import Foundation

/// Google Drive file ids from the four forms the API reference accepts:
/// `https://drive.google.com/file/d/ID/view`, `https://drive.google.com/open?id=ID`,
/// `https://drive.google.com/uc?id=ID` (with or without `export=download`), and a bare `ID`.
public enum DriveLink {
    /// Drive ids are URL-safe base64-like strings; the reference says "33+ characters", and
    /// older ids are 28; 25 is the shortest accepted for a bare id.
    public static let minimumBareIDLength = 25

    public static func fileID(from text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if isFileID(trimmed), trimmed.count >= minimumBareIDLength { return trimmed }
        guard let components = URLComponents(string: trimmed), let host = components.host?.lowercased(),
              host == "drive.google.com" || host.hasSuffix(".drive.google.com") || host == "docs.google.com"
        else { return nil }
        let path = components.path.split(separator: "/").map(String.init)
        if let index = path.firstIndex(of: "d"), index > 0, path[index - 1] == "file", index + 1 < path.count {
            let id = path[index + 1]
            return isFileID(id) ? id : nil
        }
        if let id = components.queryItems?.first(where: { $0.name == "id" })?.value, isFileID(id) {
            return id
        }
        return nil
    }

    static func isFileID(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 200 && text.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "-" || $0 == "_"
        }
    }
}

/// Where an answer video given by URL comes from: a Google Drive file, or a plain https URL whose
/// host the operator allowed (`DOWNLOAD_ALLOWED_HOSTS`). The front door accepts only what this
/// parses; the download stage fetches only what this parses. Fetching any URL a caller sends
/// would let callers make the server request internal addresses (the original did).
public enum VideoLink: Sendable, Equatable {
    case drive(fileID: String)
    case https(URL)

    public static func parse(_ text: String, allowedHosts: [String]) -> VideoLink? {
        if let id = DriveLink.fileID(from: text) { return .drive(fileID: id) }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let url = URL(string: trimmed), url.scheme?.lowercased() == "https", let host = url.host?.lowercased(),
              url.user == nil, isAllowed(host, allowedHosts) else { return nil }
        return .https(url)
    }

    /// `host` equals an entry, or an entry `*.example.com` covers it (subdomains only).
    public static func isAllowed(_ host: String, _ allowedHosts: [String]) -> Bool {
        allowedHosts.contains { entry in
            let entry = entry.lowercased()
            return entry.hasPrefix("*.") ? host.hasSuffix(String(entry.dropFirst(1))) : host == entry
        }
    }
}
