import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A stand-in for a remote service that cannot be reached from the test machine (an
/// OpenAI-compatible transcription or chat service, DeepL): a blocking HTTP/1.1 server on a
/// loopback port, serving one connection at a time on its own thread. It records every request
/// and answers with whatever `reply` returns; the tests make `reply` speak the service's protocol.
///
/// It speaks just enough HTTP for `URLSession`: a request line, headers, a `Content-Length`
/// body (after answering `Expect: 100-continue`), and one response per connection.
public final class FakeHTTPService: Sendable {
    public struct Request: Sendable {
        public var method: String
        public var path: String
        /// Header names lowercased.
        public var headers: [String: String]
        public var body: Data
    }

    public struct Reply: Sendable {
        public var status: Int
        public var body: Data
        public var contentType = "application/json"
        /// Wait this long before answering (to exceed a client's timeout).
        public var delaySeconds: Double = 0
        /// More response headers (`Retry-After`, …).
        public var headers: [(String, String)] = []
        /// Send only this many bytes of the body (the head still announces all of it), then
        /// close: a transfer broken mid-way.
        public var bodyLimit: Int?
        /// Pause after the head, before the body: a stalled server.
        public var stallSeconds: Double = 0

        public init(status: Int, body: Data, contentType: String = "application/json", delaySeconds: Double = 0,
                    headers: [(String, String)] = []) {
            self.status = status
            self.body = body
            self.contentType = contentType
            self.delaySeconds = delaySeconds
            self.headers = headers
        }

        public static func json(_ status: Int, _ text: String, delaySeconds: Double = 0, headers: [(String, String)] = []) -> Reply {
            Reply(status: status, body: Data(text.utf8), delaySeconds: delaySeconds, headers: headers)
        }
    }

    public let port: UInt16
    private let listener: Int32
    private let received = Mutex<[Request]>([])
    private let stopped = Mutex(false)

    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }
    public var requests: [Request] { received.withLock { $0 } }

    public init(reply: @escaping @Sendable (Request) -> Reply) throws {
        (listener, port) = try Self.listen()
        let thread = Thread { [self] in serve(reply) }
        thread.start()
    }

    deinit { stop() }

    /// Stops accepting; the serving thread ends after the connection in hand.
    public func stop() {
        let wasStopped = stopped.withLock { state in defer { state = true }; return state }
        if !wasStopped { shutdown(listener, Int32(SHUT_RDWR)) }
    }

    /// A loopback port on which nothing listens (bound, then closed), for "unreachable" tests.
    public static func closedPort() throws -> UInt16 {
        let (socket, port) = try listen()
        close(socket)
        return port
    }

    private static func listen() throws -> (Int32, UInt16) {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(socket, generic, length) == 0 && Glibc.listen(socket, 8) == 0
                    && getsockname(socket, generic, &length) == 0
            }
        }
        guard bound else { close(socket); throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        return (socket, UInt16(bigEndian: address.sin_port))
    }

    private func serve(_ reply: @Sendable (Request) -> Reply) {
        defer { close(listener) }
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 {
                if errno == EINTR { continue }
                return
            }
            defer { close(connection) }
            guard let request = Self.read(connection) else { continue }
            received.withLock { $0.append(request) }
            let answer = reply(request)
            if answer.delaySeconds > 0 { Thread.sleep(forTimeInterval: answer.delaySeconds) }
            let head = "HTTP/1.1 \(answer.status) \(answer.status == 200 ? "OK" : "Status")\r\n"
                + "Content-Type: \(answer.contentType)\r\nContent-Length: \(answer.body.count)\r\nConnection: close\r\n"
                + answer.headers.map { "\($0.0): \($0.1)\r\n" }.joined() + "\r\n"
            if answer.stallSeconds > 0 {
                Self.write(connection, Data(head.utf8))
                Thread.sleep(forTimeInterval: answer.stallSeconds)
                Self.write(connection, answer.body.prefix(answer.bodyLimit ?? answer.body.count))
            } else {
                Self.write(connection, Data(head.utf8) + answer.body.prefix(answer.bodyLimit ?? answer.body.count))
            }
        }
    }

    private static func read(_ connection: Int32) -> Request? {
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        func receive() -> Bool {
            let count = recv(connection, &chunk, chunk.count, 0)
            if count <= 0 { return false }
            buffer.append(contentsOf: chunk[0..<count])
            return true
        }
        let separator = Data("\r\n\r\n".utf8)
        var headerEnd: Range<Data.Index>?
        while headerEnd == nil {
            guard receive() else { return nil }
            headerEnd = buffer.range(of: separator)
        }
        let lines = String(decoding: buffer[..<headerEnd!.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        if headers["expect"]?.lowercased() == "100-continue" {
            write(connection, Data("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let bodyStart = headerEnd!.upperBound
        while buffer.count - bodyStart < length {
            guard receive() else { return nil }
        }
        return Request(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers,
                       body: Data(buffer[bodyStart..<bodyStart + length]))
    }

    private static func write(_ connection: Int32, _ data: Data) {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let sent = send(connection, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if sent <= 0 { return }
                offset += sent
            }
        }
    }
}

/// One part of a multipart/form-data body.
public struct FormPart: Sendable {
    public var name: String
    public var filename: String?
    public var contentType: String?
    public var data: Data
    public var text: String { String(decoding: data, as: UTF8.self) }
}

/// A multipart body that is not one.
public struct MultipartError: Error, CustomStringConvertible {
    public let description: String
}

/// Splits a multipart/form-data `body` whose `Content-Type` header is `contentType`.
public func parseMultipart(_ body: Data, contentType: String) throws -> [FormPart] {
    guard let boundaryRange = contentType.range(of: "boundary=") else {
        throw MultipartError(description: "no boundary in Content-Type \(contentType)")
    }
    let boundary = Data(("--" + contentType[boundaryRange.upperBound...]).utf8)
    var parts: [FormPart] = []
    var cursor = body.startIndex
    guard let first = body.range(of: boundary, in: cursor..<body.endIndex) else { return [] }
    cursor = first.upperBound
    while let next = body.range(of: boundary, in: cursor..<body.endIndex) {
        // A part is "\r\n<headers>\r\n\r\n<data>\r\n" between two delimiters.
        let part = body[cursor..<next.lowerBound]
        guard let split = part.range(of: Data("\r\n\r\n".utf8)) else { break }
        let headerText = String(decoding: part[part.startIndex..<split.lowerBound], as: UTF8.self)
        var data = Data(part[split.upperBound...])
        if data.suffix(2) == Data("\r\n".utf8) { data.removeLast(2) }
        func parameter(_ key: String) -> String? {
            guard let range = headerText.range(of: "\(key)=\"") else { return nil }
            return String(headerText[range.upperBound...].prefix { $0 != "\"" })
        }
        let type = headerText.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("content-type:") }
            .map { String($0.dropFirst("content-type:".count)).trimmingCharacters(in: .whitespaces) }
        parts.append(FormPart(name: parameter(" name") ?? "", filename: parameter("filename"),
                              contentType: type, data: data))
        cursor = next.upperBound
    }
    return parts
}
