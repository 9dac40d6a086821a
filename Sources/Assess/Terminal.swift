#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Where output goes, and whether a person is watching it.
enum Terminal {
    /// Writes `text` to standard error unbuffered (progress lines must appear as they happen).
    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Writes `text` to standard output unbuffered, so a pipe sees each line as it is printed.
    static func standardOutput(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}
