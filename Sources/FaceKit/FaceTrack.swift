/// `faces/<n>.json`: one pass of face analysis over an answer video, the evidence behind every
/// visual finding (integrity and non-verbal) made from it.
///
/// Coordinates are pixels of the analysed picture (`width` x `height`, upright, the size the
/// frames were analysed at), origin top-left, y down. "Left" and "right" are the image's sides:
/// the image-left eye is the candidate's right eye.
public struct FaceTrack: Codable, Sendable, Equatable {
    /// Bumped when a field changes meaning, so that readers can refuse what they do not know.
    public var formatVersion: Int
    /// Size of the analysed picture in pixels.
    public var width: Int
    public var height: Int
    /// Analysed frames per second (frames are sampled from the video at this rate).
    public var framesPerSecond: Double
    /// The video's duration in seconds as decoded.
    public var durationSeconds: Double
    /// How the track was made (detector cadence, model), for the reviewer and for re-runs.
    public var settings: FaceTrackSettings
    /// One entry per analysed frame, in time order.
    public var frames: [FaceFrame]

    public init(formatVersion: Int = FaceTrack.currentFormatVersion, width: Int, height: Int, framesPerSecond: Double,
                durationSeconds: Double, settings: FaceTrackSettings, frames: [FaceFrame]) {
        self.formatVersion = formatVersion
        self.width = width
        self.height = height
        self.framesPerSecond = framesPerSecond
        self.durationSeconds = durationSeconds
        self.settings = settings
        self.frames = frames
    }

    public static let currentFormatVersion = 1

    enum CodingKeys: String, CodingKey {
        case width, height, settings, frames
        case formatVersion = "format_version"
        case framesPerSecond = "frames_per_second"
        case durationSeconds = "duration_seconds"
    }
}

/// The tracker's cadence and model, recorded with the track.
public struct FaceTrackSettings: Codable, Sendable, Equatable {
    /// Frames between two detections near the tracked face (landmarks are tracked in between).
    public var detectEveryFrames: Int
    /// Seconds between two searches of the whole frame for every face (second persons).
    public var fullSearchIntervalSeconds: Double
    /// Smallest face width, in source-video pixels, the whole-frame search is made to find.
    public var minimumFaceWidth: Int
    /// The landmark model file used.
    public var landmarkModel: String

    public init(detectEveryFrames: Int, fullSearchIntervalSeconds: Double, minimumFaceWidth: Int, landmarkModel: String) {
        self.detectEveryFrames = detectEveryFrames
        self.fullSearchIntervalSeconds = fullSearchIntervalSeconds
        self.minimumFaceWidth = minimumFaceWidth
        self.landmarkModel = landmarkModel
    }

    enum CodingKeys: String, CodingKey {
        case detectEveryFrames = "detect_every_frames"
        case fullSearchIntervalSeconds = "full_search_interval_seconds"
        case minimumFaceWidth = "minimum_face_width"
        case landmarkModel = "landmark_model"
    }
}

/// One analysed frame.
public struct FaceFrame: Codable, Sendable, Equatable {
    /// Seconds from the start of the video.
    public var time: Double
    /// Faces in the picture: from the latest search of the whole frame (at most
    /// `fullSearchIntervalSeconds` old), and never fewer than the tracked faces of this frame.
    public var faceCount: Int
    /// Whether the whole frame was searched for faces on this frame (otherwise `faceCount` is
    /// carried from the latest search).
    public var fullSearch: Bool
    /// The candidate's face (the one tracked), nil when no face is seen.
    public var face: FaceMeasurement?

    public init(time: Double, faceCount: Int, fullSearch: Bool, face: FaceMeasurement?) {
        self.time = time
        self.faceCount = faceCount
        self.fullSearch = fullSearch
        self.face = face
    }

    enum CodingKeys: String, CodingKey {
        case time, face
        case faceCount = "face_count"
        case fullSearch = "full_search"
    }
}

/// What was measured on the candidate's face in one frame.
public struct FaceMeasurement: Codable, Sendable, Equatable {
    /// Face box in pixels: x, y of the top-left corner, width, height.
    public var box: [Double]
    /// The 68 landmarks (iBUG 300-W order, as dlib's shape predictor gives them) as 136 numbers
    /// x0, y0, x1, y1, ... in pixels, rounded to 0.1.
    public var landmarks: [Double]
    /// Head pose in degrees from a perspective-n-point fit of the landmarks to a generic 3D face.
    /// yaw > 0: the face turns toward the image's right; pitch > 0: the face tilts up;
    /// roll > 0: the face leans clockwise in the image. (0, 0, 0) faces the camera.
    public var yaw: Double
    public var pitch: Double
    public var roll: Double
    /// Eye aspect ratio (Soukupova & Cech 2016) of the image-left and image-right eye: about
    /// 0.25-0.35 open, below about 0.15 closed.
    public var eyeAspectRatioLeft: Double
    public var eyeAspectRatioRight: Double
    /// Where the pupils sit in the eyes, located from the image: the mean over both eyes of the
    /// pupil's offset from the eye's centre, in half eye widths (horizontal, > 0 toward the
    /// image's right) and half eye heights (vertical, > 0 downward). Nil when no pupil was found
    /// (eyes closed, too small, too dark).
    public var gazeHorizontal: Double?
    public var gazeVertical: Double?
    /// Mouth corner-to-corner width and inner-lip opening, in units of the distance between the
    /// eye centres (so independent of the face's size in the picture).
    public var mouthWidth: Double
    public var mouthHeight: Double
    /// Smile measure: mouth width plus the lift of the mouth corners above the lip centre line,
    /// in inter-ocular units (higher when the mouth widens and the corners rise).
    public var smile: Double
    /// Mean height of the eyebrows above the eyes, in inter-ocular units.
    public var browHeight: Double
    /// HOG detector score when the face was detected on this frame, nil when it was tracked.
    public var detectionScore: Double?

    public init(box: [Double], landmarks: [Double], yaw: Double, pitch: Double, roll: Double,
                eyeAspectRatioLeft: Double, eyeAspectRatioRight: Double, gazeHorizontal: Double?, gazeVertical: Double?,
                mouthWidth: Double, mouthHeight: Double, smile: Double, browHeight: Double, detectionScore: Double?) {
        self.box = box
        self.landmarks = landmarks
        self.yaw = yaw
        self.pitch = pitch
        self.roll = roll
        self.eyeAspectRatioLeft = eyeAspectRatioLeft
        self.eyeAspectRatioRight = eyeAspectRatioRight
        self.gazeHorizontal = gazeHorizontal
        self.gazeVertical = gazeVertical
        self.mouthWidth = mouthWidth
        self.mouthHeight = mouthHeight
        self.smile = smile
        self.browHeight = browHeight
        self.detectionScore = detectionScore
    }

    /// Mean eye aspect ratio of both eyes.
    public var eyeAspectRatio: Double { (eyeAspectRatioLeft + eyeAspectRatioRight) / 2 }

    enum CodingKeys: String, CodingKey {
        case box, landmarks, yaw, pitch, roll, smile
        case eyeAspectRatioLeft = "ear_left"
        case eyeAspectRatioRight = "ear_right"
        case gazeHorizontal = "gaze_h"
        case gazeVertical = "gaze_v"
        case mouthWidth = "mouth_width"
        case mouthHeight = "mouth_height"
        case browHeight = "brow_height"
        case detectionScore = "detection_score"
    }
}
