import Foundation

/// Reference decodes made by the ffmpeg CLI, which MediaKit's output is compared with.
enum FFmpegCLI {
    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    /// `ffmpeg -i url -vn [-af filter] -ac 1 -ar 16000 -f f32le -`: the CLI's 16 kHz mono decode.
    static func mono16k(_ url: URL, audioFilter: String? = nil) throws -> [Float] {
        var arguments = ["-i", url.path, "-vn"]
        if let audioFilter { arguments += ["-af", audioFilter] }
        let output = try run(arguments + ["-ac", "1", "-ar", "16000", "-f", "f32le", "-"])
        return output.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    /// The first video frame through `-vf filter`, as raw `pixelFormat` bytes (the CLI turns
    /// rotated video upright by itself).
    static func firstFrame(_ url: URL, filter: String, pixelFormat: String) throws -> [UInt8] {
        [UInt8](try run(["-i", url.path, "-frames:v", "1", "-vf", filter, "-pix_fmt", pixelFormat, "-f", "rawvideo", "-"]))
    }

    private static func run(_ arguments: [String]) throws -> Data {
        let result = try Command.run("/usr/bin/ffmpeg", ["-v", "error", "-nostdin"] + arguments)
        guard result.status == 0 else { throw Failed(description: "ffmpeg \(arguments): \(result.standardError)") }
        return result.standardOutput
    }
}
