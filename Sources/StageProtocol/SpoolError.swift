#if canImport(Glibc)
import Glibc
#endif

/// Errors of the spool protocol itself (not of a stage's work).
public enum SpoolError: Error, CustomStringConvertible, Equatable {
    /// A system call failed: call name, path, errno.
    case system(String, String, Int32)
    /// A rename target already exists (a session with this id is already there).
    case alreadyExists(String)
    case sessionNotFound(SessionID)
    case invalidSession(String)

    public var description: String {
        switch self {
        case let .system(call, path, code): "\(call)(\(path)) failed: \(String(cString: strerror(code)))"
        case let .alreadyExists(path): "\(path) already exists"
        case let .sessionNotFound(id): "Session not found: \(id)"
        case let .invalidSession(why): "Invalid session directory: \(why)"
        }
    }

    public var errnoCode: Int32? {
        if case let .system(_, _, code) = self { return code }
        return nil
    }
}
