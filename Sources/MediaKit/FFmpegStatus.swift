import CFFmpeg

/// FFmpeg's integer return codes, named. FFmpeg reports errors as negative `Int32`s.
enum FFmpegStatus {
    static let again = cff_averror(EAGAIN)
    static let endOfFile = cff_averror_eof()
    static let noTimestamp = cff_nopts_value()

    /// FFmpeg's text for an error code, e.g. "Invalid data found when processing input".
    static func message(_ code: Int32) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        _ = av_strerror(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
