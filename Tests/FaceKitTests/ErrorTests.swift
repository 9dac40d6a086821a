import FaceKit
import Foundation
import MediaKit
import Testing

@Suite struct ErrorTests {
    @Test func missingModelIsNamed() {
        let configuration = FaceAnalyzerConfiguration(landmarkModelPath: "/nonexistent/model.dat")
        #expect(throws: FaceKitError.landmarkModelNotFound(path: "/nonexistent/model.dat")) {
            try FaceAnalyzer(configuration: configuration)
        }
        #expect(FaceKitError.landmarkModelNotFound(path: "/x.dat").description.contains("/x.dat"))
    }

    @Test func aFileThatIsNoModelIsUnreadable() throws {
        let error = try #require(throws: FaceKitError.self) { try LandmarkModel(path: FaceTestMedia.astronaut.path) }
        guard case .landmarkModelUnreadable(let path, let reason) = error else {
            Issue.record("expected landmarkModelUnreadable, got \(error)")
            return
        }
        #expect(path == FaceTestMedia.astronaut.path && !reason.isEmpty)
    }

    @Test func undecodableVideosPropagateMediaErrors() throws {
        let analyzer = try SharedAnalyzer.get()
        #expect(throws: MediaError.fileNotFound(path: "/nonexistent/answer.mp4")) {
            try analyzer.analyze(videoAt: URL(fileURLWithPath: "/nonexistent/answer.mp4"))
        }
        #expect(throws: MediaError.notAVideo(.stillImage)) {
            try analyzer.analyze(videoAt: FaceTestMedia.astronaut)
        }
    }
}
