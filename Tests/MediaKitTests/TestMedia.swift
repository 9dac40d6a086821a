import Foundation

/// The media files `scripts/make-test-media.sh` generates into `<repo>/.cache/test-media`.
///
/// The script runs once per test process, on first use (a `static let` is initialised exactly
/// once even when tests run in parallel); it skips files that already exist and takes a file
/// lock, so concurrent test processes do not race either.
enum TestMedia {
    struct GenerationFailed: Error, CustomStringConvertible {
        let description: String
    }

    /// The repository root, found from this file's real path (the dev package links to it).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private static let generated: Result<URL, GenerationFailed> = {
        let script = repositoryRoot.appendingPathComponent("scripts/make-test-media.sh")
        do {
            let run = try Command.run("/bin/bash", [script.path])
            guard run.status == 0 else {
                return .failure(GenerationFailed(description: "make-test-media.sh exited with \(run.status): \(run.standardError)"))
            }
        } catch {
            return .failure(GenerationFailed(description: "cannot run make-test-media.sh: \(error)"))
        }
        return .success(repositoryRoot.appendingPathComponent(".cache/test-media"))
    }()

    /// The generated file `name`, generating the media first if needed.
    static func url(_ name: String) throws -> URL {
        try generated.get().appendingPathComponent(name)
    }

    /// The directory of the generated media, generating it first if needed.
    static func directory() throws -> URL {
        try generated.get()
    }

    /// The speech every playable test video carries: 24.73 s, 16 kHz mono.
    static let speechSeconds = 24.73
}
