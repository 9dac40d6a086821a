import CDlib
import Foundation

/// A loaded shape predictor (dlib's ensemble of regression trees), by default the iBUG 300-W
/// 68-point model of Debian's libdlib-data. Loading reads about 100 MB and takes about a
/// second, so load it once and share it.
///
/// Thread-safe: after loading, dlib only reads the model (`shape_predictor::operator()` is
/// const and keeps its work in locals), so any number of threads may fit landmarks at once.
public final class LandmarkModel: @unchecked Sendable {
    /// Where Debian's libdlib-data installs the 68-point model.
    public static let defaultPath = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat"
    /// The model file loaded.
    public let path: String
    /// Points per face (68 for the default model).
    public let pointCount: Int
    private let handle: OpaquePointer

    /// dlib returns whole pixels of the picture it works on, so the face is resampled to about
    /// this width first: positions come back in steps of box width / 300 (a third of a pixel
    /// for a 100-pixel face), fine enough for eye openings of a few pixels. Larger faces are
    /// not shrunk.
    static let workingFaceWidth = 300.0
    /// The trees read pixels up to about a fifth of the box outside it (the jaw line and brows
    /// lie at its edges); this margin keeps them inside the resampled region.
    static let regionMargin = 0.3

    /// - Throws: `FaceKitError.landmarkModelNotFound`, `.landmarkModelUnreadable`.
    public init(path: String = LandmarkModel.defaultPath) throws(FaceKitError) {
        guard FileManager.default.fileExists(atPath: path) else { throw .landmarkModelNotFound(path: path) }
        var error = ShimError()
        guard let handle = error.call({ fk_landmark_model_load(path, $0, $1) }) else {
            throw .landmarkModelUnreadable(path: path, reason: error.message)
        }
        self.handle = handle
        self.path = path
        self.pointCount = Int(fk_landmark_model_point_count(handle))
    }

    deinit {
        fk_landmark_model_destroy(handle)
    }

    /// The model's points for the face in `box` (a detector box, or one derived from the
    /// previous frame's points), in `image`'s pixels.
    public func landmarks(in image: GrayImage, box: PixelRect) throws(FaceKitError) -> FaceLandmarks {
        let region = box.expanded(by: Self.regionMargin)
        let scale = max(1, Self.workingFaceWidth / max(box.width, 1))
        var coordinates = [Double](repeating: 0, count: 2 * pointCount)
        var error = ShimError()
        let count = try image.withBorrowed { (borrowed) throws(FaceKitError) -> Int32 in
            coordinates.withUnsafeMutableBufferPointer { buffer in
                error.call {
                    fk_landmark_model_predict(
                        handle, borrowed, fk_rect(x: region.x, y: region.y, width: region.width, height: region.height), scale,
                        fk_rect(x: box.x, y: box.y, width: box.width, height: box.height),
                        buffer.baseAddress, Int32(buffer.count), $0, $1)
                }
            }
        }
        guard count == pointCount else { throw .engineFailed(reason: error.message) }
        return FaceLandmarks(points: (0..<pointCount).map { SIMD2(coordinates[2 * $0], coordinates[2 * $0 + 1]) })
    }
}
