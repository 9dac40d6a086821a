import CFFmpeg

/// Converts decoded audio frames of any sample format, rate and channel layout to mono Float32
/// at `outputRate`: owns a `SwrContext`, rebuilt whenever the input format changes mid-stream.
/// Down-mixing follows libswresample's default matrix (the same as `ffmpeg -ac 1`).
/// Not thread-safe: use it inside the function that created it.
final class AudioResampler {
    let outputRate: Int
    private var context: OpaquePointer?
    private var inputFormat: (sampleFormat: Int32, sampleRate: Int32, layout: AVChannelLayout)?

    init(outputRate: Int) {
        self.outputRate = outputRate
    }

    deinit {
        swr_free(&context)
        if var layout = inputFormat?.layout { av_channel_layout_uninit(&layout) }
    }

    /// Converts one frame; the samples returned continue those of the previous call.
    /// Input buffered from a previous format is flushed into the result before a format change.
    func convert(_ frame: UnsafeMutablePointer<AVFrame>) throws(MediaError) -> [Float] {
        var output: [Float] = []
        if !matches(frame) {
            output = flush()
            try configure(for: frame)
        }
        let extendedData = UnsafeMutableRawPointer(frame.pointee.extended_data)
            .assumingMemoryBound(to: UnsafePointer<UInt8>?.self)
        try run(input: extendedData, count: frame.pointee.nb_samples, appendingTo: &output)
        return output
    }

    /// Drains what the resampler still holds (call once after the last frame).
    func flush() -> [Float] {
        var output: [Float] = []
        if context != nil { try? run(input: nil, count: 0, appendingTo: &output) }
        return output
    }

    private func run(input: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, count: Int32, appendingTo output: inout [Float]) throws(MediaError) {
        while true {
            let capacity = Int(swr_get_out_samples(context, count)) + 32
            let start = output.count
            output.append(contentsOf: repeatElement(0, count: capacity))
            let produced = output.withUnsafeMutableBufferPointer { buffer in
                var plane: UnsafeMutablePointer<UInt8>? = UnsafeMutableRawPointer(buffer.baseAddress! + start)
                    .assumingMemoryBound(to: UInt8.self)
                return swr_convert(context, &plane, Int32(capacity), input, count)
            }
            guard produced >= 0 else {
                output.removeLast(capacity)
                throw .decodingFailed(detail: "resampling audio: \(FFmpegStatus.message(produced))")
            }
            output.removeLast(capacity - Int(produced))
            // When converting, one call consumes all input; when flushing, repeat until empty.
            if input != nil || produced == 0 { return }
        }
    }

    private func matches(_ frame: UnsafeMutablePointer<AVFrame>) -> Bool {
        guard var current = inputFormat else { return false }
        return current.sampleFormat == frame.pointee.format && current.sampleRate == frame.pointee.sample_rate
            && av_channel_layout_compare(&current.layout, &frame.pointee.ch_layout) == 0
    }

    private func configure(for frame: UnsafeMutablePointer<AVFrame>) throws(MediaError) {
        swr_free(&context)
        if var old = inputFormat?.layout { av_channel_layout_uninit(&old) }
        inputFormat = nil

        var inputLayout = AVChannelLayout()
        av_channel_layout_copy(&inputLayout, &frame.pointee.ch_layout)
        var resamplerLayout = AVChannelLayout()
        if inputLayout.order == AV_CHANNEL_ORDER_UNSPEC {
            // Some PCM streams only give a channel count; assume the usual order for it.
            av_channel_layout_default(&resamplerLayout, inputLayout.nb_channels)
        } else {
            av_channel_layout_copy(&resamplerLayout, &inputLayout)
        }
        defer { av_channel_layout_uninit(&resamplerLayout) }
        var monoLayout = AVChannelLayout()
        av_channel_layout_default(&monoLayout, 1)

        let inputSampleFormat = AVSampleFormat(rawValue: frame.pointee.format)
        var status = swr_alloc_set_opts2(
            &context, &monoLayout, AV_SAMPLE_FMT_FLT, Int32(outputRate),
            &resamplerLayout, inputSampleFormat, frame.pointee.sample_rate, 0, nil)
        if status >= 0 { status = swr_init(context) }
        guard status >= 0 else {
            av_channel_layout_uninit(&inputLayout)
            throw .decodingFailed(detail: "setting up the audio resampler: \(FFmpegStatus.message(status))")
        }
        inputFormat = (frame.pointee.format, frame.pointee.sample_rate, inputLayout)
    }
}
