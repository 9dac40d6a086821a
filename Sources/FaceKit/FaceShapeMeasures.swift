/// The measures of `FaceMeasurement` that follow from the landmarks alone: eye openness, mouth,
/// smile and brows. Distances are in inter-ocular units (the distance between the eye centres)
/// and "up" is the face's own up (perpendicular to the eye line), so neither the face's size in
/// the picture nor the head's roll changes them.
public struct FaceShapeMeasures: Sendable, Equatable {
    /// Eye aspect ratio of the image-left and image-right eye (Soukupova & Cech 2016).
    public var eyeAspectRatioLeft: Double
    public var eyeAspectRatioRight: Double
    /// Outer mouth corner to corner.
    public var mouthWidth: Double
    /// Inner-lip opening: mean distance of the three inner upper-lip points to the lower ones.
    public var mouthHeight: Double
    /// Mouth width plus the lift of the mouth corners above the line where the lips meet.
    public var smile: Double
    /// Height of each brow's mean point above its eye's centre, averaged over both sides.
    public var browHeight: Double

    public init(_ face: FaceLandmarks) {
        let unit = max(face.interocularDistance, .leastNormalMagnitude)
        let down = face.axes.down
        /// Position along the face's down axis, in inter-ocular units.
        func depth(_ point: SIMD2<Double>) -> Double { (point * down).sum() / unit }
        func distance(_ a: Int, _ b: Int) -> Double { FaceLandmarks.length(face[a] - face[b]) / unit }

        eyeAspectRatioLeft = Self.eyeAspectRatio(face.leftEye)
        eyeAspectRatioRight = Self.eyeAspectRatio(face.rightEye)
        mouthWidth = distance(FaceLandmarks.Part.leftMouthCorner, FaceLandmarks.Part.rightMouthCorner)
        // Inner lips: 61/67, 62/66, 63/65 face each other.
        mouthHeight = (distance(61, 67) + distance(62, 66) + distance(63, 65)) / 3
        let lipLine = [61, 62, 63, 65, 66, 67].map { depth(face[$0]) }.reduce(0, +) / 6
        let corners = (depth(face[FaceLandmarks.Part.leftMouthCorner]) + depth(face[FaceLandmarks.Part.rightMouthCorner])) / 2
        smile = mouthWidth + (lipLine - corners)
        let leftBrow = depth(FaceLandmarks.mean(face.points[FaceLandmarks.Part.leftBrow]))
        let rightBrow = depth(FaceLandmarks.mean(face.points[FaceLandmarks.Part.rightBrow]))
        browHeight = ((depth(face.leftEyeCentre) - leftBrow) + (depth(face.rightEyeCentre) - rightBrow)) / 2
    }

    /// (|p2 - p6| + |p3 - p5|) / (2 |p1 - p4|) over an eye's six points p1...p6 in markup order
    /// (corner, two upper-lid points, other corner, two lower-lid points): about 0.25-0.35 for
    /// an open eye, toward 0 as the lids close.
    public static func eyeAspectRatio(_ eye: [SIMD2<Double>]) -> Double {
        precondition(eye.count == 6, "an eye has six points")
        let width = FaceLandmarks.length(eye[0] - eye[3])
        guard width > 0 else { return 0 }
        return (FaceLandmarks.length(eye[1] - eye[5]) + FaceLandmarks.length(eye[2] - eye[4])) / (2 * width)
    }
}
