/// The detector with FaceKit's policy around it: the whole-frame search for every face (with
/// candidates re-checked before they count) and the search near a known face.
///
/// Not thread-safe (it owns a `FaceDetector`).
final class FaceSearch {
    let detector: FaceDetector

    init(detector: FaceDetector) {
        self.detector = detector
    }

    /// Every face in `image`, searched after resampling by `scale`. A candidate counts if it
    /// scores `DetectorCalibration.acceptThreshold` (directly or on a re-check), or overlaps one
    /// of `knownFaces` (then the lower known-face threshold applies). Largest face first.
    func wholeFrame(_ image: GrayImage, scale: Double, knownFaces: [PixelRect]) throws(FaceKitError) -> [FaceDetection] {
        let candidates = try detector.detect(in: image, scale: scale, threshold: DetectorCalibration.candidateThreshold)
        var accepted: [FaceDetection] = []
        for candidate in candidates {
            let known = knownFaces.contains { DetectorCalibration.sameFace($0, candidate.box) }
            if (known && candidate.score >= DetectorCalibration.knownFaceThreshold) || candidate.score >= DetectorCalibration.acceptThreshold {
                accepted.append(candidate)
            } else if let rechecked = try recheck(candidate, in: image) {
                accepted.append(rechecked)
            }
        }
        return accepted.sorted { $0.box.width > $1.box.width }
    }

    /// The face near `box` (where a face was), or nil: the best detection in the surrounding
    /// region that overlaps `box` as the same face and scores at least `threshold`.
    func near(_ box: PixelRect, in image: GrayImage, threshold: Double) throws(FaceKitError) -> FaceDetection? {
        try near(box, in: image, threshold: threshold, resampledWidth: DetectorCalibration.knownFaceResampledWidth)
    }

    private func near(_ box: PixelRect, in image: GrayImage, threshold: Double, resampledWidth: Double) throws(FaceKitError) -> FaceDetection? {
        let region = box.expanded(by: DetectorCalibration.knownFaceMargin)
        let scale = resampledWidth / max(box.width, 1)
        return try detector.detect(in: image, region: region, scale: scale, threshold: threshold)
            .filter { DetectorCalibration.sameFace($0.box, box) }
            .max { $0.score < $1.score }
    }

    /// The candidate's best detection over the re-check sizes if one reaches the accept score.
    private func recheck(_ candidate: FaceDetection, in image: GrayImage) throws(FaceKitError) -> FaceDetection? {
        for width in DetectorCalibration.recheckWidths {
            if let found = try near(candidate.box, in: image, threshold: DetectorCalibration.acceptThreshold, resampledWidth: width) {
                return found
            }
        }
        return nil
    }
}
