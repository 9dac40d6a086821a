import FaceKit
import Foundation
import Testing

/// Eye, mouth and brow measures on hand-made landmarks with known answers.
@Suite struct FaceShapeMeasuresTests {
    /// A schematic upright face: eye centres at (100, 100) and (160, 100) (60 px apart), each
    /// eye 30 px wide and `eyeOpening` px high; mouth corners at y = 170 + `cornerDrop`, 60 px
    /// apart; lips meeting at y = 170, `mouthOpening` apart; brows 20 px above the eye centres.
    static func face(eyeOpening: Double = 9, mouthOpening: Double = 0, cornerDrop: Double = 0) -> FaceLandmarks {
        var p = [SIMD2<Double>](repeating: SIMD2(130, 130), count: 68)
        for (first, centre) in [(36, SIMD2(100.0, 100)), (42, SIMD2(160.0, 100))] {
            let h = eyeOpening / 2
            p[first] = centre + SIMD2(-15, 0)
            p[first + 1] = centre + SIMD2(-5, -h)
            p[first + 2] = centre + SIMD2(5, -h)
            p[first + 3] = centre + SIMD2(15, 0)
            p[first + 4] = centre + SIMD2(5, h)
            p[first + 5] = centre + SIMD2(-5, h)
        }
        for i in 17...21 { p[i] = SIMD2(90 + 5 * Double(i - 17), 80) }
        for i in 22...26 { p[i] = SIMD2(150 + 5 * Double(i - 22), 80) }
        p[48] = SIMD2(100, 170 + cornerDrop)
        p[54] = SIMD2(160, 170 + cornerDrop)
        for (i, x) in zip(61...63, [120.0, 130, 140]) { p[i] = SIMD2(x, 170 - mouthOpening / 2) }
        for (i, x) in zip(65...67, [140.0, 130, 120]) { p[i] = SIMD2(x, 170 + mouthOpening / 2) }
        return FaceLandmarks(points: p)
    }

    /// The same landmarks turned by `degrees` about (130, 130) and scaled by `scale`.
    static func transformed(_ face: FaceLandmarks, degrees: Double, scale: Double) -> FaceLandmarks {
        let a = degrees * .pi / 180, centre = SIMD2(130.0, 130)
        return FaceLandmarks(points: face.points.map {
            let d = $0 - centre
            return centre + scale * SIMD2(d.x * cos(a) - d.y * sin(a), d.x * sin(a) + d.y * cos(a))
        })
    }

    @Test func eyeAspectRatioIsOpeningOverWidth() {
        let open = FaceShapeMeasures(Self.face(eyeOpening: 9))
        #expect(abs(open.eyeAspectRatioLeft - 0.3) < 1e-12 && abs(open.eyeAspectRatioRight - 0.3) < 1e-12)
        let closed = FaceShapeMeasures(Self.face(eyeOpening: 0))
        #expect(closed.eyeAspectRatioLeft == 0 && closed.eyeAspectRatioRight == 0)
    }

    @Test func mouthAndBrowsAreInInterOcularUnits() {
        let face = FaceShapeMeasures(Self.face(mouthOpening: 12))
        #expect(abs(face.mouthWidth - 1) < 1e-12)  // 60 px over 60 px between the eyes
        #expect(abs(face.mouthHeight - 0.2) < 1e-12)
        #expect(abs(face.browHeight - 20.0 / 60) < 1e-12)
        #expect(abs(face.smile - face.mouthWidth) < 1e-12, "corners on the lip line: no lift")
    }

    @Test func raisedCornersRaiseTheSmile() {
        let neutral = FaceShapeMeasures(Self.face())
        let smiling = FaceShapeMeasures(Self.face(cornerDrop: -6))
        let frowning = FaceShapeMeasures(Self.face(cornerDrop: 6))
        #expect(abs(smiling.smile - (neutral.smile + 0.1)) < 1e-12)
        #expect(frowning.smile < neutral.smile)
    }

    /// Neither the head's roll nor the face's size in the picture changes any measure.
    @Test(arguments: [(35.0, 1.0), (-20, 2.5), (90, 0.5)])
    func measuresIgnoreRollAndScale(degrees: Double, scale: Double) {
        let upright = FaceShapeMeasures(Self.face(mouthOpening: 8, cornerDrop: -4))
        let turned = FaceShapeMeasures(Self.transformed(Self.face(mouthOpening: 8, cornerDrop: -4), degrees: degrees, scale: scale))
        for (a, b) in [(upright.eyeAspectRatioLeft, turned.eyeAspectRatioLeft), (upright.mouthWidth, turned.mouthWidth),
                       (upright.mouthHeight, turned.mouthHeight), (upright.smile, turned.smile), (upright.browHeight, turned.browHeight)] {
            #expect(abs(a - b) < 1e-9)
        }
    }
}
