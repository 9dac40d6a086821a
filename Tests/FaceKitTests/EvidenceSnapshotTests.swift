import FaceKit
import Foundation
import Testing

@Suite struct EvidenceSnapshotTests {
    /// Mean gray level of a rectangle of a picture.
    static func meanLevel(_ image: GrayImage, x: Range<Int>, y: Range<Int>) -> Double {
        var sum = 0
        for row in y { for column in x { sum += Int(image[column, row]) } }
        return Double(sum) / Double(x.count * y.count)
    }

    @Test func writesTheFrameNearestEachTime() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("facekit-evidence-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Out of order, one during the cover, one past the end.
        let times = [4.5, 1.0, 20.0, 0.0]
        let requests = times.enumerated().map { EvidenceSnapshot.Request(time: $1, destination: directory.appendingPathComponent("\($0).jpg")) }
        let written = try EvidenceSnapshot.write(requests, fromVideoAt: FaceTestMedia.url("covered.mp4"))
        #expect(written.count == 4)
        for (wanted, got) in zip(times.prefix(2), written.prefix(2)) { #expect(abs(wanted - got) <= 0.5 / 30 + 1e-9) }
        #expect(written[2] > 9.9 && written[2] < 10, "the last frame for a time past the end")
        #expect(written[3] == 0)

        for request in requests {
            let bytes = try Data(contentsOf: request.destination)
            #expect(bytes.prefix(3) == Data([0xFF, 0xD8, 0xFF]), "JPEG signature")
            let picture = try RGBImage(contentsOf: request.destination)
            #expect(picture.width == 640 && picture.height == 480)
        }
        // The cover is a flat gray box (0x80) over x 170-470, y 90-390 from 4 s to 6 s.
        let covered = GrayImage(try RGBImage(contentsOf: requests[0].destination))
        let face = GrayImage(try RGBImage(contentsOf: requests[1].destination))
        let coverLevel = Self.meanLevel(covered, x: 250..<400, y: 150..<330)
        #expect(abs(coverLevel - 128) < 6, "gray box level \(coverLevel)")
        #expect(abs(Self.meanLevel(face, x: 250..<400, y: 150..<330) - coverLevel) > 10)
    }

    @Test func nothingRequestedReadsNothing() throws {
        #expect(try EvidenceSnapshot.write([], fromVideoAt: URL(fileURLWithPath: "/nonexistent.mp4")).isEmpty)
    }
}
