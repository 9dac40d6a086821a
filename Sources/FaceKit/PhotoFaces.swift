/// Every face measured in one picture.
public struct PhotoFaces: Sendable, Equatable {
    /// Size of the picture in pixels.
    public var width: Int
    public var height: Int
    /// The faces, largest box first; each `detectionScore` is set.
    public var faces: [FaceMeasurement]

    public init(width: Int, height: Int, faces: [FaceMeasurement]) {
        self.width = width
        self.height = height
        self.faces = faces
    }
}
