#if canImport(Glibc)
import Glibc
#endif
import Foundation
import StageProtocol

/// One HTTP exchange made with the real curl client.
public struct HTTPResult: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data

    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object (empty when it is not one).
    public var json: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }

    public var detail: String? { json["detail"] as? String }
}

public enum Curl {
    /// Runs curl with `arguments` (plus output capture) against `url`.
    public static func request(_ url: String, _ arguments: [String] = [], timeout: Double = 120) throws -> HTTPResult {
        let scratch = FileManager.default.temporaryDirectory.appending(component: "curl-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let bodyURL = scratch.appending(component: "body")
        let headersURL = scratch.appending(component: "headers")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-sS", "--max-time", "\(Int(timeout))", "-o", bodyURL.path, "-D", headersURL.path,
                             "-w", "%{http_code}"] + arguments + [url]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let code = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var headers: [String: String] = [:]
        let headerText = (try? String(contentsOf: headersURL, encoding: .utf8)) ?? ""
        for line in headerText.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return HTTPResult(status: Int(String(decoding: code, as: UTF8.self)) ?? 0, headers: headers,
                          body: (try? Data(contentsOf: bodyURL)) ?? Data())
    }
}

/// A free TCP port on the loopback interface (bound once, then released).
public func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// The Frontdoor executable on a free port over a spool.
public final class FrontdoorProcess: @unchecked Sendable {
    public let port: Int
    public let child: ChildProcess

    public init(spool: TemporarySpool, environment extra: [String: String] = [:]) throws {
        port = freePort()
        var env = spool.environment(extra: extra)
        env["PORT"] = "\(port)"
        env["HOST"] = "127.0.0.1"
        child = try ChildProcess(TestPaths.executable("Frontdoor"), environment: env, label: "frontdoor")
        let ready = waitUntil(timeout: 30) { (try? Curl.request(self.url("/"), timeout: 2))?.status == 200 }
        if !ready { throw SpoolError.invalidSession("front door did not start: \(child.stderr)") }
    }

    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Peak resident memory of the process so far (VmHWM), in bytes.
    public var peakMemoryBytes: Int {
        let status = (try? String(contentsOfFile: "/proc/\(child.pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
    }

    public func stop() { child.stop() }
}
