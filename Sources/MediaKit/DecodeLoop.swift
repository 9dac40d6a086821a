import CFFmpeg

/// The demux-and-decode loop shared by the audio extractor and the video frame reader.
enum DecodeLoop {
    /// What the loop saw of the file besides the frames it delivered.
    struct Outcome {
        /// How far the packets of all streams reached, in seconds on the file's timeline.
        var demuxedEndSeconds: Double
        /// `onFrame` asked to stop before the end of the file.
        var stoppedEarly: Bool
    }

    /// Reads every packet of `input` until the end or the first read error, decodes those of
    /// `decoder`'s stream, and calls `onFrame` with each decoded frame in presentation order.
    /// The frame is only valid during the call. `onFrame` returns false to stop early (the
    /// outcome then covers only what was read); errors it throws stop the loop too.
    static func run(
        _ input: InputFile, decoder: Decoder,
        onFrame: (UnsafeMutablePointer<AVFrame>) throws(MediaError) -> Bool
    ) throws(MediaError) -> Outcome {
        let packet = try Packet()
        let frame = try Frame()
        var extent = PacketExtent()
        var stopped = false

        func decode(_ packet: UnsafeMutablePointer<AVPacket>?) throws(MediaError) {
            var sent = avcodec_send_packet(decoder.context, packet)
            if sent == FFmpegStatus.again {
                // The decoder holds frames it wants delivered before it takes more input.
                try drain()
                sent = avcodec_send_packet(decoder.context, packet)
            }
            // A packet the decoder rejects as invalid is skipped, as the ffmpeg CLI does; a file
            // broken beyond that shows as truncation (see TruncationCheck).
            if sent < 0 && sent != FFmpegStatus.endOfFile { return }
            try drain()
        }
        func drain() throws(MediaError) {
            while true {
                let received = avcodec_receive_frame(decoder.context, frame.pointer)
                if received < 0 { return }  // EAGAIN: needs input; EOF: flushed; else: a bad frame
                defer { av_frame_unref(frame.pointer) }
                if try !onFrame(frame.pointer) {
                    stopped = true
                    return
                }
            }
        }

        while !stopped, av_read_frame(input.context, packet.pointer) >= 0 {
            defer { av_packet_unref(packet.pointer) }
            extent.record(packet.pointer.pointee, in: input)
            if packet.pointer.pointee.stream_index == decoder.streamIndex {
                try decode(packet.pointer)
            }
        }
        if !stopped { try decode(nil) }
        return Outcome(demuxedEndSeconds: extent.endSeconds, stoppedEarly: stopped)
    }
}
