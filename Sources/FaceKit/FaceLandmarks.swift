/// The 68 points of the iBUG 300-W markup, as dlib's shape predictor gives them, in pixels.
///
/// "Left" and "right" are the image's sides (the image-left eye is the person's right eye).
public struct FaceLandmarks: Sendable, Equatable {
    /// Points in markup order: jaw 0-16 (chin 8), brows 17-21 and 22-26, nose bridge 27-30 (tip
    /// 30), nostrils 31-35, eyes 36-41 and 42-47 (each: outer or inner corner, two upper-lid
    /// points, other corner, two lower-lid points, clockwise), outer lips 48-59 (corners 48 and
    /// 54), inner lips 60-67 (upper middle 62, lower middle 66).
    public var points: [SIMD2<Double>]

    public static let pointCount = 68

    public init(points: [SIMD2<Double>]) {
        precondition(points.count == Self.pointCount, "the 68-point markup needs 68 points")
        self.points = points
    }

    /// Index ranges of the markup's parts.
    public enum Part {
        public static let jaw = 0...16
        public static let chin = 8
        public static let leftBrow = 17...21
        public static let rightBrow = 22...26
        public static let noseTip = 30
        public static let leftEye = 36...41
        public static let rightEye = 42...47
        public static let leftMouthCorner = 48
        public static let rightMouthCorner = 54
        public static let innerLips = 60...67
    }

    public subscript(index: Int) -> SIMD2<Double> { points[index] }

    /// The six points of the image-left / image-right eye, in markup order.
    public var leftEye: [SIMD2<Double>] { Array(points[Part.leftEye]) }
    public var rightEye: [SIMD2<Double>] { Array(points[Part.rightEye]) }

    public var leftEyeCentre: SIMD2<Double> { Self.mean(points[Part.leftEye]) }
    public var rightEyeCentre: SIMD2<Double> { Self.mean(points[Part.rightEye]) }

    /// Distance between the eye centres in pixels: the unit of the face's proportions.
    public var interocularDistance: Double { Self.length(rightEyeCentre - leftEyeCentre) }

    /// The face's own axes: `across` runs from the image-left to the image-right eye centre,
    /// `down` is perpendicular to it toward the chin; both unit vectors. For an upright face
    /// they are the image's x and y; they turn with the head's roll.
    public var axes: (across: SIMD2<Double>, down: SIMD2<Double>) {
        let across = (rightEyeCentre - leftEyeCentre) / max(interocularDistance, .leastNormalMagnitude)
        return (across, SIMD2(-across.y, across.x))
    }

    /// The smallest rectangle holding every point.
    public var boundingBox: PixelRect {
        let xs = points.map(\.x), ys = points.map(\.y)
        let left = xs.min()!, top = ys.min()!
        return PixelRect(x: left, y: top, width: xs.max()! - left, height: ys.max()! - top)
    }

    /// x0, y0, x1, y1, ... rounded to 0.1 pixel, as in `FaceMeasurement.landmarks`.
    public var flattened: [Double] {
        points.flatMap { [($0.x * 10).rounded() / 10, ($0.y * 10).rounded() / 10] }
    }

    static func mean<Points: Collection<SIMD2<Double>>>(_ points: Points) -> SIMD2<Double> {
        points.reduce(SIMD2(0, 0), +) / Double(points.count)
    }

    static func length(_ vector: SIMD2<Double>) -> Double {
        (vector * vector).sum().squareRoot()
    }
}
