import Foundation
import MediaKit

/// Still pictures of a video at chosen times, as JPEG files: the evidence a reviewer opens next
/// to a finding.
public enum EvidenceSnapshot {
    /// One picture to take.
    public struct Request: Sendable, Equatable {
        /// Seconds from the start of the video.
        public var time: Double
        /// Where to write the JPEG (the directory must exist; a file there is replaced).
        public var destination: URL

        public init(time: Double, destination: URL) {
            self.time = time
            self.destination = destination
        }
    }

    /// JPEG quality: 85 keeps a face recognisable at a fifth of the size of 95.
    public static let defaultQuality = 85

    /// Decodes `url` once and writes, for each request, the decoded frame nearest its time (the
    /// last frame for times past the end), at the video's displayed size or scaled to `width`.
    /// Returns the time of the frame written for each request, in request order. Reading stops
    /// after the latest time requested. Blocking: run it off the cooperative thread pool.
    /// - Throws: `MediaError` when the video cannot be decoded, `FaceKitError.imageNotWritten`.
    public static func write(_ requests: [Request], fromVideoAt url: URL, width: Int? = nil, quality: Int = defaultQuality) throws -> [Double] {
        guard !requests.isEmpty else { return [] }
        let reader = VideoFrameReader(options: .init(framesPerSecond: nil, width: width, pixelFormat: .rgb24))
        let order = requests.indices.sorted { requests[$0].time < requests[$1].time }
        var next = 0  // position in `order` of the first request not yet written
        var previous: VideoFrame?
        var written = [Double](repeating: 0, count: requests.count)

        func take(_ frame: VideoFrame, for index: Int) throws {
            try RGBImage(frame).writeJPEG(to: requests[index].destination, quality: quality)
            written[index] = frame.timeSeconds
        }

        do {
            try reader.readFrames(from: url) { frame in
                while next < order.count, frame.timeSeconds >= requests[order[next]].time {
                    let wanted = requests[order[next]].time
                    let nearest = previous.map { wanted - $0.timeSeconds < frame.timeSeconds - wanted ? $0 : frame } ?? frame
                    try take(nearest, for: order[next])
                    next += 1
                }
                if next == order.count { throw Finished() }
                previous = frame
            }
        } catch is Finished {}
        if let previous {
            while next < order.count {
                try take(previous, for: order[next])
                next += 1
            }
        }
        return written
    }

    /// Stops the reader once every picture is written.
    private struct Finished: Error {}
}
