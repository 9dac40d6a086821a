import CDlib
import MediaKit

/// An 8-bit gray picture, the input of detection and landmark fitting: rows top to bottom,
/// no padding, full-range luma (0 black, 255 white).
public struct GrayImage: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// `height` rows of `width` bytes.
    public private(set) var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0, "an image needs pixels")
        precondition(pixels.count == width * height, "pixel buffer does not match the size")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// The luma of a decoded frame (`.gray8` as is, `.rgb24` converted like `RGBImage`'s).
    public init(_ frame: VideoFrame) {
        switch frame.pixelFormat {
        case .gray8: self.init(width: frame.width, height: frame.height, pixels: frame.pixels)
        case .rgb24: self.init(RGBImage(width: frame.width, height: frame.height, pixels: frame.pixels))
        }
    }

    /// BT.601 luma, Y = 0.299 R + 0.587 G + 0.114 B, full range: what FFmpeg's gray8 gives for
    /// the same picture, so photos and video frames look alike to the detector.
    public init(_ image: RGBImage) {
        var luma = [UInt8](repeating: 0, count: image.width * image.height)
        image.pixels.withUnsafeBufferPointer { rgb in
            for index in luma.indices {
                // Fixed point, weights scaled by 2^16 (19595 + 38470 + 7471 = 65536).
                let red = UInt32(rgb[3 * index]), green = UInt32(rgb[3 * index + 1]), blue = UInt32(rgb[3 * index + 2])
                luma[index] = UInt8((19595 * red + 38470 * green + 7471 * blue + 32768) >> 16)
            }
        }
        self.init(width: image.width, height: image.height, pixels: luma)
    }

    public subscript(x: Int, y: Int) -> UInt8 {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }

    /// Bilinear sample at pixel coordinates (pixel (x, y) at integer coordinates), clamped to
    /// the edges.
    public func sample(_ point: SIMD2<Double>) -> Double {
        let fx = min(max(point.x, 0), Double(width - 1)), fy = min(max(point.y, 0), Double(height - 1))
        let x0 = Int(fx), y0 = Int(fy)
        let x1 = min(x0 + 1, width - 1), y1 = min(y0 + 1, height - 1)
        let ax = fx - Double(x0), ay = fy - Double(y0)
        let top = Double(self[x0, y0]) + ax * (Double(self[x1, y0]) - Double(self[x0, y0]))
        let bottom = Double(self[x0, y1]) + ax * (Double(self[x1, y1]) - Double(self[x0, y1]))
        return top + ay * (bottom - top)
    }

    /// The whole picture as a rectangle.
    public var bounds: PixelRect { PixelRect(x: 0, y: 0, width: Double(width), height: Double(height)) }

    /// Lends the pixels to the C shim for the length of `body`.
    func withBorrowed<Value>(_ body: (fk_gray_image) throws(FaceKitError) -> Value) throws(FaceKitError) -> Value {
        try pixels.withUnsafeBufferPointer { (buffer) throws(FaceKitError) -> Value in
            try body(fk_gray_image(pixels: buffer.baseAddress, width: Int32(width), height: Int32(height), row_stride: Int32(width)))
        }
    }
}
