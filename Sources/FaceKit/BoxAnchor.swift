/// Where the detector's box sits relative to a face's landmarks, learnt when the face is
/// detected, so that frames between detections get the box the detector would have given (the
/// landmark model was trained on detector boxes and fits best from them).
struct BoxAnchor: Equatable {
    /// Box centre minus the landmarks' centroid, in units of the landmarks' spread.
    var offset: SIMD2<Double>
    /// Box width and height in units of the landmarks' spread.
    var size: SIMD2<Double>

    init(box: PixelRect, landmarks: FaceLandmarks) {
        let (centroid, spread) = Self.frame(of: landmarks)
        offset = (box.center - centroid) / spread
        size = SIMD2(box.width, box.height) / spread
    }

    /// The box for a face whose landmarks are `landmarks`.
    func box(for landmarks: FaceLandmarks) -> PixelRect {
        let (centroid, spread) = Self.frame(of: landmarks)
        return PixelRect(center: centroid + offset * spread, width: size.x * spread, height: size.y * spread)
    }

    /// Centroid and root-mean-square distance from it: position and scale of the point set.
    private static func frame(of landmarks: FaceLandmarks) -> (SIMD2<Double>, Double) {
        let centroid = FaceLandmarks.mean(landmarks.points)
        let meanSquare = landmarks.points.reduce(0) { $0 + (($1 - centroid) * ($1 - centroid)).sum() } / Double(landmarks.points.count)
        return (centroid, max(meanSquare.squareRoot(), 1e-6))
    }
}
