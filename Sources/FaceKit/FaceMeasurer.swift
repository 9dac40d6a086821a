/// Turns a face found in a picture (box and landmarks) into the `FaceMeasurement` of the track:
/// head pose, eye openness, gaze, mouth, smile, brows.
public struct FaceMeasurer: Sendable {
    public var poseEstimator: HeadPoseEstimator
    public var pupilLocator: PupilLocator

    public init(poseEstimator: HeadPoseEstimator = HeadPoseEstimator(), pupilLocator: PupilLocator = PupilLocator()) {
        self.poseEstimator = poseEstimator
        self.pupilLocator = pupilLocator
    }

    /// The measurement of the face with `landmarks` and `box` in `image` (the picture the
    /// landmarks were fitted on); `detectionScore` is the detector's score when the box comes
    /// from a detection on this picture. Numbers are rounded for the JSON: pixels to 0.1,
    /// degrees to 0.01, ratios and scores to 0.001.
    public func measure(box: PixelRect, landmarks: FaceLandmarks, detectionScore: Double?, in image: GrayImage) -> FaceMeasurement {
        let pose = poseEstimator.estimate(landmarks, width: image.width, height: image.height)
        let shape = FaceShapeMeasures(landmarks)
        let gaze = pupilLocator.gaze(landmarks, in: image)
        return FaceMeasurement(
            box: box.components.map { Self.round($0, decimals: 1) },
            landmarks: landmarks.flattened,
            yaw: Self.round(pose.yawDegrees, decimals: 2),
            pitch: Self.round(pose.pitchDegrees, decimals: 2),
            roll: Self.round(pose.rollDegrees, decimals: 2),
            eyeAspectRatioLeft: Self.round(shape.eyeAspectRatioLeft, decimals: 3),
            eyeAspectRatioRight: Self.round(shape.eyeAspectRatioRight, decimals: 3),
            gazeHorizontal: gaze.map { Self.round($0.x, decimals: 3) },
            gazeVertical: gaze.map { Self.round($0.y, decimals: 3) },
            mouthWidth: Self.round(shape.mouthWidth, decimals: 3),
            mouthHeight: Self.round(shape.mouthHeight, decimals: 3),
            smile: Self.round(shape.smile, decimals: 3),
            browHeight: Self.round(shape.browHeight, decimals: 3),
            detectionScore: detectionScore.map { Self.round($0, decimals: 3) })
    }

    /// `value` rounded to `decimals` decimal places, as the nearest double to the decimal (so
    /// JSON shows 3.05, not 3.0500000000000003).
    static func round(_ value: Double, decimals: Int) -> Double {
        let scale = [1.0, 10, 100, 1000][decimals]
        return (value * scale).rounded() / scale
    }
}
