import CFFmpeg

/// How far into the timeline the demuxed packets reach: the largest `pts + duration` seen, in
/// seconds from the timeline origin. Used to compute durations the header lacks and to notice a
/// file that ends before the duration it declares.
struct PacketExtent {
    /// 0 until a packet with a timestamp is recorded.
    private(set) var endSeconds: Double = 0

    mutating func record(_ packet: AVPacket, in input: InputFile) {
        let timestamp = packet.pts != FFmpegStatus.noTimestamp ? packet.pts : packet.dts
        guard timestamp != FFmpegStatus.noTimestamp,
            let stream = input.context.pointee.streams[Int(packet.stream_index)]
        else { return }
        let end = input.seconds(timestamp + max(packet.duration, 0), in: stream)
        endSeconds = max(endSeconds, end)
    }
}
