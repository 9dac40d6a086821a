import Foundation

/// Real test media, made by `scripts/make-test-media.sh` with the ffmpeg CLI from Debian's
/// pocketsphinx-testdata speech and scikit-image's astronaut photo (idempotent, cached in
/// `.cache/test-media`).
public enum TestMedia {
    public static let directory: URL = {
        let out = ProcessInfo.processInfo.environment["TEST_MEDIA_DIR"].map { URL(fileURLWithPath: $0) }
            ?? TestPaths.repositoryRoot.appending(path: ".cache/test-media")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [TestPaths.repositoryRoot.appending(path: "scripts/make-test-media.sh").path, out.path]
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            fatalError("scripts/make-test-media.sh could not run: \(error)")
        }
        precondition(process.terminationStatus == 0, "scripts/make-test-media.sh failed (status \(process.terminationStatus))")
        return out
    }()

    public static func file(_ name: String) -> URL { directory.appending(component: name) }

    /// The face pictures and videos of `scripts/make-face-media.sh` (real photos: the astronaut
    /// and OpenCV's messi5.jpg), made once into `<directory>/faces`.
    public static let faces: URL = {
        let out = directory.appending(component: "faces")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [TestPaths.repositoryRoot.appending(path: "scripts/make-face-media.sh").path, out.path]
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            fatalError("scripts/make-face-media.sh could not run: \(error)")
        }
        precondition(process.terminationStatus == 0, "scripts/make-face-media.sh failed (status \(process.terminationStatus))")
        return out
    }()

    public static func face(_ name: String) -> URL { faces.appending(component: name) }

    /// Duration of the joined LibriVox speech under every test video, in seconds.
    public static let speechSeconds = 24.73
}
