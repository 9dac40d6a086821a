import Foundation

/// The pictures and videos `scripts/make-face-media.sh` makes into `<repo>/.cache/test-media/faces`
/// from astronaut.png and messi5.jpg, and the times the script builds into them (the script's
/// header lists the same; change both together).
///
/// The script runs once per test process, on first use (a `static let` is initialised once even
/// when tests run in parallel); it skips files that exist and takes a lock.
enum FaceTestMedia {
    struct GenerationFailed: Error, CustomStringConvertible {
        let description: String
    }

    /// The repository root, found from this file's real path (dev packages link to it).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private static let generated: Result<URL, GenerationFailed> = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [repositoryRoot.appendingPathComponent("scripts/make-face-media.sh").path]
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
        } catch {
            return .failure(GenerationFailed(description: "cannot run make-face-media.sh: \(error)"))
        }
        guard process.terminationStatus == 0 else {
            return .failure(GenerationFailed(description: "make-face-media.sh exited with \(process.terminationStatus)"))
        }
        return .success(repositoryRoot.appendingPathComponent(".cache/test-media/faces"))
    }()

    /// The generated file `name`, generating the media first if needed.
    static func url(_ name: String) throws -> URL {
        try generated.get().appendingPathComponent(name)
    }

    /// The real photos the media are made from.
    static var astronaut: URL { repositoryRoot.appendingPathComponent(".cache/test-assets/astronaut.png") }
    static let messi = URL(fileURLWithPath: "/usr/share/doc/opencv-doc/examples/data/messi5.jpg")

    /// A video with one interval of interest, in seconds from the start: [start, end).
    struct TimedVideo: Sendable, CustomStringConvertible {
        let name: String
        let durationSeconds: Double
        let interval: ClosedRange<Double>
        /// Where the second face's picture is centred, pixels.
        var secondFaceCentre: SIMD2<Double>? = nil
        var description: String { name }
    }

    /// One face throughout, swaying slightly.
    static let clean = TimedVideo(name: "clean.mp4", durationSeconds: 10, interval: 0...10)

    /// The face hidden during `interval`.
    static let covered: [TimedVideo] = [
        TimedVideo(name: "covered.mp4", durationSeconds: 10, interval: 4.0...6.0),  // close, gray box
        TimedVideo(name: "near_bright_covered.mp4", durationSeconds: 9, interval: 5.0...6.5),  // zoomed, bright, dark box
    ]

    /// A second, smaller face (messi5.jpg's, detector box 60-70 px) during `interval`, its
    /// picture centred at `secondFaceCentre` (the overlay's corner plus half its size).
    static let secondFace: [TimedVideo] = [
        // Close framing; a 64-px face at the top right (overlay at 520, 40, size 84x91).
        TimedVideo(name: "second_face.mp4", durationSeconds: 10, interval: 3.0...7.0, secondFaceCentre: SIMD2(562, 86)),
        // Far and dark; a 70-px face at the right (overlay at 520, 250, size 92x100).
        TimedVideo(name: "far_dark_second_face.mp4", durationSeconds: 8, interval: 2.0...5.0, secondFaceCentre: SIMD2(566, 300)),
        // Side-lit; a 60-px face at the lower left (overlay at 40, 330, size 79x86).
        TimedVideo(name: "side_lit_second_face.mp4", durationSeconds: 7, interval: 1.5...4.5, secondFaceCentre: SIMD2(80, 373)),
    ]

    /// Both eyes closed (painted over) during each of these intervals of blink.mp4 (10 s).
    static let blinkVideo = "blink.mp4"
    static let blinks: [ClosedRange<Double>] = [1.0...1.2, 2.5...2.8, 4.0...4.2, 5.5...5.9, 7.0...7.2, 8.5...8.8]
}
