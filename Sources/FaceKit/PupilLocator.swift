/// Finds the pupils in the picture, inside the eye outlines the landmarks give, and turns them
/// into gaze offsets.
///
/// Method (a dark-blob centroid): the eye's outline, shrunk toward its centre so that the lash
/// lines along the lids stay out, is sampled on a grid aligned with the eye (about 32 samples
/// across, bilinear). The iris and pupil are the darkest part of an open eye, so the darkest
/// quarter of the samples is taken as the iris, and the pupil is its centroid, each sample
/// weighted by how much darker than the quarter's threshold it is (the pupil, darkest, counts
/// most). An eye whose samples are nearly uniform (closed, painted over, too blurred) or
/// uniformly dark (shadow, underexposure) has no pupil. The landmarks only bound the search:
/// an iris that moves inside a still outline moves the result.
public struct PupilLocator: Sendable {
    /// Eyes narrower than this (pixels, corner to corner) hold too few pixels for an iris.
    public var minimumEyeWidth = 10.0
    /// Eye aspect ratio below which the eye is closed (FaceMeasurement's "below about 0.15").
    public var closedEyeAspectRatio = 0.15
    /// The outline is shrunk to this fraction about the eye's centre before sampling.
    public var outlineShrink = 0.8
    /// Fraction of the eye's samples taken as the iris: the visible iris covers roughly a third
    /// of the outline; a quarter keeps sclera and skin out of it when the eye is half-open.
    public var irisFraction = 0.25
    /// Smallest gray-level difference between the iris quarter and the brightest fifth of the
    /// eye (sclera): an open eye in a usable picture shows 50 or more; skin shows a few.
    public var minimumContrast = 20.0
    /// Brightest-fifth levels below this mean the eye is in the dark.
    public var minimumBrightness = 30.0
    /// Grid samples along the eye's width.
    static let samplesAcross = 32

    public init() {}

    /// Mean over both eyes of the pupil's offset from the eye's centre (see `locate`), or the
    /// one eye's where only one has a pupil; nil if neither has.
    public func gaze(_ face: FaceLandmarks, in image: GrayImage) -> SIMD2<Double>? {
        let found = [face.leftEye, face.rightEye].compactMap { locate(eye: $0, in: image) }
        guard !found.isEmpty else { return nil }
        return found.reduce(SIMD2(0, 0), +) / Double(found.count)
    }

    /// The pupil's offset from the centre of the eye outlined by `eye` (six points in markup
    /// order, `eye[0]` the image-left corner): x in half eye widths along the corner-to-corner
    /// line (> 0 toward the image's right), y in half eye heights perpendicular to it (> 0
    /// downward). For an upright face these are the image's axes. Nil when no pupil is visible.
    public func locate(eye: [SIMD2<Double>], in image: GrayImage) -> SIMD2<Double>? {
        precondition(eye.count == 6, "an eye has six points")
        let width = FaceLandmarks.length(eye[3] - eye[0])
        let height = (FaceLandmarks.length(eye[1] - eye[5]) + FaceLandmarks.length(eye[2] - eye[4])) / 2
        guard width >= minimumEyeWidth, height / width >= closedEyeAspectRatio else { return nil }
        let across = (eye[3] - eye[0]) / width
        let down = SIMD2(-across.y, across.x)
        let centre = FaceLandmarks.mean(eye)
        // The outline in the eye's own frame (u across, v down, pixels from the centre), shrunk.
        let outline = eye.map { point -> SIMD2<Double> in
            let offset = point - centre
            return SIMD2((offset * across).sum(), (offset * down).sum()) * outlineShrink
        }
        let step = width / Double(Self.samplesAcross)
        let us = outline.map(\.x), vs = outline.map(\.y)
        var samples: [(position: SIMD2<Double>, level: Double)] = []
        var v = vs.min()!
        while v <= vs.max()! {
            var u = us.min()!
            while u <= us.max()! {
                let local = SIMD2(u, v)
                if Self.contains(outline, local) {
                    samples.append((local, image.sample(centre + u * across + v * down)))
                }
                u += step
            }
            v += step
        }
        guard samples.count >= 12 else { return nil }
        let levels = samples.map(\.level).sorted()
        let irisLevel = levels[Int(Double(levels.count - 1) * irisFraction)]
        let scleraLevel = levels[Int(Double(levels.count - 1) * 0.8)]
        guard scleraLevel >= minimumBrightness, scleraLevel - irisLevel >= minimumContrast else { return nil }
        var weighted = SIMD2<Double>(0, 0), total = 0.0
        for sample in samples where sample.level <= irisLevel {
            let weight = irisLevel - sample.level + 1
            weighted += weight * sample.position
            total += weight
        }
        let pupil = weighted / total
        return SIMD2(pupil.x / (width / 2), pupil.y / (height / 2))
    }

    /// Even-odd rule point-in-polygon test.
    static func contains(_ polygon: [SIMD2<Double>], _ point: SIMD2<Double>) -> Bool {
        var inside = false
        var previous = polygon[polygon.count - 1]
        for current in polygon {
            if (current.y > point.y) != (previous.y > point.y) {
                let crossing = previous.x + (point.y - previous.y) * (current.x - previous.x) / (current.y - previous.y)
                if point.x < crossing { inside.toggle() }
            }
            previous = current
        }
        return inside
    }
}
