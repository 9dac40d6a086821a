import AnswerScoring
import ArgumentParser
import Artifacts
import Foundation
import Logging
import ServiceClients
import StageProtocol

/// The LLM stage: scores each answer (`assessment/<n>.json`, the reference's `penilaian`) and
/// writes the overall conclusion (`assessment/summary.json`, the reference's `llm_results`),
/// with a chat model when `LLM_BASE_URL` is set, with the rubric scorer otherwise.
@main
struct StageLLMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "StageLLM",
        abstract: "Score answers with an OpenAI-compatible chat model (logprob-weighted), or the rubric scorer without one.")

    @OptionGroup var options: StageOptions

    func run() async throws {
        let configuration: LLMConfiguration
        do { configuration = try LLMConfiguration.fromEnvironment() } catch { throw ValidationError(error.description) }
        try await StageMain.run(.llm, options: options) { _ in
            let logger = Logger(label: "stage.llm")
            if let endpoint = configuration.endpoint {
                logger.info("scoring with \(endpoint.model) at \(endpoint.completionsURL.absoluteString), JSON mode \(configuration.options.jsonMode.rawValue)")
            } else {
                logger.notice("no LLM_BASE_URL: answers are scored by \(RubricScorer.modelName)")
            }
            return LLMWorker(configuration: configuration)
        }
    }
}

struct LLMWorker: StageWorker {
    let configuration: LLMConfiguration

    func process(_ session: SessionContext) async throws {
        let items = session.request.items
        let language = TextLanguage(rawValue: session.request.language.rawValue) ?? .en
        let reportLanguage = configuration.options.reportLanguage
        let assessor = configuration.endpoint.map { endpoint in
            LLMAssessor(client: ChatClient(endpoint: endpoint) { failure, wait in
                session.logger.warning("LLM request failed (\(failure)); retrying in \(String(format: "%.1f", wait)) s")
            }, options: configuration.options)
        }
        let model = assessor?.modelName ?? RubricScorer.modelName
        var lines: [ScorePrompt.SummaryLine] = []
        for (position, item) in items.enumerated() {
            session.reportProgress(current: position + 1, total: items.count)
            guard session.itemError(item) == nil else { continue }
            guard let transcript = try? session.readJSON(TranscriptArtifact.self, from: "transcripts/\(item.index).json") else {
                try session.recordItemError(item, message: "Video \(item.index): no transcript to assess")
                continue
            }
            let path = "assessment/\(item.index).json"
            // A session put off by a service failure comes back: keep what that model already scored.
            if let earlier = try? session.readJSON(AnswerAssessment.self, from: path), earlier.llmModel == model,
               earlier.reportLanguage == reportLanguage {
                lines.append(.init(number: item.positionID, question: item.question, assessment: earlier))
                continue
            }
            let assessment: AnswerAssessment
            if let assessor {
                do {
                    assessment = try await assessor.assess(question: item.question, transcript: transcript.text,
                                                           language: language, durationSeconds: transcript.durationSeconds)
                } catch where error.isServiceProblem {
                    throw SessionDeferral(error.statusMessage(service: "LLM"), detail: "\(error)",
                                          retryAfterSeconds: error.retryAfterSeconds)
                } catch {
                    // The endpoint refuses this answer (too long for its context, say): the rubric
                    // scores it, and says why; the other answers still go to the model.
                    let input = RubricInput(question: item.question, transcript: transcript.text, language: language,
                                            durationSeconds: transcript.durationSeconds)
                    assessment = AnswerAssessment(rubric: RubricScorer().score(input, reportLanguage: reportLanguage),
                                                  reportLanguage: reportLanguage,
                                                  note: "\(assessor.modelName) refused this answer (\(error)); the rubric scorer scored it.")
                }
            } else {
                let input = RubricInput(question: item.question, transcript: transcript.text, language: language,
                                        durationSeconds: transcript.durationSeconds)
                assessment = AnswerAssessment(rubric: RubricScorer().score(input, reportLanguage: reportLanguage),
                                              reportLanguage: reportLanguage)
            }
            try session.writeJSON(assessment, to: path)
            session.logger.info("item \(item.index): total \(String(format: "%.1f", assessment.totalScore)) by \(assessment.scorer.rawValue)")
            lines.append(.init(number: item.positionID, question: item.question, assessment: assessment))
        }
        let summary: AssessmentSummary
        if let assessor {
            do { summary = try await assessor.summarize(lines) } catch where error.isServiceProblem {
                throw SessionDeferral(error.statusMessage(service: "LLM"), detail: "\(error)", retryAfterSeconds: error.retryAfterSeconds)
            } catch {
                var fallback = RubricSummary.multiple(lines, reportLanguage: reportLanguage)
                fallback.note = "\(assessor.modelName) could not write the summary (\(error)); it is assembled from the per-answer analyses."
                summary = fallback
            }
        } else {
            summary = RubricSummary.multiple(lines, reportLanguage: reportLanguage)
        }
        var written = summary
        written.llmEndpoint = configuration.endpoint?.baseURL.host
        try session.writeJSON(written, to: "assessment/summary.json")
    }
}
