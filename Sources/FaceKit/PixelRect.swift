/// An axis-aligned rectangle in pixels of a picture: top-left corner and size, y down.
public struct PixelRect: Sendable, Equatable, Hashable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The rectangle of the given size centred on `center`.
    public init(center: SIMD2<Double>, width: Double, height: Double) {
        self.init(x: center.x - width / 2, y: center.y - height / 2, width: width, height: height)
    }

    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
    public var center: SIMD2<Double> { SIMD2(x + width / 2, y + height / 2) }
    public var area: Double { max(0, width) * max(0, height) }

    /// The same centre, each side pushed out by `fraction` of the width (left, right) or height
    /// (top, bottom); negative fractions shrink it.
    public func expanded(by fraction: Double) -> PixelRect {
        PixelRect(center: center, width: width * (1 + 2 * fraction), height: height * (1 + 2 * fraction))
    }

    /// The part inside `0..<width` x `0..<height` (empty, with zero size, when they do not meet).
    public func clamped(width imageWidth: Int, height imageHeight: Int) -> PixelRect {
        let left = min(max(x, 0), Double(imageWidth)), top = min(max(y, 0), Double(imageHeight))
        let right = max(min(maxX, Double(imageWidth)), left), bottom = max(min(maxY, Double(imageHeight)), top)
        return PixelRect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// Area of the intersection over area of the union, 0 (apart) ... 1 (equal).
    public func intersectionOverUnion(_ other: PixelRect) -> Double {
        let overlapWidth = min(maxX, other.maxX) - max(x, other.x)
        let overlapHeight = min(maxY, other.maxY) - max(y, other.y)
        guard overlapWidth > 0, overlapHeight > 0 else { return 0 }
        let overlap = overlapWidth * overlapHeight
        return overlap / (area + other.area - overlap)
    }

    public func contains(_ point: SIMD2<Double>) -> Bool {
        point.x >= x && point.x <= maxX && point.y >= y && point.y <= maxY
    }

    /// x, y, width, height, as in `FaceMeasurement.box`.
    var components: [Double] { [x, y, width, height] }
}
