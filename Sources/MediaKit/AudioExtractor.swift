import CFFmpeg
import Foundation

/// Extracts the speech track of a video for transcription.
public enum AudioExtractor {
    /// The sample rate Whisper and the speaker encoder expect.
    public static let sampleRate = 16000

    /// Decodes the first audio stream and resamples to 16 kHz mono Float32, placing samples by
    /// timestamp (so it aligns with the video timeline and with `ffmpeg -ar 16000 -ac 1`).
    ///
    /// Sample `i` plays at `i / 16000` s on the file's timeline. For a stream without gaps the
    /// samples are exactly those of `ffmpeg -i X -vn -ac 1 -ar 16000 -f f32le -`; audio that
    /// starts late or has holes in its timestamps gets silence there, as with
    /// `-af aresample=async=1:first_pts=0` (see `SampleTimeline`). Down-mixing is FFmpeg's.
    ///
    /// Any file with an audio stream is accepted (also audio-only files such as WAV); call
    /// `MediaProbe.probe` first to reject what is not a video. Blocking and CPU-bound (measured
    /// 600 to 1700 times real time): run it off the cooperative thread pool. Thread-safe: calls
    /// share no state.
    /// - Parameter maxDurationSeconds: reject files longer than this (checked before decoding);
    ///   nil for no limit.
    /// - Throws: `MediaError`: `.fileNotFound`, `.unreadable`, `.empty`, `.notAVideo`
    ///   (`.formatNotRecognised` or `.referencesOtherFiles`), `.truncatedHeader`, `.noAudioTrack`,
    ///   `.tooLong`, `.truncated`, `.decodingFailed`.
    public static func extractMono16k(from url: URL, maxDurationSeconds: Double?) throws(MediaError) -> AudioTrack {
        let input = try InputFile.open(url)
        guard let stream = input.firstAudioStream else { throw .noAudioTrack }
        let durationSeconds = try input.durationSeconds()
        if let limit = maxDurationSeconds, durationSeconds > limit {
            throw .tooLong(durationSeconds: durationSeconds, limitSeconds: limit)
        }
        let decoder = try Decoder(for: stream, threadCount: 1)
        let resampler = AudioResampler(outputRate: sampleRate)
        var timeline = SampleTimeline(sampleRate: sampleRate, paddingLimitSeconds: durationSeconds + SampleTimeline.toleranceSeconds)

        let outcome = try DecodeLoop.run(input, decoder: decoder) { frame throws(MediaError) in
            // The resampler's few samples of delay (about 1 ms) are far inside the timeline's tolerance.
            let timestamp = frame.pointee.best_effort_timestamp
            let start = timestamp == FFmpegStatus.noTimestamp ? nil : input.seconds(timestamp, in: stream)
            timeline.append(try resampler.convert(frame), startingAt: start)
            return true
        }
        timeline.append(resampler.flush(), startingAt: nil)
        try TruncationCheck.verify(declaredSeconds: input.declaredDurationSeconds, reachedSeconds: outcome.demuxedEndSeconds)
        return AudioTrack(samples: timeline.samples, sampleRate: sampleRate)
    }
}
