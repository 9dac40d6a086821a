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
            box: box.components.map { Self.round($0, 0.1) },
            landmarks: landmarks.flattened,
            yaw: Self.round(pose.yawDegrees, 0.01),
            pitch: Self.round(pose.pitchDegrees, 0.01),
            roll: Self.round(pose.rollDegrees, 0.01),
            eyeAspectRatioLeft: Self.round(shape.eyeAspectRatioLeft, 0.001),
            eyeAspectRatioRight: Self.round(shape.eyeAspectRatioRight, 0.001),
            gazeHorizontal: gaze.map { Self.round($0.x, 0.001) },
            gazeVertical: gaze.map { Self.round($0.y, 0.001) },
            mouthWidth: Self.round(shape.mouthWidth, 0.001),
            mouthHeight: Self.round(shape.mouthHeight, 0.001),
            smile: Self.round(shape.smile, 0.001),
            browHeight: Self.round(shape.browHeight, 0.001),
            detectionScore: detectionScore.map { Self.round($0, 0.001) })
    }

    static func round(_ value: Double, _ step: Double) -> Double {
        (value / step).rounded() * step
    }
}
