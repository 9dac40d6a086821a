import FaceKit

/// Builds face tracks frame by frame for the analysis tests: a frontal face by default, with
/// the measurements the engine reports; each test changes what it is about.
struct TrackBuilder {
    var framesPerSecond = 15.0
    var frames: [FaceFrame] = []

    static func frontal(yaw: Double = 0, pitch: Double = 0, gazeH: Double? = 0, gazeV: Double? = 0,
                        ear: Double = 0.3, smile: Double = 1.0, brow: Double = 0.4) -> FaceMeasurement {
        FaceMeasurement(box: [100, 80, 200, 200], landmarks: [], yaw: yaw, pitch: pitch, roll: 0,
                        eyeAspectRatioLeft: ear, eyeAspectRatioRight: ear, gazeHorizontal: gazeH, gazeVertical: gazeV,
                        mouthWidth: smile, mouthHeight: 0.1, smile: smile, browHeight: brow, detectionScore: nil)
    }

    /// Appends `seconds` of frames; `face` and `count` get each frame's time.
    mutating func add(seconds: Double, face: @escaping (Double) -> FaceMeasurement? = { _ in frontal() },
                      count: @escaping (Double) -> Int = { _ in 1 }) {
        let start = Double(frames.count) / framesPerSecond
        let n = Int((seconds * framesPerSecond).rounded())
        for k in 0..<n {
            let time = start + Double(k) / framesPerSecond
            let measured = face(time)
            frames.append(FaceFrame(time: time, faceCount: measured == nil ? 0 : count(time), fullSearch: k % 15 == 0, face: measured))
        }
    }

    var track: FaceTrack {
        FaceTrack(width: 640, height: 480, framesPerSecond: framesPerSecond, durationSeconds: Double(frames.count) / framesPerSecond,
                  settings: FaceTrackSettings(detectEveryFrames: 3, fullSearchIntervalSeconds: 1, minimumFaceWidth: 60,
                                              landmarkModel: "test"),
                  frames: frames)
    }
}
