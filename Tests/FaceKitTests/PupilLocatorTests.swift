import FaceKit
import Foundation
import MediaKit
import Testing

/// The pupil is found in the picture: a dark iris painted at known places inside an eye moves
/// the result with it while the landmarks stay put, and an eye without an iris has no pupil.
@Suite struct PupilLocatorTests {
    /// A close frame of clean.mp4 (face ~200 px, eyes ~36 px wide) and its face's landmarks.
    static func closeFace() throws -> (GrayImage, FaceLandmarks) {
        var first: GrayImage?
        struct Stop: Error {}
        do {
            try VideoFrameReader(options: .init(pixelFormat: .gray8)).readFrames(from: FaceTestMedia.url(FaceTestMedia.clean.name)) {
                first = GrayImage($0)
                throw Stop()
            }
        } catch is Stop {}
        let image = try #require(first)
        let face = try #require(SharedAnalyzer.get().faces(in: image).faces.first)
        let landmarks = FaceLandmarks(points: stride(from: 0, to: 136, by: 2).map { SIMD2(face.landmarks[$0], face.landmarks[$0 + 1]) })
        return (image, landmarks)
    }

    static func length(_ v: SIMD2<Double>) -> Double { (v * v).sum().squareRoot() }

    /// `image` with the eye's outline (grown by 2 px) painted `sclera` and, if `iris` is given,
    /// a disc of `irisLevel` and radius a sixth of the eye's width centred at `iris` (offsets in
    /// half eye widths / heights from the eye's centre along its axes).
    static func painted(_ image: GrayImage, eye: [SIMD2<Double>], sclera: UInt8, iris: SIMD2<Double>?, irisLevel: UInt8 = 35) -> GrayImage {
        var out = image
        let width = Self.length(eye[3] - eye[0])
        let height = (Self.length(eye[1] - eye[5]) + Self.length(eye[2] - eye[4])) / 2
        let across = (eye[3] - eye[0]) / width, down = SIMD2(-across.y, across.x)
        let centre = eye.reduce(SIMD2(0, 0), +) / 6
        let irisCentre = iris.map { centre + $0.x * width / 2 * across + $0.y * height / 2 * down }
        let xs = eye.map(\.x), ys = eye.map(\.y)
        for y in Int(ys.min()! - 3)...Int(ys.max()! + 3) {
            for x in Int(xs.min()! - 3)...Int(xs.max()! + 3) {
                let p = SIMD2(Double(x), Double(y))
                if let irisCentre, Self.length(p - irisCentre) <= width / 6 {
                    out[x, y] = irisLevel
                } else {
                    out[x, y] = sclera
                }
            }
        }
        return out
    }

    @Test func followsAPaintedIrisAcrossTheEye() throws {
        let (image, face) = try Self.closeFace()
        let locator = PupilLocator()
        var found: [Double] = []
        for offset in [-0.45, 0, 0.45] {
            let picture = Self.painted(image, eye: face.leftEye, sclera: 215, iris: SIMD2(offset, 0))
            let pupil = try #require(locator.locate(eye: face.leftEye, in: picture))
            #expect(abs(pupil.x - offset) < 0.15, "iris at \(offset), found \(pupil)")
            #expect(abs(pupil.y) < 0.35, "iris at \(offset), found \(pupil)")
            found.append(pupil.x)
        }
        #expect(found == found.sorted())
        // Both eyes painted looking right: the face's gaze points right.
        var both = Self.painted(image, eye: face.leftEye, sclera: 215, iris: SIMD2(0.4, 0))
        both = Self.painted(both, eye: face.rightEye, sclera: 215, iris: SIMD2(0.4, 0))
        let gaze = try #require(locator.gaze(face, in: both))
        #expect(gaze.x > 0.25)
    }

    @Test func anEyeWithoutIrisOrLightHasNoPupil() throws {
        let (image, face) = try Self.closeFace()
        let locator = PupilLocator()
        #expect(locator.locate(eye: face.leftEye, in: image) != nil, "the real eye has a pupil")
        #expect(locator.locate(eye: face.leftEye, in: Self.painted(image, eye: face.leftEye, sclera: 190, iris: nil)) == nil)
        let dark = Self.painted(image, eye: face.leftEye, sclera: 20, iris: SIMD2(0, 0), irisLevel: 8)
        #expect(locator.locate(eye: face.leftEye, in: dark) == nil)
    }

    @Test func realEyesLookingIntoTheCameraAreCentred() throws {
        let (image, face) = try Self.closeFace()
        let gaze = try #require(PupilLocator().gaze(face, in: image))
        #expect(abs(gaze.x) < 0.25, "gaze \(gaze)")
    }
}
