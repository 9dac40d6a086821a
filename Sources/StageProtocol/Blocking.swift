import Dispatch

/// Runs blocking work (FFmpeg, BLAS, dlib, file I/O) on a dispatch thread, so the cooperative
/// thread pool (one thread per core) is never blocked.
public func runBlocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Result { try work() })
        }
    }
}
