// FaceBench: how fast FaceKit analyses a video, against dlib run the plain way on the same frames.
//
//   FaceBench --video FILE [--rounds 2] [--out FILE] [--merge-into FILE]
//
// Each round times, one after the other on the same video:
//   facekit          FaceAnalyzer.analyze with the default configuration (15 analysed frames/s,
//                    detection every 3 frames near the tracked face, the whole frame every 0.4 s
//                    resampled for 60-px faces, landmarks tracked in between);
//   dlib_every_frame dlib's detector on every analysed frame at the frame's own resolution (finds
//                    faces from about 80 px) and the 68 landmarks of every face found;
//   dlib_every_frame_min_face  the same with the frame resampled as FaceKit's whole-frame search
//                    is, so it finds the same 60-px faces.
// All three decode the video the same way (MediaKit, 15 frames/s, gray); the landmark model is
// loaded once, before timing. The best round of each is kept. Writes the results as JSON to
// --out (and under the key "face" of --merge-into, keeping its other keys) and prints a summary.

import FaceKit
import Foundation
import MediaKit

let usage = "usage: FaceBench --video FILE [--rounds N] [--out FILE] [--merge-into FILE]"

struct BenchError: Error, CustomStringConvertible {
    let description: String
}

/// `--name value` flags.
func parseFlags(_ arguments: ArraySlice<String>) throws -> [String: String] {
    var flags: [String: String] = [:]
    var iterator = arguments.makeIterator()
    while let argument = iterator.next() {
        if argument == "--help" || argument == "-h" { print(usage); exit(0) }
        guard argument.hasPrefix("--"), let value = iterator.next() else { throw BenchError(description: usage) }
        flags[String(argument.dropFirst(2))] = value
    }
    return flags
}

/// Wall and CPU seconds of `body` (CPU over all the process's threads: user + system).
func measure<T>(_ body: () throws -> T) rethrows -> (value: T, wall: Double, cpu: Double) {
    func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
    let cpuStart = cpuSeconds(), start = DispatchTime.now()
    let value = try body()
    let wall = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    return (value, wall, cpuSeconds() - cpuStart)
}

/// Peak resident memory of the process in MB (VmHWM).
func peakResidentMegabytes() -> Double? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return nil }
    return kilobytes / 1024
}

func rounded(_ value: Double, _ digits: Int = 3) -> Double {
    let scale = pow(10, Double(digits))
    return (value * scale).rounded() / scale
}

/// One engine's timings over the rounds.
struct Timing {
    var wall: [Double] = []
    var cpu: [Double] = []
    var framesWithFace = 0

    func summary(analysedFrames: Int, videoSeconds: Double, videoFramesPerSecond: Double, extra: [String: Any] = [:]) -> [String: Any] {
        let best = wall.min()!
        return extra.merging([
            "seconds_best": rounded(best), "seconds_all": wall.map { rounded($0) },
            "cpu_seconds_of_best": rounded(cpu[wall.firstIndex(of: best)!]),
            "analysed_frames": analysedFrames,
            "analysed_frames_per_second": rounded(Double(analysedFrames) / best, 1),
            "video_seconds_per_second": rounded(videoSeconds / best, 2),
            "video_frames_per_second": rounded(videoSeconds * videoFramesPerSecond / best, 1),
            "frames_with_face": framesWithFace,
        ]) { own, _ in own }
    }
}

