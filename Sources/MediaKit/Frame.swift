import CFFmpeg

/// Owns one `AVFrame`, reused for every decoded frame of a decode loop.
final class Frame {
    let pointer: UnsafeMutablePointer<AVFrame>

    init() throws(MediaError) {
        guard let pointer = av_frame_alloc() else { throw .decodingFailed(detail: "av_frame_alloc: out of memory") }
        self.pointer = pointer
    }

    deinit {
        var owned: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&owned)
    }
}
