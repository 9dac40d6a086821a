import CFFmpeg
import Foundation

/// Decides whether a file is a playable video and describes it.
public enum MediaProbe {
    /// Opens `url`, recognises its format from the content (not the file name) and describes its
    /// first video and audio streams.
    ///
    /// A file counts as a video only if a demuxer recognises it, it is not an image (FFmpeg opens
    /// PNG/JPEG files as one-frame videos), it has a video stream other than a cover picture, and
    /// its timeline is longer than zero. It reads only the header, except for files whose header
    /// has no duration (browser-recorded WebM), which are read through once to measure it. A cut
    /// whose header survives (MP4 with its index in front, WebM) is only found by decoding: see
    /// `AudioExtractor`. A file without audio is described (`hasAudio == false`), not rejected.
    /// Blocking: run it off the cooperative thread pool. Thread-safe: calls share no state.
    /// - Throws: `MediaError`: `.fileNotFound`, `.unreadable`, `.empty`, `.notAVideo`,
    ///   `.truncatedHeader`.
    public static func probe(_ url: URL) throws(MediaError) -> MediaInfo {
        let input = try InputFile.open(url)
        let videoStream = try input.requireVideoStream()
        let video = videoStream.pointee.codecpar.pointee
        let audio = input.firstAudioStream?.pointee.codecpar.pointee
        return MediaInfo(
            container: input.formatName,
            durationSeconds: try input.durationSeconds(),
            hasVideo: true,
            hasAudio: audio != nil,
            videoCodec: String(cString: avcodec_get_name(video.codec_id)),
            audioCodec: audio.map { String(cString: avcodec_get_name($0.codec_id)) },
            width: Int(video.width),
            height: Int(video.height),
            fps: InputFile.framesPerSecond(videoStream),
            audioSampleRate: audio.map { Int($0.sample_rate) },
            audioChannels: audio.map { Int($0.ch_layout.nb_channels) },
            sizeBytes: input.sizeBytes
        )
    }
}
