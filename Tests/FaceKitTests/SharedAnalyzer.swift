import FaceKit

/// One analyzer for the whole test process: loading the 68-point model takes about a second,
/// and `FaceAnalyzer` is thread-safe, so parallel tests share it.
enum SharedAnalyzer {
    private static let loaded = Result { () throws(FaceKitError) -> FaceAnalyzer in try FaceAnalyzer() }

    static func get() throws -> FaceAnalyzer {
        try loaded.get()
    }
}
