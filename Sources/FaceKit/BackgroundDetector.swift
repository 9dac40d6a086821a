import Foundation

/// A detector that runs one detection at a time on a GCD worker thread while the caller works
/// on: `start`, then `wait` for the result, strictly alternating.
///
/// @unchecked Sendable: the detector, the image and the result are touched by the worker only
/// between `start` and the semaphore's signal, and by the caller only outside that span (it
/// blocks in `wait` until the signal), so no two threads use them at once.
final class BackgroundDetector: @unchecked Sendable {
    private let detector: FaceDetector
    private var job: (image: GrayImage, scale: Double, threshold: Double)?
    private var result: Result<[FaceDetection], FaceKitError>?
    private let finished = DispatchSemaphore(value: 0)

    init(_ detector: FaceDetector) {
        self.detector = detector
    }

    func start(_ image: GrayImage, scale: Double, threshold: Double) {
        precondition(job == nil, "one detection at a time")
        job = (image, scale, threshold)
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let job = job!
            result = Result { () throws(FaceKitError) in try detector.detect(in: job.image, scale: job.scale, threshold: job.threshold) }
            finished.signal()
        }
    }

    func wait() throws(FaceKitError) -> [FaceDetection] {
        finished.wait()
        defer {
            job = nil
            result = nil
        }
        return try result!.get()
    }
}
