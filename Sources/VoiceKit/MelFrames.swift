/// A sequence of mel frames, row-major `[frameCount × bandCount]` float32 (linear power).
public struct MelFrames: Sendable, Equatable {
    public let frameCount: Int
    public let bandCount: Int
    public let values: [Float]

    public init(frameCount: Int, bandCount: Int, values: [Float]) {
        precondition(values.count == frameCount * bandCount, "mel frames \(frameCount)x\(bandCount) with \(values.count) values")
        self.frameCount = frameCount
        self.bandCount = bandCount
        self.values = values
    }

    /// The bands of one frame.
    public subscript(frame: Int) -> ArraySlice<Float> {
        values[(frame * bandCount)..<((frame + 1) * bandCount)]
    }
}
