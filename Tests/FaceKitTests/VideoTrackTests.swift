import FaceKit
import Foundation
import Testing

/// One pass over generated videos shows the facts the integrity checks are built on: the face
/// seen throughout a clean video, missing while covered, a second face counted while shown, the
/// eyes' aspect ratio dipping when they close.
@Suite struct VideoTrackTests {
    /// How far an interval in the track may be from the one built into the video.
    static let edgeToleranceSeconds = 0.5

    static func analyze(_ name: String) throws -> FaceTrack {
        try SharedAnalyzer.get().analyze(videoAt: FaceTestMedia.url(name))
    }

    @Test func cleanVideoShowsOneFaceThroughout() throws {
        var progress: [Double] = []
        let track = try SharedAnalyzer.get().analyze(videoAt: FaceTestMedia.url(FaceTestMedia.clean.name)) { progress.append($0) }
        #expect(track.width == 640 && track.height == 480)
        #expect(abs(track.durationSeconds - 10) < 0.05)
        #expect(track.framesPerSecond == 15)
        #expect(track.frames.count == 150)
        #expect(track.frames.enumerated().allSatisfy { abs($1.time - Double($0) / 15) < 1e-9 })
        #expect(progress == progress.sorted() && progress.last == 1)

        let seen = track.frames.filter { $0.face != nil }.count
        #expect(Double(seen) / Double(track.frames.count) >= 0.95, "face on \(seen) of \(track.frames.count) frames")
        #expect(track.frames.allSatisfy { $0.faceCount == 1 })
        for frame in track.frames {
            guard let face = frame.face else { continue }
            #expect(PhotoTests.landmarksInsideBox(face), "landmarks outside the box at \(frame.time) s")
            #expect(abs(face.yaw) < 6 && abs(face.pitch) < 10, "pose \(face.yaw), \(face.pitch) at \(frame.time) s")
            #expect(face.eyeAspectRatio > 0.25)
        }
        // Cadence: the whole frame at least every interval; a detection at least every N frames.
        let searches = track.frames.filter(\.fullSearch).map(\.time)
        #expect(searches.first == 0)
        #expect(zip(searches, searches.dropFirst()).allSatisfy { $1 - $0 <= track.settings.fullSearchIntervalSeconds + 1e-9 })
        var sinceDetection = 0
        for frame in track.frames {
            sinceDetection = frame.face?.detectionScore == nil ? sinceDetection + 1 : 0
            #expect(sinceDetection < track.settings.detectEveryFrames)
        }
        // The track is the faces/<n>.json artifact: it survives a JSON round trip.
        let decoded = try JSONDecoder().decode(FaceTrack.self, from: JSONEncoder().encode(track))
        #expect(decoded == track)
    }

    @Test(arguments: FaceTestMedia.covered)
    func coveredFaceIsMissingWhileCovered(video: FaceTestMedia.TimedVideo) throws {
        let track = try Self.analyze(video.name)
        let missing = track.runs { $0.face == nil }
        #expect(missing.count == 1, "missing \(missing)")
        let run = try #require(missing.first)
        #expect(abs(run.start - video.interval.lowerBound) <= Self.edgeToleranceSeconds, "missing \(run)")
        #expect(abs(run.end - video.interval.upperBound) <= Self.edgeToleranceSeconds, "missing \(run)")
        let inside = (video.interval.lowerBound + Self.edgeToleranceSeconds)...(video.interval.upperBound - Self.edgeToleranceSeconds)
        #expect(track.frames.filter { inside.contains($0.time) }.allSatisfy { $0.faceCount == 0 && $0.face == nil })
        let outside = track.frames.filter {
            $0.time < video.interval.lowerBound - Self.edgeToleranceSeconds || $0.time > video.interval.upperBound + Self.edgeToleranceSeconds
        }
        #expect(outside.allSatisfy { $0.faceCount == 1 && $0.face != nil })
    }

    @Test(arguments: FaceTestMedia.secondFace)
    func secondFaceIsCountedWhileShown(video: FaceTestMedia.TimedVideo) throws {
        let track = try Self.analyze(video.name)
        let several = track.runs { $0.faceCount >= 2 }
        #expect(several.count == 1, "two faces \(several)")
        let run = try #require(several.first)
        #expect(run.start >= video.interval.lowerBound - 1e-9, "a second face before it appears: \(run)")
        #expect(run.start - video.interval.lowerBound <= Self.edgeToleranceSeconds, "two faces \(run)")
        #expect(abs(run.end - video.interval.upperBound) <= Self.edgeToleranceSeconds, "two faces \(run)")
        #expect(track.frames.allSatisfy { $0.faceCount <= 2 })
        // The candidate's face (the larger, there first) stays the tracked one throughout.
        let second = try #require(video.secondFaceCentre)
        for frame in track.frames {
            let face = try #require(frame.face, "no face at \(frame.time) s")
            let box = PixelRect(x: face.box[0], y: face.box[1], width: face.box[2], height: face.box[3])
            #expect(!box.contains(second), "tracked the second face at \(frame.time) s")
        }
    }

    @Test func blinksShowAsEyeAspectRatioDips() throws {
        let track = try Self.analyze(FaceTestMedia.blinkVideo)
        let ratios = track.frames.compactMap { $0.face?.eyeAspectRatio }
        #expect(ratios.count == track.frames.count, "the face is seen on every frame")
        let open = ratios.sorted()[ratios.count / 2]
        #expect(open > 0.25)
        // Closed: below 60 % of the open eye's ratio (measured: open 0.31-0.35, closed 0.06-0.13).
        let isClosed = { (frame: FaceFrame) in (frame.face?.eyeAspectRatio ?? open) < 0.6 * open }
        let dips = track.runs(where: isClosed)
        #expect(abs(dips.count - FaceTestMedia.blinks.count) <= 1, "dips \(dips)")
        let frame = 1 / track.framesPerSecond
        for blink in FaceTestMedia.blinks {
            #expect(dips.contains { $0.start < blink.upperBound && $0.end > blink.lowerBound }, "no dip during \(blink)")
        }
        for dip in dips {
            #expect(FaceTestMedia.blinks.contains { dip.start >= $0.lowerBound - frame && dip.end <= $0.upperBound + frame }, "dip \(dip) outside the blinks")
        }
        // Closed eyes have no pupil.
        for closed in track.frames where (closed.face?.eyeAspectRatioLeft ?? 1) < 0.15 && (closed.face?.eyeAspectRatioRight ?? 1) < 0.15 {
            #expect(closed.face?.gazeHorizontal == nil)
        }
    }
}
