import ArgumentParser
import Foundation

/// Interview languages the API accepts.
enum InterviewLanguage: String, ExpressibleByArgument, CaseIterable, Sendable { case en, id }

/// What `assess submit` sends: the checked answers of one candidate, all files or all links.
struct Submission: Sendable {
    /// The API's limit (the reference: 1–5 videos per session).
    static let answerRange = 1...5

    enum Answers: Sendable {
        case files([(path: String, question: String)])
        case links([(url: String, question: String)])
    }

    var candidateName: String
    var language: InterviewLanguage
    var answers: Answers

    /// Checks everything the server would refuse that can be known here: count, readable files,
    /// no mixing of files and links (they go to different endpoints).
    init(candidateName: String, language: InterviewLanguage, answers: [AnswerArgument]) throws {
        let name = candidateName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw ValidationError("--name must not be blank.") }
        guard Self.answerRange.contains(answers.count) else {
            throw ValidationError("Give \(Self.answerRange.lowerBound) to \(Self.answerRange.upperBound) answers (FILE:QUESTION or URL:QUESTION), not \(answers.count).")
        }
        var files: [(path: String, question: String)] = []
        var links: [(url: String, question: String)] = []
        for answer in answers {
            switch answer.source {
            case let .file(path):
                try Self.checkReadableFile(path)
                files.append((path, answer.question))
            case let .link(url):
                links.append((url, answer.question))
            }
        }
        guard files.isEmpty || links.isEmpty else {
            throw ValidationError("Files and links cannot be mixed in one submission: the server takes uploads and links on different endpoints. Submit them separately.")
        }
        self.candidateName = name
        self.language = language
        self.answers = files.isEmpty ? .links(links) : .files(files)
    }

    static func checkReadableFile(_ path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ValidationError("No such file: \(path)")
        }
        guard !isDirectory.boolValue else { throw ValidationError("\(path) is a directory, not a video file.") }
        guard FileManager.default.isReadableFile(atPath: path) else { throw ValidationError("Cannot read \(path): permission denied.") }
    }
}
