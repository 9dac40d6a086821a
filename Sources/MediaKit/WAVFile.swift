import Foundation

/// Reads and writes the 16-bit PCM mono WAV files the pipeline stores as `audio/<n>.wav`.
///
/// Sample conversion is FFmpeg's (`pcm_s16le`): writing scales by 32768, rounds and clips to
/// [-32768, 32767]; reading divides by 32768. A write-then-read therefore returns every sample in
/// [-1, 1) within 1/65536, and `ffmpeg -i file.wav -f f32le -` reads back exactly what `read` does.
public enum WAVFile {
    /// Why a WAV file could not be written or read.
    public enum Error: Swift.Error, Equatable, Sendable, CustomStringConvertible {
        /// Writing or reading the file failed; `reason` is the system's message.
        case io(path: String, reason: String)
        /// The file is not a RIFF/WAVE file or its chunks are malformed.
        case malformed(path: String, reason: String)
        /// A valid WAV file in a format other than 16-bit PCM mono.
        case unsupportedFormat(path: String, format: String)

        public var description: String {
            switch self {
            case .io(let path, let reason): "Cannot access WAV file \(path): \(reason)"
            case .malformed(let path, let reason): "Not a valid WAV file: \(path) (\(reason))"
            case .unsupportedFormat(let path, let format): "Unsupported WAV format in \(path): \(format) (expected 16-bit PCM mono)"
            }
        }
    }

    /// Writes `track` as a 16-bit PCM mono WAV file, replacing `url` atomically.
    public static func write(_ track: AudioTrack, to url: URL) throws(Error) {
        let dataBytes = track.samples.count * 2
        var bytes = [UInt8]()
        bytes.reserveCapacity(44 + dataBytes)
        bytes += Array("RIFF".utf8)
        append(UInt32(clamping: 36 + dataBytes), to: &bytes)
        bytes += Array("WAVEfmt ".utf8)
        append(UInt32(16), to: &bytes)  // fmt chunk size
        append(UInt16(1), to: &bytes)  // PCM
        append(UInt16(1), to: &bytes)  // channels
        append(UInt32(track.sampleRate), to: &bytes)
        append(UInt32(track.sampleRate * 2), to: &bytes)  // byte rate
        append(UInt16(2), to: &bytes)  // block align
        append(UInt16(16), to: &bytes)  // bits per sample
        bytes += Array("data".utf8)
        append(UInt32(clamping: dataBytes), to: &bytes)
        for sample in track.samples {
            let scaled = (sample * 32768).rounded()
            append(UInt16(bitPattern: Int16(max(-32768, min(32767, scaled.isNaN ? 0 : scaled)))), to: &bytes)
        }
        do {
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw .io(path: url.path, reason: error.localizedDescription)
        }
    }

    /// Reads a 16-bit PCM mono WAV file, skipping chunks other than `fmt ` and `data`.
    public static func read(_ url: URL) throws(Error) -> AudioTrack {
        let path = url.path
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .io(path: path, reason: error.localizedDescription)
        }
        let bytes = [UInt8](data)
        guard bytes.count >= 12, bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WAVE".utf8) else {
            throw .malformed(path: path, reason: "no RIFF/WAVE header")
        }
        var sampleRate: Int?
        var offset = 12
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = Int(uint32(bytes, at: offset + 4))
            let body = offset + 8
            switch id {
            case "fmt ":
                guard size >= 16, body + 16 <= bytes.count else { throw .malformed(path: path, reason: "short fmt chunk") }
                let (format, channels, bits) = (uint16(bytes, at: body), uint16(bytes, at: body + 2), uint16(bytes, at: body + 14))
                guard format == 1, channels == 1, bits == 16 else {
                    throw .unsupportedFormat(path: path, format: "format tag \(format), \(channels) channels, \(bits) bits")
                }
                sampleRate = Int(uint32(bytes, at: body + 4))
            case "data":
                guard let sampleRate else { throw .malformed(path: path, reason: "data chunk before fmt chunk") }
                // A writer that was cut off (or streamed) may leave a size past the end: read what is there.
                let end = min(body + size, bytes.count)
                let samples = stride(from: body, to: end - 1, by: 2).map { Float(Int16(bitPattern: uint16(bytes, at: $0))) / 32768 }
                return AudioTrack(samples: samples, sampleRate: sampleRate)
            default:
                break
            }
            offset = body + size + (size & 1)  // chunks are padded to even sizes
        }
        throw .malformed(path: path, reason: "no data chunk")
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    private static func uint16(_ bytes: [UInt8], at offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private static func uint32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(uint16(bytes, at: offset)) | UInt32(uint16(bytes, at: offset + 2)) << 16
    }
}
