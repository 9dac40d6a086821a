/// The pixel layouts `VideoFrameReader` produces: 8 bits per channel, rows top to bottom,
/// no padding between rows.
public enum PixelFormat: String, Sendable, Equatable {
    /// One byte per pixel, full-range luma (0 black, 255 white), as from RGB by BT.601 weights.
    case gray8
    /// Three bytes per pixel in the order R, G, B, full range.
    case rgb24

    /// Bytes per pixel.
    public var bytesPerPixel: Int {
        switch self {
        case .gray8: 1
        case .rgb24: 3
        }
    }
}
