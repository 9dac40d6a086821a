import Foundation

/// Runs an external program (bash, the ffmpeg CLI) to completion and captures its output.
enum Command {
    struct Result {
        let status: Int32
        let standardOutput: Data
        let standardError: String
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Result {
        // stderr goes to a file, so only one pipe needs draining while the child runs.
        let errorFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("mediakit-tests-\(UUID().uuidString).stderr")
        guard FileManager.default.createFile(atPath: errorFile.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        defer { try? errorHandle.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errorHandle
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errors = (try? Data(contentsOf: errorFile)) ?? Data()
        return Result(
            status: process.terminationStatus, standardOutput: outputData,
            standardError: String(decoding: errors, as: UTF8.self))
    }
}
