import Foundation

/// A PyTorch checkpoint in the legacy (torch ≤ 1.5, non-zip) serialisation, read without Python.
///
/// The file is a sequence of pickles followed by raw storage records:
/// 1. the magic number `0x1950a86a20f9469cfc6c`, 2. the protocol version 1001,
/// 3. `sys_info` (endianness and type sizes), 4. the checkpoint object itself, in which tensors
/// are `_rebuild_tensor_v2` calls over storages named by persistent ids, 5. the list of storage
/// keys, then for each key in that order an int64 little-endian element count and the elements'
/// little-endian bytes. The reader checks that the records end exactly at the end of the file.
///
/// The zip serialisation of torch ≥ 1.6 is not supported (Resemblyzer's `pretrained.pt` is
/// legacy); such a file is reported as `VoiceKitError.malformedCheckpoint`.
struct TorchCheckpoint: Sendable {
    /// The checkpoint object (for Resemblyzer: `{'step', 'model_state', 'optimizer_state'}`).
    let root: PickleValue
    /// Byte offset in the file of each storage's first element, by storage key.
    let storageDataOffsets: [String: Int]
    private let bytes: [UInt8]
    private let path: String

    private static let magic: [UInt8] = [0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19]
    private static let legacyProtocolVersion = 1001

    /// Reads and indexes the checkpoint at `url`.
    /// - Throws: `VoiceKitError.missingCheckpoint` when the file cannot be read,
    ///   `VoiceKitError.malformedCheckpoint` when it is not a legacy PyTorch checkpoint.
    init(contentsOf url: URL) throws {
        path = url.path
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw VoiceKitError.missingCheckpoint(url.path)
        }
        bytes = [UInt8](data)
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            throw VoiceKitError.malformedCheckpoint(path, "zip-format (torch >= 1.6) checkpoints are not supported")
        }
        do {
            var offset = 0
            let magicNumber = try Self.pickle(bytes, at: &offset)
            guard magicNumber == .wideInt(Self.magic) else { throw malformed("not a legacy torch file (magic number)") }
            let version = try Self.pickle(bytes, at: &offset)
            guard version == .int(Self.legacyProtocolVersion) else { throw malformed("protocol version \(version)") }
            let sysInfo = try Self.pickle(bytes, at: &offset)
            guard sysInfo["little_endian"] == .bool(true) else { throw malformed("big-endian checkpoint") }
            root = try Self.pickle(bytes, at: &offset)
            guard case .list(let keyValues) = try Self.pickle(bytes, at: &offset) else {
                throw malformed("storage key list missing")
            }
            var storages: [String: TorchStorageReference] = [:]
            Self.collectStorages(root, into: &storages)
            var offsets: [String: Int] = [:]
            for keyValue in keyValues {
                guard case .string(let key) = keyValue, let storage = storages[key] else {
                    throw malformed("storage record \(keyValue) is not referenced by the checkpoint")
                }
                guard let elementSize = storage.elementSize else {
                    throw malformed("storage \(key) has unsupported type \(storage.typeName)")
                }
                guard offset + 8 <= bytes.count else { throw malformed("truncated storage record \(key)") }
                let count = Int(Self.int64(bytes, at: offset))
                guard count == storage.elementCount, offset + 8 + count * elementSize <= bytes.count else {
                    throw malformed("storage \(key) has \(count) elements, expected \(storage.elementCount)")
                }
                offsets[key] = offset + 8
                offset += 8 + count * elementSize
            }
            guard offset == bytes.count else { throw malformed("\(bytes.count - offset) trailing bytes") }
            storageDataOffsets = offsets
        } catch let failure as Unpickler.Failure {
            throw VoiceKitError.malformedCheckpoint(url.path, failure.description)
        }

        func malformed(_ reason: String) -> VoiceKitError { .malformedCheckpoint(url.path, reason) }
    }

    /// The float32 elements of `tensor`, in row-major order.
    /// - Throws: `VoiceKitError.malformedCheckpoint` for a non-float32, non-contiguous or
    ///   out-of-range tensor.
    func floats(of tensor: TorchTensorReference) throws -> [Float] {
        guard tensor.storage.typeName == "FloatStorage" else {
            throw VoiceKitError.malformedCheckpoint(path, "tensor of \(tensor.storage.typeName), expected FloatStorage")
        }
        guard tensor.isContiguous else {
            throw VoiceKitError.malformedCheckpoint(path, "non-contiguous tensor (strides \(tensor.strides))")
        }
        guard let base = storageDataOffsets[tensor.storage.key],
              tensor.storageOffset >= 0, tensor.storageOffset + tensor.elementCount <= tensor.storage.elementCount else {
            throw VoiceKitError.malformedCheckpoint(path, "tensor outside its storage \(tensor.storage.key)")
        }
        let start = base + 4 * tensor.storageOffset
        return bytes.withUnsafeBytes { raw in
            (0..<tensor.elementCount).map { index in
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + 4 * index, as: UInt32.self)))
            }
        }
    }

    private static func pickle(_ bytes: [UInt8], at offset: inout Int) throws -> PickleValue {
        var unpickler = Unpickler(bytes: bytes, offset: offset)
        let (value, end) = try unpickler.load()
        offset = end
        return value
    }

    private static func int64(_ bytes: [UInt8], at offset: Int) -> Int64 {
        bytes.withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: Int64.self)) }
    }

    private static func collectStorages(_ value: PickleValue, into storages: inout [String: TorchStorageReference]) {
        switch value {
        case .storage(let storage): storages[storage.key] = storage
        case .tensor(let tensor): storages[tensor.storage.key] = tensor.storage
        case .tuple(let items), .list(let items): items.forEach { collectStorages($0, into: &storages) }
        case .dict(let entries):
            entries.forEach { collectStorages($0.key, into: &storages); collectStorages($0.value, into: &storages) }
        case .call(let callable, let arguments):
            collectStorages(callable, into: &storages)
            collectStorages(arguments, into: &storages)
        default: break
        }
    }
}
