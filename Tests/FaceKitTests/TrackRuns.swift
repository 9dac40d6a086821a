import FaceKit

/// Stretches of consecutive analysed frames with a property, as time intervals.
struct Run: CustomStringConvertible {
    /// Time of the first frame with the property.
    var start: Double
    /// Time of the first frame after the run (or the end of the track).
    var end: Double
    var description: String { "[\(start), \(end))" }
}

extension FaceTrack {
    func runs(where property: (FaceFrame) -> Bool) -> [Run] {
        var runs: [Run] = []
        var open: Double?
        for frame in frames {
            if property(frame) {
                if open == nil { open = frame.time }
            } else if let start = open {
                runs.append(Run(start: start, end: frame.time))
                open = nil
            }
        }
        if let start = open { runs.append(Run(start: start, end: frames.last!.time + 1 / framesPerSecond)) }
        return runs
    }
}
