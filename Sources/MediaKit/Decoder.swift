import CFFmpeg

/// An FFmpeg decoder for one stream: owns its `AVCodecContext` and frees it on deinit.
/// Not thread-safe: use it inside the function that created it.
final class Decoder {
    let context: UnsafeMutablePointer<AVCodecContext>
    let streamIndex: Int32

    /// Opens the decoder for `stream`.
    /// - Parameter threadCount: decoder threads; 0 lets FFmpeg choose (one per core), 1 decodes
    ///   on the calling thread only. Frame threading adds one frame of latency per thread.
    init(for stream: UnsafeMutablePointer<AVStream>, threadCount: Int) throws(MediaError) {
        let parameters = stream.pointee.codecpar!
        let codecName = String(cString: avcodec_get_name(parameters.pointee.codec_id))
        guard let codec = avcodec_find_decoder(parameters.pointee.codec_id) else {
            throw .decodingFailed(detail: "no decoder for codec \(codecName)")
        }
        guard let context = avcodec_alloc_context3(codec) else {
            throw .decodingFailed(detail: "avcodec_alloc_context3: out of memory")
        }
        self.context = context
        self.streamIndex = stream.pointee.index
        var status = avcodec_parameters_to_context(context, parameters)
        guard status >= 0 else {
            throw .decodingFailed(detail: "\(codecName) parameters: \(FFmpegStatus.message(status))")
        }
        // Frame timestamps come out in the stream's time base only if the decoder knows it.
        context.pointee.pkt_timebase = stream.pointee.time_base
        context.pointee.thread_count = Int32(clamping: threadCount)
        status = avcodec_open2(context, codec, nil)
        guard status >= 0 else {
            throw .decodingFailed(detail: "opening the \(codecName) decoder: \(FFmpegStatus.message(status))")
        }
    }

    deinit {
        var owned: UnsafeMutablePointer<AVCodecContext>? = context
        avcodec_free_context(&owned)
    }
}
