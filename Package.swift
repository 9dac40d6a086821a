// swift-tools-version:6.1
// The interview assessment pipeline: one executable per stage over a filesystem spool,
// a front door, and the analysis engines as libraries of their own.
import PackageDescription

/// Native numerical code (FFmpeg glue, Whisper kernels) must be optimised even in debug builds,
/// or the test suite spends minutes in unoptimised inner loops.
let optimizedSwift: [SwiftSetting] = [.unsafeFlags(["-O", "-target-cpu", "haswell"])]

let package = Package(
    name: "InterviewAssessment",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "Frontdoor", targets: ["Frontdoor"]),
        .executable(name: "StageDownload", targets: ["StageDownload"]),
        .executable(name: "StageAudio", targets: ["StageAudio"]),
        .executable(name: "StageTranscribe", targets: ["StageTranscribe"]),
        .executable(name: "StageTranslate", targets: ["StageTranslate"]),
        .executable(name: "StageLLM", targets: ["StageLLM"]),
        .executable(name: "StageCheat", targets: ["StageCheat"]),
        .executable(name: "StageNonVerbal", targets: ["StageNonVerbal"]),
        .executable(name: "StageAggregate", targets: ["StageAggregate"]),
        .executable(name: "pipeline", targets: ["Pipeline"]),
        .executable(name: "assess", targets: ["Assess"]),
        .library(name: "StageProtocol", targets: ["StageProtocol"]),
        .library(name: "MediaKit", targets: ["MediaKit"]),
        .library(name: "Whisper", targets: ["Whisper"]),
        .library(name: "VoiceKit", targets: ["VoiceKit"]),
        .library(name: "FaceKit", targets: ["FaceKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // MARK: The spool protocol, once.
        .target(
            name: "StageProtocol",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // MARK: Engines (no knowledge of the spool).
        .systemLibrary(
            name: "CFFmpeg",
            pkgConfig: "libavformat",
            providers: [.apt(["libavformat-dev", "libavcodec-dev", "libswresample-dev", "libswscale-dev", "libavutil-dev"])]
        ),
        .target(name: "MediaKit", dependencies: ["CFFmpeg"], swiftSettings: optimizedSwift),
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(name: "Whisper", dependencies: ["COpenBLAS"], swiftSettings: optimizedSwift),
        .target(name: "VoiceKit", dependencies: ["COpenBLAS"], swiftSettings: optimizedSwift),
        /// dlib (Debian's libdlib-dev) behind a thin extern "C" shim: HOG face detector, 68-point
        /// landmarks, JPEG writing. Optimised even in debug builds, like the Swift engines.
        .target(
            name: "CDlib",
            cxxSettings: [.unsafeFlags(["-O3", "-march=haswell"])],
            linkerSettings: [.linkedLibrary("dlib"), .linkedLibrary("blas"), .linkedLibrary("lapack")]
        ),
        .target(name: "FaceKit", dependencies: ["CDlib", "MediaKit"], swiftSettings: optimizedSwift),
        /// Integrity and delivery findings from the engines' outputs (no media, no spool).
        .target(name: "Assessment", dependencies: ["FaceKit", "VoiceKit"]),
        /// `make bench`: our Whisper against faster-whisper on the same audio (scripts/bench.sh).
        .executableTarget(name: "WhisperBench", dependencies: ["Whisper"], path: "bench/WhisperBench"),
        /// `make bench`: face analysis frames per second against dlib on every frame (scripts/bench-face.sh).
        .executableTarget(name: "FaceBench", dependencies: ["FaceKit", "MediaKit"], path: "bench/FaceBench"),
        /// `make bench`: voice activity, embedding and voice counting per minute of audio.
        .executableTarget(name: "VoiceBench", dependencies: ["VoiceKit", "MediaKit"], path: "bench/VoiceBench", swiftSettings: optimizedSwift),

        /// Clients of remote services (OpenAI-compatible chat completions, DeepL) over
        /// AsyncHTTPClient: timeouts, retries with backoff honouring Retry-After, typed errors.
        .target(
            name: "ServiceClients",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        /// Answer scoring: the rubric prompt, scores weighted by the model's logprobs, the
        /// transparent rubric scorer used when no chat endpoint is configured.
        .target(name: "AnswerScoring", dependencies: ["ServiceClients"]),

        /// libcurl (Debian's libcurl4-openssl-dev) behind typed C entry points: curl_easy_setopt is
        /// variadic, and the callbacks (body, progress, the private-address check) live in C.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
        /// Downloads of answer videos: Google Drive (confirm page included) and allow-listed https.
        .target(name: "DownloadKit", dependencies: ["CCurl"]),

        /// The file formats of a session directory's artifacts, shared by their writer and readers.
        .target(name: "Artifacts", dependencies: ["MediaKit", "Whisper"]),

        // MARK: Stage executables: thin shells around an engine and the StageRunner.
        .executableTarget(name: "StageDownload", dependencies: ["StageProtocol", "DownloadKit"]),
        .executableTarget(name: "StageAudio", dependencies: ["StageProtocol", "MediaKit"]),
        .executableTarget(name: "StageTranscribe", dependencies: ["StageProtocol", "Artifacts"]),
        .executableTarget(name: "StageTranslate", dependencies: ["StageProtocol", "Artifacts", "AnswerScoring", "ServiceClients"]),
        .executableTarget(
            name: "StageLLM",
            dependencies: ["StageProtocol", "Artifacts", "AnswerScoring", "ServiceClients", .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(name: "StageCheat", dependencies: ["StageProtocol", "Artifacts", "Assessment", "FaceKit", "VoiceKit"]),
        .executableTarget(name: "StageNonVerbal", dependencies: ["StageProtocol", "Artifacts", "Assessment", "FaceKit", "VoiceKit"]),
        .executableTarget(name: "StageAggregate", dependencies: ["StageProtocol", "Artifacts", "Assessment", "AnswerScoring"]),

        // MARK: The front door and the operator's tool.
        .executableTarget(
            name: "Frontdoor",
            dependencies: [
                "StageProtocol",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            resources: [.copy("Resources")]
        ),
        .executableTarget(
            name: "Pipeline",
            dependencies: [
                "StageProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        /// `assess`: the recruiter's command-line client (submit, follow, summarise, results).
        .executableTarget(
            name: "Assess",
            dependencies: [
                "ServiceClients",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ]
        ),

        // MARK: Tests mirror the targets.
        .target(name: "TestSupport", dependencies: ["StageProtocol"], path: "Tests/TestSupport"),
        /// A real stage process for the protocol tests (configurable work time, kill-able).
        .executableTarget(name: "SpoolProbeWorker", dependencies: ["StageProtocol"], path: "Tests/SpoolProbeWorker"),
        .testTarget(name: "StageProtocolTests", dependencies: ["StageProtocol", "TestSupport", "SpoolProbeWorker"]),
        .testTarget(name: "MediaKitTests", dependencies: ["MediaKit"]),
        .testTarget(name: "WhisperTests", dependencies: ["Whisper", "TestSupport"]),
        .testTarget(name: "VoiceKitTests", dependencies: ["VoiceKit"]),
        .testTarget(name: "FaceKitTests", dependencies: ["FaceKit", "MediaKit"]),
        .testTarget(name: "AssessTests", dependencies: ["StageProtocol", "TestSupport", "Assess"]),
        .testTarget(name: "DownloadKitTests", dependencies: ["DownloadKit", "StageProtocol", "TestSupport"]),
        .testTarget(name: "ServiceClientsTests", dependencies: ["ServiceClients", "TestSupport"]),
        .testTarget(name: "AnswerScoringTests", dependencies: ["AnswerScoring", "ServiceClients", "TestSupport"]),
        .testTarget(name: "AssessmentTests", dependencies: ["Assessment", "FaceKit", "VoiceKit"]),
        .testTarget(
            name: "FrontdoorTests",
            dependencies: [
                "Frontdoor", "StageProtocol", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "PipelineTests",
            dependencies: ["StageProtocol", "TestSupport", "Pipeline", "StageDownload", "StageAudio", "StageTranscribe", "StageTranslate", "StageLLM", "StageCheat", "StageNonVerbal", "StageAggregate", "Frontdoor",
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
