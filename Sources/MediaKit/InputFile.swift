import CFFmpeg
import Foundation

/// An FFmpeg demuxer open on one file: owns its `AVFormatContext` and frees it on deinit.
///
/// The format is recognised from the content alone, never from the file name, so a text file
/// named `.mp4` is "format not recognised" while an MP4 cut before its index is "truncated".
/// Not thread-safe: use it inside the function that opened it.
final class InputFile {
    let url: URL
    let context: UnsafeMutablePointer<AVFormatContext>
    /// File size in bytes.
    let sizeBytes: Int64

    private init(url: URL, context: UnsafeMutablePointer<AVFormatContext>, sizeBytes: Int64) {
        self.url = url
        self.context = context
        self.sizeBytes = sizeBytes
    }

    deinit {
        var owned: UnsafeMutablePointer<AVFormatContext>? = context
        avformat_close_input(&owned)
    }

    /// Opens `url` and reads its stream information.
    ///
    /// Throws `.fileNotFound`, `.unreadable`, `.empty` (zero bytes), `.notAVideo(.formatNotRecognised)`,
    /// `.notAVideo(.referencesOtherFiles)` (playlists) or `.truncatedHeader` (format recognised,
    /// header or index unreadable).
    static func open(_ url: URL) throws(MediaError) -> InputFile {
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .fileNotFound(path: path)
        }
        if isDirectory.boolValue { throw .unreadable(path: path, reason: "it is a directory") }

