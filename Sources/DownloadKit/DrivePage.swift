import Foundation

/// What a web page Google Drive answered with means.
enum DrivePage: Equatable {
    /// The "can't scan this file for viruses" page: its form (or link) leads to the file.
    case confirm(URL)
    /// A sign-in or "you need access" page: the file is not shared publicly.
    case signIn
    case notFound
    case other(title: String)

    static func read(_ html: String, pageURL: URL) -> DrivePage {
        if let form = downloadForm(html, pageURL: pageURL) { return .confirm(form) }
        if let link = confirmLink(html, pageURL: pageURL) { return .confirm(link) }
        let lower = html.lowercased()
        let title = Self.title(html)
        if lower.contains("servicelogin") || lower.contains("accounts.google.com") || lower.contains("you need access")
            || lower.contains("request access") || lower.contains("sign in") {
            return .signIn
        }
        if lower.contains("does not exist") || title.lowercased().contains("not found") { return .notFound }
        return .other(title: title.isEmpty ? "untitled page" : title)
    }

    /// `<form id="download-form" action="…">` with its hidden inputs (id, export, confirm, uuid…).
    static func downloadForm(_ html: String, pageURL: URL) -> URL? {
        guard let formStart = html.range(of: "<form", options: .caseInsensitive),
              let formEnd = html.range(of: "</form>", options: .caseInsensitive, range: formStart.upperBound..<html.endIndex)
        else { return nil }
        let form = String(html[formStart.lowerBound..<formEnd.upperBound])
        guard form.contains("download"), let openTag = form.range(of: ">"),
              let action = attribute("action", in: String(form[..<openTag.upperBound])),
              let base = URL(string: unescape(action), relativeTo: pageURL)?.absoluteURL,
              var components = URLComponents(url: base, resolvingAgainstBaseURL: true) else { return nil }
        var items: [URLQueryItem] = components.queryItems ?? []
        var cursor = form.startIndex
        while let input = form.range(of: "<input", options: .caseInsensitive, range: cursor..<form.endIndex) {
            let end = form[input.upperBound...].firstIndex(of: ">") ?? form.endIndex
            let tag = String(form[input.lowerBound..<end])
            if let name = attribute("name", in: tag) {
                items.append(URLQueryItem(name: unescape(name), value: unescape(attribute("value", in: tag) ?? "")))
            }
            cursor = end
        }
        components.queryItems = items.isEmpty ? nil : items
        return components.url
    }

    /// Older pages: `href="/uc?export=download&amp;confirm=XXXX&amp;id=ID"`.
    static func confirmLink(_ html: String, pageURL: URL) -> URL? {
        var cursor = html.startIndex
        while let href = html.range(of: "href=\"", range: cursor..<html.endIndex) {
            guard let close = html[href.upperBound...].firstIndex(of: "\"") else { return nil }
            let value = unescape(String(html[href.upperBound..<close]))
            if value.contains("confirm="), value.contains("export=download") {
                return URL(string: value, relativeTo: pageURL)?.absoluteURL
            }
            cursor = close
        }
        return nil
    }

    static func attribute(_ name: String, in tag: String) -> String? {
        for quote in ["\"", "'"] {
            if let start = tag.range(of: " \(name)=\(quote)", options: .caseInsensitive),
               let end = tag[start.upperBound...].firstIndex(of: Character(quote)) {
                return String(tag[start.upperBound..<end])
            }
        }
        return nil
    }

    static func title(_ html: String) -> String {
        guard let start = html.range(of: "<title>", options: .caseInsensitive),
              let end = html.range(of: "</title>", options: .caseInsensitive, range: start.upperBound..<html.endIndex) else { return "" }
        return unescape(String(html[start.upperBound..<end.lowerBound])).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&amp;", with: "&").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&#x3D;", with: "=")
    }
}
