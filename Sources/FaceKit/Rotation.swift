import Foundation

/// A 3x3 rotation matrix, stored by columns.
struct Rotation: Equatable {
    var columns: (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>)

    static let identity = Rotation(columns: (SIMD3(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1)))

    static func == (a: Rotation, b: Rotation) -> Bool {
        a.columns.0 == b.columns.0 && a.columns.1 == b.columns.1 && a.columns.2 == b.columns.2
    }

    /// The rotation by `vector`'s length (radians) about its direction (Rodrigues' formula).
    init(axisAngle vector: SIMD3<Double>) {
        let angle = (vector * vector).sum().squareRoot()
        guard angle > 1e-12 else {
            self = .identity
            return
        }
        let k = vector / angle, c = cos(angle), s = sin(angle), v = 1 - c
        columns = (
            SIMD3(c + k.x * k.x * v, k.y * k.x * v + k.z * s, k.z * k.x * v - k.y * s),
            SIMD3(k.x * k.y * v - k.z * s, c + k.y * k.y * v, k.z * k.y * v + k.x * s),
            SIMD3(k.x * k.z * v + k.y * s, k.y * k.z * v - k.x * s, c + k.z * k.z * v))
    }

    init(columns: (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>)) {
        self.columns = columns
    }

    /// The inverse rotation.
    var transposed: Rotation {
        let (a, b, c) = columns
        return Rotation(columns: (SIMD3(a.x, b.x, c.x), SIMD3(a.y, b.y, c.y), SIMD3(a.z, b.z, c.z)))
    }

    func apply(_ point: SIMD3<Double>) -> SIMD3<Double> {
        columns.0 * point.x + columns.1 * point.y + columns.2 * point.z
    }

    static func * (a: Rotation, b: Rotation) -> Rotation {
        Rotation(columns: (a.apply(b.columns.0), a.apply(b.columns.1), a.apply(b.columns.2)))
    }
}

func dot(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> Double { (a * b).sum() }

func cross(_ a: SIMD3<Double>, _ b: SIMD3<Double>) -> SIMD3<Double> {
    SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}

func normalized(_ a: SIMD3<Double>) -> SIMD3<Double> { a / max(dot(a, a).squareRoot(), .leastNormalMagnitude) }
