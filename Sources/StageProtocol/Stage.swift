/// The stages of the pipeline, in the one order a session moves through them.
///
/// This enum is the single source of truth for the stage order (ARCHITECTURE.md, "Data flow"):
/// `download → audio → transcribe → translate → llm → cheat → nonverbal → aggregate → done`.
/// Which of them are actually deployed is ``StageChain``'s business.
public enum Stage: String, CaseIterable, Codable, Sendable, Comparable {
    case download, audio, transcribe, translate, llm, cheat, nonverbal, aggregate

    public static func < (lhs: Stage, rhs: Stage) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The progress message the API reference lists for this stage ("Progress Messages" table).
    /// `transcribe` is per video and is formatted by ``progressMessage(current:total:)``.
    public var referenceMessage: String {
        switch self {
        case .download: "Downloading video from Google Drive..."
        case .audio: "Extracting audio from video..."
        case .transcribe: "Transcribing video..."
        case .translate: "Translating transcription..."
        case .llm: "Performing LLM assessment..."
        case .cheat: "Detecting cheating indicators..."
        case .nonverbal: "Analyzing non-verbal cues..."
        case .aggregate: "Saving results..."
        }
    }

    /// The reference's message for working on video `current` of `total`.
    public func progressMessage(current: Int, total: Int) -> String {
        self == .transcribe ? "Transcribing video \(current)/\(total)..." : referenceMessage
    }

    /// Top-level entries of a session directory that this stage writes; removed when a session
    /// is re-run from this stage or an earlier one, so a re-run starts clean.
    public var artifacts: [String] {
        switch self {
        case .download: []            // downloaded videos are the session's input; never removed
        case .audio: ["media", "audio"]
        case .transcribe: ["transcripts"]
        case .translate: ["translations"]
        case .llm: ["assessment"]
        case .cheat: ["cheat", "faces", "evidence"]
        case .nonverbal: ["nonverbal"]
        case .aggregate: ["results.json"]
        }
    }
}

/// The stages deployed in this build, in order. A stage joins the chain only when it really works;
/// later issues insert theirs here and nowhere else.
public enum StageChain {
    /// Deployed stages, in ``Stage`` order.
    public static let deployed: [Stage] = [.download, .audio, .transcribe, .translate, .llm, .cheat, .nonverbal, .aggregate]

    /// Where a new session is published: Drive-link sessions start at `download`, even before
    /// that stage is deployed (they wait in its inbox); uploads start at the first media stage.
    public static func entry(for origin: SessionOrigin) -> Stage {
        switch origin {
        case .download: .download
        case .upload: deployed.first { $0 > .download }!
        }
    }

    /// The next deployed stage after `stage`, or `nil` when the session is done.
    public static func next(after stage: Stage) -> Stage? {
        deployed.first { $0 > stage }
    }

    public static func isDeployed(_ stage: Stage) -> Bool { deployed.contains(stage) }
}

extension Stage {
    /// The executable that runs this stage (`Sources/Stage<Name>`).
    public var executableName: String {
        switch self {
        case .download: "StageDownload"
        case .audio: "StageAudio"
        case .transcribe: "StageTranscribe"
        case .translate: "StageTranslate"
        case .llm: "StageLLM"
        case .cheat: "StageCheat"
        case .nonverbal: "StageNonVerbal"
        case .aggregate: "StageAggregate"
        }
    }
}
