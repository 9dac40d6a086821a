import CFFmpeg
import Foundation

/// Decodes the first video stream of a file into upright 8-bit pictures of a chosen size, at a
/// chosen frame rate: the input of face analysis.
public struct VideoFrameReader: Sendable {
    /// What to produce.
    public struct Options: Sendable, Equatable {
        /// Output frame rate in frames per second (frames are dropped or repeated, see
        /// `VideoFrame.timeSeconds`; no slot lies past the file's duration); nil delivers every
        /// decoded frame at its own time.
        public var framesPerSecond: Double?
        /// Output width in pixels of the upright picture; the height follows the display aspect
        /// ratio (sample aspect ratio and rotation applied). Nil keeps the displayed width.
        public var width: Int?
        public var pixelFormat: PixelFormat
        /// Decoder threads: 0 lets FFmpeg choose (one per core), 1 decodes on the calling thread.
        /// Two threads gave 1.6x on an idle 2-core machine and nothing when the other core is busy.
        public var threadCount: Int

        public init(framesPerSecond: Double? = nil, width: Int? = nil, pixelFormat: PixelFormat = .gray8, threadCount: Int = 0) {
            precondition(framesPerSecond.map { $0 > 0 } ?? true, "framesPerSecond must be positive")
            precondition(width.map { $0 > 0 } ?? true, "width must be positive")
            precondition(threadCount >= 0, "threadCount must not be negative")
            self.framesPerSecond = framesPerSecond
            self.width = width
            self.pixelFormat = pixelFormat
            self.threadCount = threadCount
        }
    }

    public var options: Options

    public init(options: Options) {
        self.options = options
    }

    /// Decodes `url` from the start and calls `body` with each output frame, in time order.
    ///
    /// Frames are converted only when delivered, so a lower output rate also saves conversion
    /// time. Blocking and CPU-bound: run it off the cooperative thread pool. Thread-safe: calls
    /// share no state.
    /// - Throws: `MediaError` (`.fileNotFound`, `.unreadable`, `.empty`, `.notAVideo`,
    ///   `.truncatedHeader`, `.truncated` after delivering what could be decoded,
    ///   `.decodingFailed`), or whatever `body` throws, which stops reading.
    public func readFrames(from url: URL, _ body: (VideoFrame) throws -> Void) throws {
        let input = try InputFile.open(url)
        let stream = try input.requireVideoStream()
        let decoder = try Decoder(for: stream, threadCount: options.threadCount)
        let converter = makeConverter(for: stream)
        var sampler = options.framesPerSecond.map(FrameRateSampler.init)
        let held = try Frame()
        var heldSeconds: Double?
        var callerError: (any Error)?

        /// Converts `frame` once and delivers it for every slot it fills (or once, at its own time).
        func deliver(_ frame: UnsafeMutablePointer<AVFrame>, at seconds: Double, slots: Range<Int>?) throws(MediaError) -> Bool {
            if slots?.isEmpty == true { return true }
            let pixels = try converter.convert(frame)
            let times = slots.map { $0.map { sampler!.time(ofSlot: $0) } } ?? [seconds]
            for time in times {
                do {
                    try body(VideoFrame(
                        timeSeconds: time, sourceTimeSeconds: seconds, width: converter.width, height: converter.height,
                        pixelFormat: options.pixelFormat, pixels: pixels))
                } catch {
                    callerError = error
                    return false
                }
            }
            return true
        }

        let frameSeconds = InputFile.framesPerSecond(stream).map { 1 / $0 } ?? 0
        // No slot past the timeline's end: a corrupt timestamp far ahead must not make one
        // frame fill millions of slots.
        let timelineEndSeconds = try input.durationSeconds()
        var lastEndSeconds = 0.0
        let outcome = try DecodeLoop.run(input, decoder: decoder) { frame throws(MediaError) in
            let timestamp = frame.pointee.best_effort_timestamp
            let seconds = timestamp == FFmpegStatus.noTimestamp ? lastEndSeconds : input.seconds(timestamp, in: stream)
            let duration = frame.pointee.pkt_duration > 0 ? InputFile.length(frame.pointee.pkt_duration, in: stream) : frameSeconds
            lastEndSeconds = seconds + duration
            guard sampler != nil else { return try deliver(frame, at: seconds, slots: nil) }
            // The held frame (or, at the start, this one) fills the slots before this frame.
            let slots = sampler!.slots(before: min(seconds, timelineEndSeconds))
            let keepGoing = try heldSeconds == nil
                ? deliver(frame, at: seconds, slots: slots) : deliver(held.pointer, at: heldSeconds!, slots: slots)
            av_frame_unref(held.pointer)
            guard av_frame_ref(held.pointer, frame) >= 0 else { throw .decodingFailed(detail: "av_frame_ref: out of memory") }
            heldSeconds = seconds
            return keepGoing
        }
        if let callerError { throw callerError }
        if let heldSeconds {
            // The last frame fills the slots until it ends.
            _ = try deliver(held.pointer, at: heldSeconds, slots: sampler!.slots(before: min(lastEndSeconds, timelineEndSeconds)))
            if let callerError { throw callerError }
        }
        if !outcome.stoppedEarly {
            try TruncationCheck.verify(declaredSeconds: input.declaredDurationSeconds, reachedSeconds: outcome.demuxedEndSeconds)
        }
    }

    /// Output size and orientation from the stream's display aspect ratio and rotation.
    private func makeConverter(for stream: UnsafeMutablePointer<AVStream>) -> FrameConverter {
        let parameters = stream.pointee.codecpar.pointee
        let aspect = parameters.sample_aspect_ratio
        let pixelAspect = aspect.num > 0 && aspect.den > 0 ? av_q2d(aspect) : 1
        var displayWidth = Double(parameters.width) * pixelAspect
        var displayHeight = Double(parameters.height)
        let quarterTurns = Self.clockwiseQuarterTurns(stream)
        if quarterTurns % 2 == 1 { swap(&displayWidth, &displayHeight) }
        let width = options.width ?? Int(displayWidth.rounded())
        let height = max(1, Int((Double(width) * displayHeight / displayWidth).rounded()))
        return FrameConverter(width: width, height: height, pixelFormat: options.pixelFormat, quarterTurns: quarterTurns)
    }

    /// Quarter turns clockwise that make the picture upright, from the stream's display matrix
    /// (phones store portrait video as landscape plus a 90-degree rotation).
    private static func clockwiseQuarterTurns(_ stream: UnsafeMutablePointer<AVStream>) -> Int {
        guard let matrix = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, nil) else { return 0 }
        let counterclockwiseDegrees = av_display_rotation_get(UnsafeRawPointer(matrix).assumingMemoryBound(to: Int32.self))
        guard counterclockwiseDegrees.isFinite else { return 0 }
        let quarterTurns = Int((-counterclockwiseDegrees / 90).rounded())
        return (quarterTurns % 4 + 4) % 4
    }
}
