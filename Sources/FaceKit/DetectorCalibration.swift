/// How FaceKit drives dlib's frontal face detector: sizes and score thresholds, each measured
/// on the detector itself (astronaut.png and messi5.jpg at many scales; the face tests and the
/// bench re-check them on video).
enum DetectorCalibration {
    /// The whole-frame search resamples the frame so that the smallest face it must find is
    /// this wide: the detector's 80-pixel window plus an eighth (measured: the smallest face it
    /// still finds is about 57 pixels, reported as a 73-pixel box, and scores fall fast below
    /// 80), so a face right at the minimum is not at the edge of what the detector sees. Larger
    /// faces are found on the detector's own pyramid.
    static let smallestFaceResampledWidth = 90.0
    /// Around a known face the region is resampled so the face is this wide: found even if it
    /// shrank by a pyramid step (5/6) since, and the search costs about a millisecond.
    static let knownFaceResampledWidth = 110.0
    /// A known face is looked for in its box grown by this fraction of its size on each side: a
    /// face moves less than half its width between two detections (0.2 s at the defaults).
    static let knownFaceMargin = 0.5

    /// A detection's score varies by about ±0.5 with how its size falls between pyramid levels
    /// (messi5.jpg's face: -0.15 at 1.75x, 2.02 at 2x). Whole-frame detections down to this
    /// score are candidates...
    static let candidateThreshold = -0.2
    /// ...and are accepted as a new face when they reach this score, at the search's scale or
    /// at one of two re-checks that place the face differently on the pyramid. The worst false
    /// positive seen (astronaut.png's round mission patch) peaks at 0.38 over all scales; real
    /// faces of 50 pixels and up reached 1 or more at one of the scales.
    static let acceptThreshold = 0.5
    /// Re-check sizes for a candidate: the known-face width and half a pyramid step (sqrt(6/5))
    /// above it, so the two scans see the face at interleaved sizes.
    static let recheckWidths = [knownFaceResampledWidth, knownFaceResampledWidth * 1.095]
    /// A face already tracked, or seen in the previous whole-frame search, is kept at this
    /// lower score (hysteresis: a face that scored 0.6 does not flicker out at 0.4).
    static let knownFaceThreshold = -0.3
    /// Where a face was lost, a face is taken up again from dlib's own default threshold: no
    /// re-check is needed for a face coming back to its place, but the place may now show a hand
    /// or an object, so not the known-face hysteresis either.
    static let reappearingFaceThreshold = 0.0
    /// Two boxes are the same face when their intersection over union is at least this (a
    /// face's boxes from one frame to the next overlap 0.6 or more; neighbours' far less)...
    static let sameFaceOverlap = 0.3

    /// ...or when each holds the other's centre (a box carried from landmarks can differ in size
    /// from the detector's while marking the same face).
    static func sameFace(_ a: PixelRect, _ b: PixelRect) -> Bool {
        a.intersectionOverUnion(b) >= sameFaceOverlap || (a.contains(b.center) && b.contains(a.center))
    }
}
