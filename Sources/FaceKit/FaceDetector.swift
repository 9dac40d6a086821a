import CDlib

/// dlib's frontal face detector (HOG features, five linear filters for frontal and slightly
/// turned faces, an 80x80-pixel window scanned over an image pyramid with 5/6 steps).
///
/// Not thread-safe: it keeps scratch buffers between calls. Make one per thread (creating one
/// takes a few milliseconds).
public final class FaceDetector {
    private let handle: OpaquePointer
    /// Results beyond this are fetched with a second call (a frame rarely holds more faces).
    private static let initialCapacity = 32

    /// A detector scanning at most `maximumPyramidLevels` levels of the pyramid, from the
    /// image's own size down by 5/6 per level (nil: every level down to the window; 2 levels
    /// find only faces 80-115 pixels wide in the image it is given).
    /// - Throws: `FaceKitError.engineFailed` if dlib cannot build its model (out of memory).
    public init(maximumPyramidLevels: Int? = nil) throws(FaceKitError) {
        precondition(maximumPyramidLevels.map { $0 > 0 } ?? true, "at least one pyramid level")
        var error = ShimError()
        guard let handle = error.call({ fk_detector_create(Int32(maximumPyramidLevels ?? 0), $0, $1) }) else {
            throw .engineFailed(reason: error.message)
        }
        self.handle = handle
    }

    deinit {
        fk_detector_destroy(handle)
    }

    /// Faces inside `region` of `image` (nil: the whole image), searched after resampling the
    /// region by `scale`: the smallest face found is about 80 / `scale` pixels wide (the
    /// detector's window). Boxes are in `image`'s pixels, best score first, every one scoring
    /// at least `threshold`.
    public func detect(in image: GrayImage, region: PixelRect? = nil, scale: Double = 1, threshold: Double = 0) throws(FaceKitError) -> [FaceDetection] {
        precondition(scale > 0, "scale must be positive")
        let area = region.map { fk_rect(x: $0.x, y: $0.y, width: $0.width, height: $0.height) } ?? fk_rect(x: 0, y: 0, width: 0, height: 0)
        if let region, region.clamped(width: image.width, height: image.height).area == 0 { return [] }
        var capacity = Self.initialCapacity
        while true {
            var found = [fk_detection](repeating: fk_detection(), count: capacity)
            var error = ShimError()
            let count = try image.withBorrowed { (borrowed) throws(FaceKitError) -> Int32 in
                found.withUnsafeMutableBufferPointer { buffer in
                    error.call { fk_detector_detect(handle, borrowed, area, scale, threshold, buffer.baseAddress, Int32(buffer.count), $0, $1) }
                }
            }
            guard count >= 0 else { throw .engineFailed(reason: error.message) }
            if Int(count) <= capacity {
                return found.prefix(Int(count)).map {
                    FaceDetection(box: PixelRect(x: $0.box.x, y: $0.box.y, width: $0.box.width, height: $0.box.height), score: $0.score)
                }
            }
            capacity = Int(count)
        }
    }

    /// The dlib version and SIMD instruction sets the shim was built with.
    public static var buildDescription: String { String(cString: fk_build_description()) }
}
