import CDlib
import Foundation
import MediaKit

/// An 8-bit RGB picture: a photo read from a file, or a decoded `.rgb24` video frame for an
/// evidence snapshot.
public struct RGBImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `height` rows of `3 * width` bytes in the order R, G, B.
    public private(set) var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0, "an image needs pixels")
        precondition(pixels.count == 3 * width * height, "pixel buffer does not match the size")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A decoded `.rgb24` frame.
    public init(_ frame: VideoFrame) {
        precondition(frame.pixelFormat == .rgb24, "an RGBImage needs an rgb24 frame")
        self.init(width: frame.width, height: frame.height, pixels: frame.pixels)
    }

    /// Reads a PNG or JPEG file (the format is recognised from the content). Photos only:
    /// MediaKit refuses still images as videos, so pictures are read with dlib's codecs.
    /// - Throws: `FaceKitError.imageUnreadable`.
    public init(contentsOf url: URL) throws(FaceKitError) {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw .imageUnreadable(path: url.path, reason: "no such file")
        }
        var error = ShimError()
        guard let image = error.call({ fk_rgb_image_load(url.path, $0, $1) }) else {
            throw .imageUnreadable(path: url.path, reason: error.message)
        }
        defer { fk_rgb_image_destroy(image) }
        let width = Int(fk_rgb_image_width(image)), height = Int(fk_rgb_image_height(image))
        guard width > 0, height > 0, let pixels = fk_rgb_image_pixels(image) else {
            throw .imageUnreadable(path: url.path, reason: "the picture is empty")
        }
        self.init(width: width, height: height, pixels: Array(UnsafeBufferPointer(start: pixels, count: 3 * width * height)))
    }

    /// Writes the picture as a JPEG file of `quality` (1...100), replacing any file there.
    /// - Throws: `FaceKitError.imageNotWritten`.
    public func writeJPEG(to url: URL, quality: Int = 90) throws(FaceKitError) {
        precondition((1...100).contains(quality), "JPEG quality is 1...100")
        var error = ShimError()
        let status = pixels.withUnsafeBufferPointer { buffer in
            error.call { fk_write_jpeg(buffer.baseAddress, Int32(width), Int32(height), Int32(3 * width), Int32(quality), url.path, $0, $1) }
        }
        guard status == 0 else { throw .imageNotWritten(path: url.path, reason: error.message) }
    }
}
