/// A generic adult face in three dimensions: the points of the 68-point markup that stay put on
/// a face (eye corners, nose, mouth corners, chin), for fitting the head's pose.
///
/// Millimetres, in the frame of a face looking straight at the camera: x toward the image's
/// right, y down, z away from the camera; origin midway between the outer eye corners. The
/// figures are rounded adult averages of facial anthropometry (Farkas' norms) placed where the
/// 68-point markup puts its points: outer eye corners 90 mm apart, inner ones 32 mm; below the
/// eye line the nose tip at 36 mm, the base of the nose at 47, the upper lip at 58, the mouth
/// corners (50 mm apart) at 63, the chin at 115; in depth the nose tip 42 mm in front of the
/// outer eye corners, the inner eye corners 10 mm. The model is mirror-symmetric, so a
/// mirrored face gives the mirrored pose.
public struct GenericFaceModel: Sendable, Equatable {
    /// One model point: its index in the markup, position, and weight in the fit.
    public struct Point: Sendable, Equatable {
        public var landmark: Int
        public var position: SIMD3<Double>
        public var weight: Double
    }

    public var points: [Point]

    public init(points: [Point]) {
        self.points = points
    }

    /// The brows (they move with expression) and the jaw line (a silhouette that slides over
    /// the face as it turns) are left out. The chin counts half: it drops as the jaw opens in
    /// speech.
    public static let adult = GenericFaceModel(points: [
        Point(landmark: 36, position: SIMD3(-45, 0, 0), weight: 1),  // outer corner, image-left eye
        Point(landmark: 39, position: SIMD3(-16, 1.5, -10), weight: 1),  // inner corner, image-left eye
        Point(landmark: 42, position: SIMD3(16, 1.5, -10), weight: 1),  // inner corner, image-right eye
        Point(landmark: 45, position: SIMD3(45, 0, 0), weight: 1),  // outer corner, image-right eye
        Point(landmark: 27, position: SIMD3(0, -1, -18), weight: 1),  // top of the nose bridge
        Point(landmark: 30, position: SIMD3(0, 36, -42), weight: 1),  // nose tip
        Point(landmark: 31, position: SIMD3(-13, 42, -20), weight: 1),  // nostril wing, image-left
        Point(landmark: 33, position: SIMD3(0, 47, -28), weight: 1),  // base of the nose
        Point(landmark: 35, position: SIMD3(13, 42, -20), weight: 1),  // nostril wing, image-right
        Point(landmark: 48, position: SIMD3(-25, 63, -12), weight: 1),  // mouth corner, image-left
        Point(landmark: 51, position: SIMD3(0, 58, -28), weight: 1),  // top of the upper lip
        Point(landmark: 54, position: SIMD3(25, 63, -12), weight: 1),  // mouth corner, image-right
        Point(landmark: 8, position: SIMD3(0, 115, -12), weight: 0.5),  // chin
    ])
}
