import ArgumentParser
import Foundation
import MediaKit
import StageProtocol

/// The audio stage: probes each answer video into `media/<n>.json` and extracts its sound as
/// 16 kHz mono PCM into `audio/<n>.wav`. A video that cannot be used is an item error; the
/// session's other videos go on.
@main
struct StageAudioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "StageAudio",
        abstract: "Probe answer videos and extract 16 kHz mono audio (FFmpeg libraries).")

    @OptionGroup var options: StageOptions

    @Option(help: "Longest answer video accepted, in seconds (default: $MAX_VIDEO_SECONDS, else 900).")
    var maxVideoSeconds: Double?

    func run() async throws {
        try await StageMain.run(.audio, options: options) { configuration in
            AudioWorker(maxVideoSeconds: maxVideoSeconds ?? configuration.maxVideoSeconds)
        }
    }
}

struct AudioWorker: StageWorker {
    let maxVideoSeconds: Double

    func process(_ session: SessionContext) async throws {
        let items = session.request.items
        for (position, item) in items.enumerated() {
            session.reportProgress(current: position + 1, total: items.count)
            guard session.itemError(item) == nil else { continue }
            guard item.videoExists else {
                try session.recordItemError(item, message: "No video was provided for question \(item.positionID)")
                continue
            }
            guard let video = session.videoFile(for: item) else {
                try session.recordItemError(item, message: "The video for question \(item.positionID) is missing from the session")
                continue
            }
            let wav = session.url("audio/\(item.index).wav")
            let limit = maxVideoSeconds
            do {
                try FileManager.default.createDirectory(at: wav.deletingLastPathComponent(), withIntermediateDirectories: true)
                let info = try await runBlocking {
                    let info = try MediaProbe.probe(video)
                    let track = try AudioExtractor.extractMono16k(from: video, maxDurationSeconds: limit)
                    let temporary = DurableFile.temporaryURL(beside: wav)
                    try WAVFile.write(track, to: temporary)
                    try DurableFile.commit(temporary, to: wav)
                    return info
                }
                try session.writeJSON(info, to: "media/\(item.index).json")
                session.logger.info("item \(item.index): \(String(format: "%.2f", info.durationSeconds)) s, \(info.videoCodec ?? "?")/\(info.audioCodec ?? "?")")
            } catch let error as MediaError {
                try session.recordItemError(item, message: "Video \(item.index): \(error.description)")
            }
        }
    }
}
