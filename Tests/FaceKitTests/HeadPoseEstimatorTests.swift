import FaceKit
import Foundation
import Testing

/// The perspective-n-point fit on exact projections of the generic face, posed by hand with the
/// sign conventions written out independently of the estimator's own decomposition.
@Suite struct HeadPoseEstimatorTests {
    static let width = 640, height = 480

    /// The generic model posed by hand: rolled (its right axis turning down the image), then
    /// pitched (its front going up), then yawed (its front going right), which is the
    /// yaw-pitch-roll decomposition the estimator reports; then turned to face along the line of
    /// sight to `pixel`, placed `distance` mm away on it, and projected with focal length =
    /// width. The 68-point slots the model does not use sit at `pixel` (unread).
    static func landmarks(yaw: Double, pitch: Double, roll: Double, distance: Double = 600,
                          pixel: SIMD2<Double> = SIMD2(320, 240)) -> FaceLandmarks {
        let (y, p, r) = (yaw * .pi / 180, pitch * .pi / 180, roll * .pi / 180)
        let focal = Double(width)
        let ray = normalize(SIMD3((pixel.x - 320) / focal, (pixel.y - 240) / focal, 1))
        // The line of sight as a turn about the vertical after a tilt, applied after the pose.
        let rayYaw = atan2(ray.x, ray.z), rayPitch = asin(ray.y)
        var points = [SIMD2<Double>](repeating: pixel, count: 68)
        for point in GenericFaceModel.adult.points {
            var q = point.position
            q = SIMD3(q.x * cos(r) - q.y * sin(r), q.x * sin(r) + q.y * cos(r), q.z)  // roll: right axis turns down
            q = SIMD3(q.x, q.y * cos(p) + q.z * sin(p), -q.y * sin(p) + q.z * cos(p))  // pitch: front (z < 0) goes up
            q = SIMD3(q.x * cos(y) - q.z * sin(y), q.y, q.x * sin(y) + q.z * cos(y))  // yaw: front goes right
            q = SIMD3(q.x, q.y * cos(rayPitch) + q.z * sin(rayPitch), -q.y * sin(rayPitch) + q.z * cos(rayPitch))
            q = SIMD3(q.x * cos(rayYaw) + q.z * sin(rayYaw), q.y, -q.x * sin(rayYaw) + q.z * cos(rayYaw))
            let camera = q + ray * distance
            points[point.landmark] = SIMD2(320 + focal * camera.x / camera.z, 240 + focal * camera.y / camera.z)
        }
        return FaceLandmarks(points: points)
    }

    static func normalize(_ v: SIMD3<Double>) -> SIMD3<Double> { v / (v * v).sum().squareRoot() }

    @Test(arguments: [
        (0.0, 0.0, 0.0), (25, 0, 0), (-25, 0, 0), (0, 20, 0), (0, -20, 0), (0, 0, 15), (0, 0, -15), (30, -15, 10), (-40, 10, -5),
    ])
    func recoversThePoseOfAnExactProjection(yaw: Double, pitch: Double, roll: Double) {
        let face = Self.landmarks(yaw: yaw, pitch: pitch, roll: roll)
        let pose = HeadPoseEstimator().estimate(face, width: Self.width, height: Self.height)
        #expect(abs(pose.yawDegrees - yaw) < 0.1, "yaw \(pose.yawDegrees) for \(yaw)")
        #expect(abs(pose.pitchDegrees - pitch) < 0.1, "pitch \(pose.pitchDegrees) for \(pitch)")
        #expect(abs(pose.rollDegrees - roll) < 0.1, "roll \(pose.rollDegrees) for \(roll)")
        #expect(pose.reprojectionError < 0.01)
    }

    /// The conventions read off the picture: turning right moves the nose tip right of the eyes'
    /// middle, tilting up moves it up toward the eyes, leaning clockwise lowers the right eye.
    @Test func signConventionsMatchThePicture() {
        let frontal = Self.landmarks(yaw: 0, pitch: 0, roll: 0)
        let right = Self.landmarks(yaw: 20, pitch: 0, roll: 0)
        let up = Self.landmarks(yaw: 0, pitch: 20, roll: 0)
        let clockwise = Self.landmarks(yaw: 0, pitch: 0, roll: 20)
        func noseOffset(_ f: FaceLandmarks) -> SIMD2<Double> { f[30] - (f[36] + f[45]) / 2 }
        #expect(noseOffset(right).x > noseOffset(frontal).x + 5)
        #expect(noseOffset(up).y < noseOffset(frontal).y - 5)
        #expect(clockwise[45].y > clockwise[36].y + 5)
    }

    /// A face in a corner of the picture that looks into the camera is (0, 0, 0).
    @Test func poseIsRelativeToTheLineOfSight() {
        let face = Self.landmarks(yaw: 0, pitch: 0, roll: 0, pixel: SIMD2(80, 70))
        let pose = HeadPoseEstimator().estimate(face, width: Self.width, height: Self.height)
        #expect(abs(pose.yawDegrees) < 0.1 && abs(pose.pitchDegrees) < 0.1 && abs(pose.rollDegrees) < 0.1,
                "\(pose)")
    }

    /// Mirroring the landmarks (x -> width - x, and left/right points swapped as a mirror
    /// swaps them) negates yaw and roll and keeps pitch: the model is symmetric.
    @Test func mirroredLandmarksGiveTheMirroredPose() {
        let face = Self.landmarks(yaw: 18, pitch: -7, roll: 6, pixel: SIMD2(250, 200))
        var mirrored = face.points.map { SIMD2(Double(Self.width) - $0.x, $0.y) }
        for (a, b) in [(36, 45), (39, 42), (31, 35), (48, 54)] { mirrored.swapAt(a, b) }
        let estimator = HeadPoseEstimator()
        let pose = estimator.estimate(face, width: Self.width, height: Self.height)
        let mirror = estimator.estimate(FaceLandmarks(points: mirrored), width: Self.width, height: Self.height)
        #expect(abs(pose.yawDegrees + mirror.yawDegrees) < 0.1)
        #expect(abs(pose.rollDegrees + mirror.rollDegrees) < 0.1)
        #expect(abs(pose.pitchDegrees - mirror.pitchDegrees) < 0.1)
    }
}
