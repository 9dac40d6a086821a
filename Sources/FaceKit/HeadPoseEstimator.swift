import Foundation

/// Fits a generic 3D face to a face's landmarks (perspective-n-point): the rotation and
/// translation that project the model's points closest to the landmarks, found by
/// Levenberg-Marquardt, and the head pose that rotation means.
///
/// The camera is a pinhole with focal length equal to the picture's width (a field of view of
/// about 53 degrees across, typical of webcams and phone front cameras) and its principal
/// point at the picture's centre. A wrong focal length mostly scales the distance; the angles
/// move little.
///
/// The pose is reported relative to the line of sight from the camera to the face, so (0, 0, 0)
/// means looking straight into the camera wherever the face is in the picture (a face in a
/// corner that looks at the camera is turned toward the middle in camera coordinates).
public struct HeadPoseEstimator: Sendable {
    public var model: GenericFaceModel

    /// Iterations rarely exceed 10; the cap only bounds a pathological fit.
    static let maximumIterations = 50
    /// Stop when a step changes the cost by less than this fraction.
    static let relativeTolerance = 1e-10

    public init(model: GenericFaceModel = .adult) {
        self.model = model
    }

    /// The pose of `face` in a picture `width` x `height` pixels.
    public func estimate(_ face: FaceLandmarks, width: Int, height: Int) -> HeadPose {
        let camera = Camera(focalLength: Double(width), centre: SIMD2(Double(width) / 2, Double(height) / 2))
        var pose = initialPose(face, camera: camera)
        var cost = self.cost(pose, face, camera)
        var damping = 1e-3
        for _ in 0..<Self.maximumIterations {
            let (normal, gradient) = normalEquations(pose, face, camera)
            var improved = false
            while damping < 1e10 {
                var system = normal
                for i in 0..<6 { system[i * 6 + i] += damping * max(normal[i * 6 + i], 1e-9) }
                guard let step = Self.solve(system, gradient.map { -$0 }) else { damping *= 10; continue }
                let candidate = Pose(
                    rotation: Rotation(axisAngle: SIMD3(step[0], step[1], step[2])) * pose.rotation,
                    translation: pose.translation + SIMD3(step[3], step[4], step[5]))
                let candidateCost = self.cost(candidate, face, camera)
                if candidateCost < cost {
                    let change = (cost - candidateCost) / max(cost, .leastNormalMagnitude)
                    pose = candidate
                    cost = candidateCost
                    damping = max(damping / 10, 1e-12)
                    improved = change > Self.relativeTolerance
                    break
                }
                damping *= 10
            }
            if !improved { break }
        }
        let totalWeight = model.points.reduce(0) { $0 + $1.weight }
        return HeadPose(
            rotation: Self.lineOfSight(pose.translation).transposed * pose.rotation, reprojectionError: (cost / totalWeight).squareRoot())
    }

    /// The rotation taking the camera's axis onto the line of sight to `position`: a turn about
    /// the vertical, then a tilt, as a person off to the side turns the head to face the camera.
    static func lineOfSight(_ position: SIMD3<Double>) -> Rotation {
        let direction = normalized(position)
        let turn = Rotation(axisAngle: SIMD3(0, atan2(direction.x, direction.z), 0))
        let tilt = Rotation(axisAngle: SIMD3(-asin(max(-1, min(1, direction.y))), 0, 0))
        return turn * tilt
    }

    struct Camera {
        var focalLength: Double
        var centre: SIMD2<Double>

        func project(_ point: SIMD3<Double>) -> SIMD2<Double> {
            centre + focalLength * SIMD2(point.x, point.y) / point.z
        }
    }

    struct Pose {
        var rotation: Rotation
        var translation: SIMD3<Double>
    }

