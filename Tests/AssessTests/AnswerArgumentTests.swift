@testable import Assess
import Testing

/// How `FILE:QUESTION` and `URL:QUESTION` arguments are split.
@Suite struct AnswerArgumentTests {
    @Test func splitsWhereTheLocationEnds() throws {
        #expect(try AnswerArgument(parsing: "v1.mp4:Tell me about yourself") == .init(source: .file("v1.mp4"), question: "Tell me about yourself"))
        #expect(try AnswerArgument(parsing: "v1.mp4:Describe a project: what went wrong?")
                == .init(source: .file("v1.mp4"), question: "Describe a project: what went wrong?"))
        #expect(try AnswerArgument(parsing: "https://drive.google.com/open?id=ABC:Goals: five years?")
                == .init(source: .link("https://drive.google.com/open?id=ABC"), question: "Goals: five years?"))
        #expect(try AnswerArgument(parsing: "https://drive.google.com/file/d/ID/view:Python?")
            == .init(source: .link("https://drive.google.com/file/d/ID/view"), question: "Python?"))
        #expect(try AnswerArgument(parsing: "https://videos.example.org:8443/a.mp4:Q")
            == .init(source: .link("https://videos.example.org:8443/a.mp4"), question: "Q"))
    }

    @Test func refusesArgumentsWithoutAQuestion() {
        for argument in ["v1.mp4", "https://drive.google.com/file/d/ID/view", "v1.mp4:", "v1.mp4:   ", ":Q"] {
            #expect(throws: (any Error).self, Comment(rawValue: argument)) { try AnswerArgument(parsing: argument) }
        }
    }
}
