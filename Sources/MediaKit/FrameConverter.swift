import CFFmpeg

/// Scales decoded video frames to a fixed size and pixel format and turns them upright: owns a
/// `SwsContext` (rebuilt by FFmpeg when the source size or format changes mid-stream).
/// Luma and RGB come out full range whatever the source range. Not thread-safe: use it inside
/// the function that created it.
final class FrameConverter {
    /// Size of the upright output, in pixels.
    let width: Int
    let height: Int
    let pixelFormat: PixelFormat
    /// Clockwise quarter turns that make the decoded picture upright (0...3).
    let quarterTurns: Int
    private var context: OpaquePointer?

    init(width: Int, height: Int, pixelFormat: PixelFormat, quarterTurns: Int) {
        self.width = width
        self.height = height
        self.pixelFormat = pixelFormat
        self.quarterTurns = quarterTurns
    }

    deinit {
        sws_freeContext(context)
    }

    func convert(_ frame: UnsafeMutablePointer<AVFrame>) throws(MediaError) -> [UInt8] {
        // Scale in the decoded orientation, then turn.
        let (scaledWidth, scaledHeight) = quarterTurns % 2 == 0 ? (width, height) : (height, width)
        let target = pixelFormat == .gray8 ? AV_PIX_FMT_GRAY8 : AV_PIX_FMT_RGB24
        context = sws_getCachedContext(
            context, frame.pointee.width, frame.pointee.height, AVPixelFormat(frame.pointee.format),
            Int32(scaledWidth), Int32(scaledHeight), target, SWS_BILINEAR, nil, nil, nil)
        guard let context else {
            throw .decodingFailed(detail: "no conversion from pixel format \(frame.pointee.format) at \(frame.pointee.width)x\(frame.pointee.height)")
        }
        let sourceFullRange: Int32 = frame.pointee.color_range == AVCOL_RANGE_JPEG ? 1 : 0
        _ = sws_setColorspaceDetails(
            context, sws_getCoefficients(Int32(frame.pointee.colorspace.rawValue)), sourceFullRange,
            sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16)

        let rowBytes = scaledWidth * pixelFormat.bytesPerPixel
        var pixels = [UInt8](repeating: 0, count: rowBytes * scaledHeight)
        let status = pixels.withUnsafeMutableBufferPointer { buffer in
            var planes: (UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt8>?) =
                (buffer.baseAddress, nil, nil, nil)
            var strides: (Int32, Int32, Int32, Int32) = (Int32(rowBytes), 0, 0, 0)
            var sourcePlanes = frame.pointee.data
            var sourceStrides = frame.pointee.linesize
            return withUnsafePointer(to: &sourcePlanes) { sourcePlanes in
                withUnsafePointer(to: &sourceStrides) { sourceStrides in
                    withUnsafePointer(to: &planes) { planes in
                        withUnsafePointer(to: &strides) { strides in
                            sws_scale(
                                context,
                                UnsafeRawPointer(sourcePlanes).assumingMemoryBound(to: UnsafePointer<UInt8>?.self),
                                UnsafeRawPointer(sourceStrides).assumingMemoryBound(to: Int32.self),
                                0, frame.pointee.height,
                                UnsafeRawPointer(planes).assumingMemoryBound(to: UnsafeMutablePointer<UInt8>?.self),
                                UnsafeRawPointer(strides).assumingMemoryBound(to: Int32.self))
                        }
                    }
                }
            }
        }
        guard status == scaledHeight else {
            throw .decodingFailed(detail: "converting a frame: \(status < 0 ? FFmpegStatus.message(status) : "\(status) rows")")
        }
        return quarterTurns == 0 ? pixels : rotate(pixels, width: scaledWidth, height: scaledHeight)
    }

    /// Turns a `width` x `height` picture clockwise by `quarterTurns` quarter turns.
    private func rotate(_ pixels: [UInt8], width: Int, height: Int) -> [UInt8] {
        let depth = pixelFormat.bytesPerPixel
        let outWidth = quarterTurns % 2 == 0 ? width : height
        var turned = [UInt8](repeating: 0, count: pixels.count)
        pixels.withUnsafeBufferPointer { source in
            turned.withUnsafeMutableBufferPointer { target in
                for y in 0..<height {
                    for x in 0..<width {
                        let (tx, ty) =
                            switch quarterTurns {
                            case 1: (height - 1 - y, x)
                            case 2: (width - 1 - x, height - 1 - y)
                            default: (y, width - 1 - x)
                            }
                        let from = (y * width + x) * depth
                        let to = (ty * outWidth + tx) * depth
                        for channel in 0..<depth { target[to + channel] = source[from + channel] }
                    }
                }
            }
        }
        return turned
    }
}