    /// Facing the camera, rolled like the eye line, at the distance where the model's outer eye
    /// corners are as far apart as the landmarks'.
    private func initialPose(_ face: FaceLandmarks, camera: Camera) -> Pose {
        let outerLeft = face[36], outerRight = face[45]
        let across = outerRight - outerLeft
        let spanPixels = max(FaceLandmarks.length(across), 1)
        let depth = camera.focalLength * Self.outerEyeCornerSpan / spanPixels
        let middle = (outerLeft + outerRight) / 2
        let roll = atan2(across.y, across.x)
        let translation = SIMD3((middle.x - camera.centre.x) * depth / camera.focalLength,
                                (middle.y - camera.centre.y) * depth / camera.focalLength, depth)
        return Pose(rotation: Rotation(axisAngle: SIMD3(0, 0, roll)), translation: translation)
    }

    /// Distance between the outer eye corners in the adult model, millimetres.
    private static let outerEyeCornerSpan = 90.0

    /// Weighted sum of squared reprojection errors, pixels squared.
    private func cost(_ pose: Pose, _ face: FaceLandmarks, _ camera: Camera) -> Double {
        model.points.reduce(0) { sum, point in
            let camPoint = pose.rotation.apply(point.position) + pose.translation
            guard camPoint.z > 0 else { return .infinity }
            let residual = camera.project(camPoint) - face[point.landmark]
            return sum + point.weight * (residual * residual).sum()
        }
    }

    /// JᵀWJ (6x6, row-major) and JᵀWr for the parameters (small rotation applied on the left,
    /// translation).
    private func normalEquations(_ pose: Pose, _ face: FaceLandmarks, _ camera: Camera) -> ([Double], [Double]) {
        var normal = [Double](repeating: 0, count: 36)
        var gradient = [Double](repeating: 0, count: 6)
        for point in model.points {
            let rotated = pose.rotation.apply(point.position)
            let p = rotated + pose.translation
            let residual = camera.project(p) - face[point.landmark]
            let f = camera.focalLength, z = p.z
            // d(projection)/dp, rows for u and v.
            let du = SIMD3(f / z, 0, -f * p.x / (z * z))
            let dv = SIMD3(0, f / z, -f * p.y / (z * z))
            // dp/d(rotation) = -[rotated]x; dp/d(translation) = identity.
            let q = rotated
            let dpdw = (SIMD3(0, -q.z, q.y), SIMD3(q.z, 0, -q.x), SIMD3(-q.y, q.x, 0))  // columns
            let rowU = [dot(du, dpdw.0), dot(du, dpdw.1), dot(du, dpdw.2), du.x, du.y, du.z]
            let rowV = [dot(dv, dpdw.0), dot(dv, dpdw.1), dot(dv, dpdw.2), dv.x, dv.y, dv.z]
            for (row, r) in [(rowU, residual.x), (rowV, residual.y)] {
                for i in 0..<6 {
                    gradient[i] += point.weight * row[i] * r
                    for j in 0..<6 { normal[i * 6 + j] += point.weight * row[i] * row[j] }
                }
            }
        }
        return (normal, gradient)
    }

    /// Solves the 6x6 system by Gaussian elimination with partial pivoting; nil if singular.
    static func solve(_ matrix: [Double], _ vector: [Double]) -> [Double]? {
        let n = vector.count
        var a = matrix, b = vector
        for column in 0..<n {
            let pivot = (column..<n).max { abs(a[$0 * n + column]) < abs(a[$1 * n + column]) }!
            guard abs(a[pivot * n + column]) > 1e-300 else { return nil }
            if pivot != column {
                for k in 0..<n { a.swapAt(pivot * n + k, column * n + k) }
                b.swapAt(pivot, column)
            }
            for row in (column + 1)..<n {
                let factor = a[row * n + column] / a[column * n + column]
                guard factor != 0 else { continue }
                for k in column..<n { a[row * n + k] -= factor * a[column * n + k] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for k in (row + 1)..<n { sum -= a[row * n + k] * x[k] }
            x[row] = sum / a[row * n + row]
        }
        return x
    }
}