        let (format, sizeBytes) = try recogniseFormat(path: path)
        var opened: UnsafeMutablePointer<AVFormatContext>?
        guard avformat_open_input(&opened, path, format, nil) >= 0, let context = opened else {
            throw .truncatedHeader(format: String(cString: format.pointee.long_name))
        }
        let input = InputFile(url: url, context: context, sizeBytes: sizeBytes)
        guard avformat_find_stream_info(context, nil) >= 0 else {
            throw .truncatedHeader(format: input.formatLongName)
        }
        return input
    }

    /// Probes the first bytes (up to FFmpeg's default 1 MiB) without the file name, so that only
    /// the content decides. Returns the demuxer and the file size.
    private static func recogniseFormat(path: String) throws(MediaError) -> (UnsafePointer<AVInputFormat>, Int64) {
        var io: UnsafeMutablePointer<AVIOContext>?
        let status = avio_open(&io, path, AVIO_FLAG_READ)
        guard status >= 0, io != nil else { throw .unreadable(path: path, reason: FFmpegStatus.message(status)) }
        defer { avio_closep(&io) }
        let sizeBytes = avio_size(io)
        if sizeBytes == 0 { throw .empty }
        var format: UnsafePointer<AVInputFormat>?
        guard av_probe_input_buffer2(io, &format, "", nil, 0, 0) >= 0, let format else {
            throw .notAVideo(.formatNotRecognised)
        }
        let name = String(cString: format.pointee.name)
        if referencingFormats.contains(name) || format.pointee.flags & AVFMT_NOFILE != 0 {
            throw .notAVideo(.referencesOtherFiles)
        }
        return (format, max(sizeBytes, 0))
    }

    /// Demuxers whose input is a list of other files or network streams: a 75-byte upload in
    /// one of these formats would make FFmpeg read any file on the server, such as another
    /// session's video.
    private static let referencingFormats: Set<String> = ["hls", "concat", "dash", "imf", "sdp", "rtsp", "rtp"]

    /// FFmpeg's short name of the format, e.g. "mov,mp4,m4a,3gp,3g2,mj2".
    var formatName: String { String(cString: context.pointee.iformat.pointee.name) }

    /// FFmpeg's long name of the format, e.g. "QuickTime / MOV".
    var formatLongName: String { String(cString: context.pointee.iformat.pointee.long_name) }

    /// Image demuxers ("png_pipe", "jpeg_pipe", ..., "image2") open a picture as a one-frame video.
    var isImageFormat: Bool { formatName == "image2" || formatName.hasSuffix("_pipe") }

    var streams: [UnsafeMutablePointer<AVStream>] {
        (0..<Int(context.pointee.nb_streams)).compactMap { context.pointee.streams[$0] }
    }

    /// The first video stream that is a real video, not an attached cover picture.
    var firstVideoStream: UnsafeMutablePointer<AVStream>? {
        streams.first {
            $0.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_VIDEO
                && $0.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC == 0
        }
    }

    /// The first video stream, if the file is a video: throws `.notAVideo(.stillImage)` for
    /// images (FFmpeg opens them as one-frame videos) and `.notAVideo(.noVideoStream)` for media
    /// without a video stream other than cover pictures.
    func requireVideoStream() throws(MediaError) -> UnsafeMutablePointer<AVStream> {
        if isImageFormat { throw .notAVideo(.stillImage) }
        guard let stream = firstVideoStream else { throw .notAVideo(.noVideoStream) }
        return stream
    }

    var firstAudioStream: UnsafeMutablePointer<AVStream>? {
        streams.first { $0.pointee.codecpar.pointee.codec_type == AVMEDIA_TYPE_AUDIO }
    }

    /// Time of the earliest stream's start, in seconds: the origin of the file's timeline.
    var startSeconds: Double {
        let start = context.pointee.start_time
        return start == FFmpegStatus.noTimestamp ? 0 : Double(start) / Double(AV_TIME_BASE)
    }

    /// The duration the header declares, in seconds; nil when it has none (streamed WebM) or when
    /// FFmpeg only guessed it from the bit rate.
    var headerDurationSeconds: Double? {
        let duration = context.pointee.duration
        guard duration != FFmpegStatus.noTimestamp, duration > 0,
            context.pointee.duration_estimation_method != AVFMT_DURATION_FROM_BITRATE
        else { return nil }
        return Double(duration) / Double(AV_TIME_BASE)
    }

    /// The longest duration the header promises: its duration, or the video's frame count over its
    /// frame rate when that is longer (an AVI cut short keeps its frame count but FFmpeg shortens
    /// its duration to what it finds). Nil when the header promises nothing.
    var declaredDurationSeconds: Double? {
        var declared = headerDurationSeconds
        if let video = firstVideoStream, video.pointee.nb_frames > 0, let fps = Self.framesPerSecond(video) {
            declared = max(declared ?? 0, Double(video.pointee.nb_frames) / fps)
        }
        return declared
    }

    /// The timeline's length in seconds: the header's duration, or, when it has none, the end of
    /// the last packet found by reading the whole file once. Throws `.empty` when it is zero.
    func durationSeconds() throws(MediaError) -> Double {
        if let headerDurationSeconds { return headerDurationSeconds }  // > 0 by construction
        let scanned = try scannedEndSeconds()
        guard scanned > 0 else { throw .empty }
        return scanned
    }

    /// Reads every packet of a second instance of the file (leaving this one at its start).
    private func scannedEndSeconds() throws(MediaError) -> Double {
        let scan = try InputFile.open(url)
        let packet = try Packet()
        var extent = PacketExtent()
        while av_read_frame(scan.context, packet.pointer) >= 0 {
            extent.record(packet.pointer.pointee, in: scan)
            av_packet_unref(packet.pointer)
        }
        return extent.endSeconds
    }

    /// Average frame rate of a video stream, or FFmpeg's guess when the container has none.
    static func framesPerSecond(_ stream: UnsafeMutablePointer<AVStream>) -> Double? {
        for rate in [stream.pointee.avg_frame_rate, stream.pointee.r_frame_rate] where rate.num > 0 && rate.den > 0 {
            return av_q2d(rate)
        }
        return nil
    }

    /// Seconds on the file's timeline (0 = `startSeconds`) of a timestamp in a stream's time base.
    func seconds(_ timestamp: Int64, in stream: UnsafeMutablePointer<AVStream>) -> Double {
        Self.length(timestamp, in: stream) - startSeconds
    }

    /// Seconds that `ticks` of a stream's time base last.
    static func length(_ ticks: Int64, in stream: UnsafeMutablePointer<AVStream>) -> Double {
        Double(ticks) * av_q2d(stream.pointee.time_base)
    }
}
