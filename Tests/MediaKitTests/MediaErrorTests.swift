import MediaKit
import Testing

/// The messages users see: one place states them, this test pins them.
@Suite struct MediaErrorTests {
    @Test(arguments: [
        (MediaError.fileNotFound(path: "/spool/x/videos/1.mp4"), "File not found: /spool/x/videos/1.mp4"),
        (.unreadable(path: "/tmp", reason: "it is a directory"), "File cannot be read: /tmp (it is a directory)"),
        (.empty, "Video is empty (zero length)"),
        (.notAVideo(.formatNotRecognised), "File is not a playable video (format not recognised)"),
        (.notAVideo(.stillImage), "File is not a playable video (it is a still image)"),
        (.notAVideo(.noVideoStream), "File is not a playable video (it has no video stream)"),
        (.notAVideo(.referencesOtherFiles), "File is not a playable video (it is a playlist of other files)"),
        (.noAudioTrack, "Video has no audio track"),
        (.tooLong(durationSeconds: 1234, limitSeconds: 900), "Video is longer than the limit (1234 s > 900 s)"),
        (.tooLong(durationSeconds: 900.01, limitSeconds: 900), "Video is longer than the limit (900.1 s > 900 s)"),
        (.truncatedHeader(format: "QuickTime / MOV"), "Video file is truncated or corrupt (its QuickTime / MOV header or index is missing)"),
        (.truncated(decodedSeconds: 3.14, expectedSeconds: 25.4), "Video file is truncated or corrupt (decoded 3.1 s of 25.4 s)"),
        (.decodingFailed(detail: "no decoder for codec foo"), "Video could not be decoded (no decoder for codec foo)"),
    ])
    func message(_ error: MediaError, _ text: String) {
        #expect(error.description == text)
    }
}
