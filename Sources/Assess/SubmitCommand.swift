import ArgumentParser
import Foundation

/// `assess submit`: upload a candidate's answers, then follow the session to its results.
struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Upload a candidate's answers, follow the session and print the assessment summary.",
        discussion: """
        Each answer is FILE:QUESTION (a video on disk, uploaded to POST /upload) or URL:QUESTION \
        (a Google Drive link or an https URL, sent to POST /upload_json for the server to fetch); \
        one submission is all files or all links. The question starts after the file name or URL, and may contain ':'.

        Example: assess submit --name "Jane Smith" --language en intro.mp4:"Tell me about yourself"
        """
    )

    @Option(help: "The candidate's name.")
    var name: String

    @Option(help: "The interview's language.")
    var language: InterviewLanguage

    @Argument(help: ArgumentHelp("1 to 5 answers, each FILE:QUESTION or URL:QUESTION, in question order.", valueName: "answer"),
              transform: { try AnswerArgument(parsing: $0) })
    var answers: [AnswerArgument] = []

    @OptionGroup var server: ServerOptions

    @Option(help: ArgumentHelp("Seconds between status polls while following the session.", valueName: "seconds"))
    var pollSeconds: Double = 2

    @Flag(help: "Print the session id once uploaded and exit, without following the session.")
    var noWait = false

    func validate() throws {
        _ = try Submission(candidateName: name, language: language, answers: answers)
        guard pollSeconds > 0 else { throw ValidationError("--poll-seconds must be positive.") }
    }

    func run() async throws {
        let submission = try Submission(candidateName: name, language: language, answers: answers)
        let session = try await send(submission)
        if noWait {
            Terminal.standardOutput(session + "\n")
            return
        }
        Terminal.standardOutput("Session ID: \(session)\n")
        let follower = StatusFollower(client: server.client, session: session, pollInterval: .milliseconds(Int64(pollSeconds * 1000)))
        let final = try await follower.follow()
        if final.state == .error { throw AssessError.sessionFailed(final.error ?? "the pipeline reported an error") }
        Terminal.standardOutput("✅ Processing completed!\n\n")
        try printSummary(of: try await server.client.results(of: session), session: session, server: server)
    }

    /// Uploads the submission; returns the new session's id.
    private func send(_ submission: Submission) async throws -> String {
        let reply: Data
        switch submission.answers {
        case let .files(files):
            var parts: [MultipartBody.Part] = [.field(name: "candidate_name", value: submission.candidateName),
                                               .field(name: "language", value: submission.language.rawValue)]
            for file in files {
                parts += [.file(name: "videos", path: file.path), .field(name: "question", value: file.question)]
            }
            var body = try MultipartBody(parts: parts)
            let progress = UploadProgress(totalBytes: body.totalBytes)
            body.onProgress = { progress.update(sent: $0) }
            defer { progress.finish() }
            reply = try await server.client.upload(body)
        case let .links(links):
            let request = LinkUpload(candidateName: submission.candidateName, language: submission.language.rawValue,
                                     interviews: links.enumerated().map { offset, link in
                                         .init(positionId: offset + 1, question: link.question, isVideoExist: true, recordedVideoUrl: link.url)
                                     })
            reply = try await server.client.uploadLinks(try JSONEncoder().encode(request))
        }
        guard let session = JSONDocument(data: reply)?["session_id"].string, SessionIDArgument.isSessionID(session) else {
            throw AssessError.unexpectedReply("The server accepted the upload but named no session id: \(String(decoding: reply.prefix(300), as: UTF8.self))")
        }
        return session
    }
}

/// The `POST /upload_json` body (the reference's flat form).
struct LinkUpload: Encodable {
    struct Interview: Encodable {
        var positionId: Int
        var question: String
        var isVideoExist: Bool
        var recordedVideoUrl: String
    }

    var candidateName: String
    var language: String
    var interviews: [Interview]

    enum CodingKeys: String, CodingKey {
        case candidateName = "candidate_name"
        case language, interviews
    }
}
