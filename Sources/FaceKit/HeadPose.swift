import Foundation

/// The head's orientation relative to the camera, in degrees, with the sign conventions of
/// `FaceMeasurement`: yaw > 0 the face turns toward the image's right, pitch > 0 it tilts up,
/// roll > 0 it leans clockwise in the image; (0, 0, 0) faces the camera.
///
/// The angles are a yaw-pitch-roll decomposition: yaw and pitch place the face's forward
/// direction, roll turns the face about it.
public struct HeadPose: Sendable, Equatable {
    public var yawDegrees: Double
    public var pitchDegrees: Double
    public var rollDegrees: Double
    /// Root-mean-square distance, in pixels, between the landmarks and the fitted model's
    /// projection: a few pixels for a good fit.
    public var reprojectionError: Double

    public init(yawDegrees: Double, pitchDegrees: Double, rollDegrees: Double, reprojectionError: Double) {
        self.yawDegrees = yawDegrees
        self.pitchDegrees = pitchDegrees
        self.rollDegrees = rollDegrees
        self.reprojectionError = reprojectionError
    }

    /// The angles of a model-to-camera rotation. Camera and model frames both have x to the
    /// image's right, y down, z away from the camera.
    init(rotation: Rotation, reprojectionError: Double) {
        let forward = -rotation.columns.2  // out of the face: (0, 0, -1) when frontal
        let right = rotation.columns.0
        let yaw = atan2(forward.x, -forward.z)
        let pitch = atan2(-forward.y, (forward.x * forward.x + forward.z * forward.z).squareRoot())
        // The face's right and down axes had it not rolled: horizontal, and perpendicular to forward.
        let unrolledRight = normalized(cross(forward, SIMD3(0, 1, 0)))
        let unrolledDown = normalized(cross(unrolledRight, forward))
        let roll = atan2(dot(right, unrolledDown), dot(right, unrolledRight))
        self.init(
            yawDegrees: yaw * 180 / .pi, pitchDegrees: pitch * 180 / .pi, rollDegrees: roll * 180 / .pi,
            reprojectionError: reprojectionError)
    }
}