do {
    let flags = try parseFlags(CommandLine.arguments.dropFirst())
    guard let videoPath = flags["video"] else { throw BenchError(description: usage) }
    let video = URL(fileURLWithPath: videoPath)
    let rounds = Int(flags["rounds"] ?? "2") ?? 2
    let info = try MediaProbe.probe(video)
    let videoFramesPerSecond = info.fps ?? 30
    let loadAverage = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    print("FaceBench: \(video.lastPathComponent), \(info.durationSeconds) s, \(info.width ?? 0)x\(info.height ?? 0) at \(videoFramesPerSecond) fps; \(FaceDetector.buildDescription); load average \(loadAverage)")

    let analyzer = try FaceAnalyzer()
    let configuration = analyzer.configuration
    let fullSearchScale = configuration.fullSearchScale()
    var facekit = Timing(), plain = Timing(), plainMinimumFace = Timing()
    var track: FaceTrack?

    /// dlib the plain way: detect on every analysed frame at `scale`, landmarks for every face.
    func everyFrame(scale: Double) throws -> Int {
        let detector = try FaceDetector()
        var withFace = 0
        try VideoFrameReader(options: .init(framesPerSecond: configuration.framesPerSecond, width: info.width, pixelFormat: .gray8))
            .readFrames(from: video) { frame in
                let image = GrayImage(frame)
                let faces = try detector.detect(in: image, scale: scale, threshold: 0)
                for face in faces { _ = try analyzer.landmarkModel.landmarks(in: image, box: face.box) }
                if !faces.isEmpty { withFace += 1 }
            }
        return withFace
    }

    for round in 1...rounds {
        let ours = try measure { try analyzer.analyze(videoAt: video) }
        facekit.wall.append(ours.wall)
        facekit.cpu.append(ours.cpu)
        track = ours.value
        facekit.framesWithFace = ours.value.frames.filter { $0.face != nil }.count
        let reference = try measure { try everyFrame(scale: 1) }
        plain.wall.append(reference.wall)
        plain.cpu.append(reference.cpu)
        plain.framesWithFace = reference.value
        let referenceMinimumFace = try measure { try everyFrame(scale: fullSearchScale) }
        plainMinimumFace.wall.append(referenceMinimumFace.wall)
        plainMinimumFace.cpu.append(referenceMinimumFace.cpu)
        plainMinimumFace.framesWithFace = referenceMinimumFace.value
        print(String(format: "round %d: facekit %.2f s, dlib every frame %.2f s, at %.2fx %.2f s", round, ours.wall, reference.wall, fullSearchScale, referenceMinimumFace.wall))
    }

    let frames = track!.frames
    let seconds = info.durationSeconds
    let facekitSummary = facekit.summary(
        analysedFrames: frames.count, videoSeconds: seconds, videoFramesPerSecond: videoFramesPerSecond,
        extra: [
            "analysed_frames_per_video_second": configuration.framesPerSecond,
            "detect_every_frames": configuration.detectEveryFrames,
            "full_search_interval_seconds": track!.settings.fullSearchIntervalSeconds,
            "minimum_face_width": configuration.minimumFaceWidth,
            "full_searches": frames.filter(\.fullSearch).count,
            "detections": frames.filter { $0.face?.detectionScore != nil }.count,
            "frames_with_two_or_more_faces": frames.filter { $0.faceCount >= 2 }.count,
            "seconds_for_60_s_of_video": rounded(facekit.wall.min()! * 60 / seconds, 2),
        ])
    let plainSummary = plain.summary(analysedFrames: frames.count, videoSeconds: seconds, videoFramesPerSecond: videoFramesPerSecond, extra: ["scale": 1.0])
    let plainMinimumFaceSummary = plainMinimumFace.summary(
        analysedFrames: frames.count, videoSeconds: seconds, videoFramesPerSecond: videoFramesPerSecond, extra: ["scale": fullSearchScale])
    let targetVideoFramesPerSecond = 120.0
    let ours = facekitSummary["video_frames_per_second"] as! Double
    let results: [String: Any] = [
        "video": ["file": video.lastPathComponent, "duration_s": rounded(seconds, 2), "width": info.width ?? 0, "height": info.height ?? 0,
                  "fps": videoFramesPerSecond],
        "machine": ["cores": ProcessInfo.processInfo.activeProcessorCount, "load_average_at_start": loadAverage,
                    "peak_rss_mb": peakResidentMegabytes().map { rounded($0, 1) } ?? 0],
        "build": FaceDetector.buildDescription,
        "rounds": rounds,
        "facekit": facekitSummary,
        "dlib_every_frame": plainSummary,
        "dlib_every_frame_min_face": plainMinimumFaceSummary,
        "speedup_vs_dlib_every_frame": rounded(plain.wall.min()! / facekit.wall.min()!, 2),
        "speedup_vs_dlib_every_frame_min_face": rounded(plainMinimumFace.wall.min()! / facekit.wall.min()!, 2),
        "target_video_frames_per_second": targetVideoFramesPerSecond,
        "meets_target": ours >= targetVideoFramesPerSecond,
    ]
    let json = try JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys])
    if let out = flags["out"] { try json.write(to: URL(fileURLWithPath: out)) }
    if let mergePath = flags["merge-into"] {
        let url = URL(fileURLWithPath: mergePath)
        var merged = (try? Data(contentsOf: url)).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] } ?? [:]
        merged["face"] = results
        try JSONSerialization.data(withJSONObject: merged, options: [.prettyPrinted, .sortedKeys]).write(to: url)
    }
    print(String(decoding: json, as: UTF8.self))
    print(String(
        format: "facekit: %.1f analysed frames/s, %.0f video frames/s (target %.0f), 60 s of video in %.2f s; %.2fx dlib every frame, %.2fx dlib every frame at %.2fx",
        facekitSummary["analysed_frames_per_second"] as! Double, ours, targetVideoFramesPerSecond,
        facekitSummary["seconds_for_60_s_of_video"] as! Double, results["speedup_vs_dlib_every_frame"] as! Double,
        results["speedup_vs_dlib_every_frame_min_face"] as! Double, fullSearchScale))
} catch {
    FileHandle.standardError.write(Data("FaceBench: \(error)\n".utf8))
    exit(1)
}
