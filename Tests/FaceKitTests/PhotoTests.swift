import FaceKit
import Foundation
import Testing

/// The engine on real photos: face counts, landmark placement, head pose signs.
@Suite struct PhotoTests {
    /// The landmarks sit on the face in the box: brows, eyes, nose and mouth (points 17-67)
    /// inside it (the brows' outer ends touch its sides: 5 % of slack), and the jaw line (0-16),
    /// which the detector's box cuts at the chin and, on a turned face, at the far cheek, within
    /// a fifth of the box around it.
    static func landmarksInsideBox(_ face: FaceMeasurement) -> Bool {
        let box = PixelRect(x: face.box[0], y: face.box[1], width: face.box[2], height: face.box[3])
        let inner = box.expanded(by: 0.05), outer = box.expanded(by: 0.2)
        return (0..<68).allSatisfy { index in
            let point = SIMD2(face.landmarks[2 * index], face.landmarks[2 * index + 1])
            return (index >= 17 ? inner : outer).contains(point)
        }
    }

    @Test func astronautHasOneFrontalFace() throws {
        let photo = try SharedAnalyzer.get().analyzePhoto(at: FaceTestMedia.astronaut)
        #expect(photo.width == 512 && photo.height == 512)
        // The round mission patch on the suit scores up to 0.38 at some scales: it must not count.
        #expect(photo.faces.count == 1)
        let face = try #require(photo.faces.first)
        #expect(Self.landmarksInsideBox(face))
        // The face box lies where the face is (hair to chin, x 174-274, y 75-175 by eye).
        #expect(abs(face.box[0] + face.box[2] / 2 - 224) < 15 && abs(face.box[1] + face.box[3] / 2 - 125) < 20)
        #expect(abs(face.yaw) < 6, "yaw \(face.yaw)")
        #expect(abs(face.pitch) < 10 && abs(face.roll) < 8, "pitch \(face.pitch) roll \(face.roll)")
        // Open eyes, a smiling mouth, eyes looking into the camera.
        #expect((0.25...0.40).contains(face.eyeAspectRatioLeft) && (0.25...0.40).contains(face.eyeAspectRatioRight))
        #expect(face.mouthWidth > 0.8 && face.mouthWidth < 1.4)
        #expect(face.smile > face.mouthWidth, "mouth corners above the lip line")
        #expect(face.browHeight > 0.1 && face.browHeight < 0.6)
        let gaze = try #require(face.gazeHorizontal)
        #expect(abs(gaze) < 0.3)
    }

    @Test func messiHasOneTurnedFaceAndItsMirrorTheMirroredYaw() throws {
        let analyzer = try SharedAnalyzer.get()
        // His face is 35 pixels wide: search for faces from 30 up.
        let original = try analyzer.analyzePhoto(at: FaceTestMedia.messi, minimumFaceWidth: 30)
        let mirrored = try analyzer.analyzePhoto(at: FaceTestMedia.url("messi_mirrored.png"), minimumFaceWidth: 30)
        #expect(original.faces.count == 1 && mirrored.faces.count == 1)
        let face = try #require(original.faces.first), mirror = try #require(mirrored.faces.first)
        #expect(Self.landmarksInsideBox(face) && Self.landmarksInsideBox(mirror))
        // He looks to the image's right (toward the ball), head down.
        #expect(face.yaw > 15, "yaw \(face.yaw)")
        #expect(face.pitch < 0, "pitch \(face.pitch)")
        #expect(mirror.yaw < -15, "mirrored yaw \(mirror.yaw)")
        #expect(abs(face.yaw + mirror.yaw) < 5, "yaw \(face.yaw), mirrored \(mirror.yaw)")
        #expect(abs(face.pitch - mirror.pitch) < 5)
        #expect(abs(face.roll + mirror.roll) < 5, "roll \(face.roll), mirrored \(mirror.roll)")
        // A 35-pixel face has eyes about 7 pixels wide: too small to find pupils in.
        #expect(face.gazeHorizontal == nil)
    }

    @Test func astronautMirroredGivesTheMirroredPose() throws {
        let analyzer = try SharedAnalyzer.get()
        let face = try #require(analyzer.analyzePhoto(at: FaceTestMedia.astronaut).faces.first)
        let mirrored = try analyzer.analyzePhoto(at: FaceTestMedia.url("astronaut_mirrored.png"))
        #expect(mirrored.faces.count == 1)
        let mirror = try #require(mirrored.faces.first)
        // The box mirrors about the vertical centre line.
        #expect(abs((mirror.box[0] + mirror.box[2] / 2) - (512 - face.box[0] - face.box[2] / 2)) < 6)
        #expect(abs(face.yaw + mirror.yaw) < 3, "yaw \(face.yaw), mirrored \(mirror.yaw)")
        #expect(abs(face.roll + mirror.roll) < 3 && abs(face.pitch - mirror.pitch) < 3)
    }

    /// The centred crop turned as a plane by 30 degrees each way (a perspective warp): the turn
    /// shows in yaw in its direction. A flat picture has no depth, so yaw moves by a fraction of
    /// the 30 degrees (5 measured).
    @Test func perspectiveWarpMovesYawTowardTheTurn() throws {
        let analyzer = try SharedAnalyzer.get()
        let centred = try #require(analyzer.analyzePhoto(at: FaceTestMedia.url("astronaut_centred.png")).faces.first)
        let right = try #require(analyzer.analyzePhoto(at: FaceTestMedia.url("astronaut_yaw_right.png")).faces.first)
        let left = try #require(analyzer.analyzePhoto(at: FaceTestMedia.url("astronaut_yaw_left.png")).faces.first)
        #expect(abs(centred.yaw) < 6)
        #expect(right.yaw > centred.yaw + 2.5, "centred \(centred.yaw), turned right \(right.yaw)")
        #expect(left.yaw < centred.yaw - 2.5, "centred \(centred.yaw), turned left \(left.yaw)")
    }

    /// Faces from 60 pixels up are found at the default minimum width; 35-pixel ones are not
    /// searched for.
    @Test func defaultMinimumWidthSkipsSmallerFaces() throws {
        let photo = try SharedAnalyzer.get().analyzePhoto(at: FaceTestMedia.messi)
        #expect(photo.faces.isEmpty)
    }

    @Test func unreadablePictureIsAClearError() throws {
        let analyzer = try SharedAnalyzer.get()
        let missing = URL(fileURLWithPath: "/nonexistent/face.png")
        #expect(throws: FaceKitError.imageUnreadable(path: missing.path, reason: "no such file")) {
            try analyzer.analyzePhoto(at: missing)
        }
        let notAPicture = FaceTestMedia.repositoryRoot.appendingPathComponent("scripts/make-face-media.sh")
        let error = try #require(throws: FaceKitError.self) { try analyzer.analyzePhoto(at: notAPicture) }
        guard case .imageUnreadable(let path, _) = error else {
            Issue.record("expected imageUnreadable, got \(error)")
            return
        }
        #expect(path == notAPicture.path)
    }
}
