import Foundation
import StageProtocol
import TestSupport
import Testing

/// The one configuration file: parsed strictly, applied before settings are read, overridden by
/// the environment.
@Suite struct ConfigurationFileTests {
    @Test func linesCommentsQuotesAndErrors() throws {
        let settings = try ConfigurationFile.parse("""
            # a comment

            MAX_VIDEOS=2
            export REPORT_LANGUAGE="en"
              LLM_MODEL = 'gemma-3-270m'
            """)
        #expect(settings.map(\.0) == ["MAX_VIDEOS", "REPORT_LANGUAGE", "LLM_MODEL"])
        #expect(settings.map(\.1) == ["2", "en", "gemma-3-270m"])
        #expect(throws: ConfigurationFile.Invalid.self) { try ConfigurationFile.parse("just words") }
        #expect(throws: ConfigurationFile.Invalid.self) { try ConfigurationFile.parse("lower_case=1") }
    }

    @Test func theFrontDoorReadsItAndTheEnvironmentWins() throws {
        let spool = try TemporarySpool("config-file")
        defer { spool.remove() }
        let file = spool.root.appending(component: "interview.env")
        try Data("# limits\nMAX_VIDEOS=2\nMAX_VIDEO_BYTES=1048576\n".utf8).write(to: file)
        let fromFile = try FrontdoorProcess(spool: spool, environment: ["INTERVIEW_CONFIG": file.path])
        let config = try Curl.request(fromFile.url("/config"))
        fromFile.stop()
        #expect(config.json["max_videos"] as? Int == 2)
        #expect(config.json["max_video_bytes"] as? Int == 1_048_576)
        let overridden = try FrontdoorProcess(spool: spool, environment: ["INTERVIEW_CONFIG": file.path, "MAX_VIDEOS": "4"])
        defer { overridden.stop() }
        let answer = try Curl.request(overridden.url("/config"))
        #expect(answer.json["max_videos"] as? Int == 4, "the environment overrides the file")
        #expect(answer.json["max_video_bytes"] as? Int == 1_048_576)
    }
}
