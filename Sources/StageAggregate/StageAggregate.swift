import AnswerScoring
import ArgumentParser
import Artifacts
import Assessment
import Foundation
import StageProtocol

/// The aggregate stage: builds `results.json` in the shape of the API reference's `/results`
/// document from the artifacts the earlier stages wrote, then the runner moves the session to
/// `done/`. Fields whose stage is not deployed are absent, never invented.
@main
struct StageAggregateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "StageAggregate",
        abstract: "Build results.json from a session's artifacts.")

    @OptionGroup var options: StageOptions

    func run() async throws {
        try await StageMain.run(.aggregate, options: options) { _ in AggregateWorker() }
    }
}

struct AggregateWorker: StageWorker {
    func process(_ session: SessionContext) async throws {
        session.reportProgress(current: session.request.items.count, total: session.request.items.count)
        let document = ResultsBuilder(session: session).build()
        try session.writeJSON(document, to: SessionFile.results)
    }
}

/// Reads one session's artifacts and assembles the results document.
struct ResultsBuilder {
    let session: SessionContext
    var now = Date()

    func build() -> ResultsDocument {
        let content = session.request.items.map(contentItem)
        let failed = content.filter { $0.error != nil }.count
        let durations = content.compactMap { $0.error == nil ? $0.result?.metadata.duration : nil }
        let models = Set(content.compactMap { $0.result?.metadata.model })
        let itemMetadata = content.filter { $0.error == nil }.compactMap { $0.result?.metadata }
        let summary = try? session.readJSON(AssessmentSummary.self, from: "assessment/summary.json")
        let answered = content.filter { $0.error == nil }.map {
            AnsweredQuestion(number: $0.id, question: $0.question, cheating: $0.result?.cheatingDetection,
                             nonVerbal: $0.result?.nonVerbalAnalysis)
        }
        return ResultsDocument(
            success: failed < content.count,
            name: session.request.candidateName,
            session: session.request.id,
            externalID: session.request.externalID,
            llmResults: summary,
            aggregateCheatingDetection: CheatingAggregate(answered),
            aggregateNonVerbalAnalysis: NonVerbalAggregate(answered),
            content: content,
            metadata: .init(totalVideos: content.count, successfulVideos: content.count - failed, failedVideos: failed,
                            totalDurationSeconds: durations.reduce(0, +), processedAt: now,
                            language: session.request.language.rawValue,
                            model: models.sorted().first,
                            llmModel: summary?.llmModel,
                            deeplUsed: itemMetadata.contains { $0.deeplUsed == true },
                            hfApiUsed: summary?.hfApiUsed ?? false,
                            translationUsed: itemMetadata.contains { $0.translationUsed == true }))
    }

    private func contentItem(_ item: SessionItem) -> ResultsDocument.ContentItem {
        let media = try? session.readJSON(MediaInfo.self, from: "media/\(item.index).json")
        let transcript = try? session.readJSON(TranscriptArtifact.self, from: "transcripts/\(item.index).json")
        let translation = try? session.readJSON(TranslationArtifact.self, from: "translations/\(item.index).json")
        let penilaian = try? session.readJSON(AnswerAssessment.self, from: "assessment/\(item.index).json")
        let summary = try? session.readJSON(AssessmentSummary.self, from: "assessment/summary.json")
        let video = session.videoFile(for: item)
        let audio = "audio/\(item.index).wav"
        let hasAudio = FileManager.default.fileExists(atPath: session.url(audio).path)
        let metadata = ResultsDocument.ItemMetadata(
            videoFile: video.map { "\(SessionFile.videos)/\($0.lastPathComponent)" },
            audioFile: hasAudio ? audio : nil,
            duration: media?.durationSeconds,
            container: media?.container, videoCodec: media?.videoCodec, audioCodec: media?.audioCodec,
            width: media?.width, height: media?.height, fps: media?.fps,
            sourceFile: item.source,
            wordCount: transcript?.wordCount, avgConfidence: transcript?.avgConfidence,
            minConfidence: transcript?.minConfidence, maxConfidence: transcript?.maxConfidence,
            language: transcript?.language,
            translationUsed: translation.map { $0.text != nil && $0.engine != .none },
            translationEngine: translation.map { $0.engineDetail ?? $0.engine.rawValue },
            model: transcript?.model,
            llmModel: penilaian?.llmModel,
            deeplUsed: translation.map { $0.engine == .deepl },
            hfApiUsed: penilaian.map { $0.scorer == .llm && summary?.hfApiUsed == true })
        // The transcript in its own language's field, the translation (or why there is none) in the other.
        var result = ResultsDocument.ItemResult(metadata: metadata)
        result.penilaian = penilaian
        result.cheatingDetection = try? session.readJSON(CheatingDetection.self, from: "cheat/\(item.index).json")
        result.nonVerbalAnalysis = try? session.readJSON(NonVerbalAnalysis.self, from: "nonverbal/\(item.index).json")
        if let transcript {
            switch session.request.language {
            case .en:
                result.transkripsiEn = transcript.text
                result.transkripsiId = translation?.fieldText
            case .id:
                result.transkripsiId = transcript.text
                result.transkripsiEn = translation?.fieldText
            }
        }
        let error = session.itemError(item).map { ResultsDocument.ItemFailure(stage: $0.stage, message: $0.message) }
        return .init(id: item.positionID, question: item.question, result: result, error: error)
    }
}
