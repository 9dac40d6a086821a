// Whisper, part 2 of 7: loading the weights of a CTranslate2 `model.bin`.
//
// Layout (binary version 6, little-endian, no alignment; see
// /work/shared/reference/whisper-ct2-format-and-baseline.md, section 3):
//   u32 version; [str spec name; u32 spec revision]; u32 count;
//   count × { str name; u8 rank; u32 dims[rank]; u8 dtype; u32 byte count; bytes };
//   [u32 alias count; alias count × { str alias; str target }]
// where `str` is a u16 length that includes a trailing NUL, then the bytes.

import Foundation

/// One variable of the model file. float16 data is kept as float16 (the decoder reads it that
/// way, halving memory traffic); everything else is widened to float32.
public struct Tensor: Sendable {
    /// Row-major shape; empty for a scalar.
    public let shape: [Int]
    let storage: WeightStorage

    /// The number of elements.
    public var count: Int { storage.count }

    /// All values as float32 (converted on each access for float16 data).
    public var values: [Float] { storage.floats }
}

/// Weight values in the precision they were stored in.
enum WeightStorage: Sendable, Equatable {
    case single([Float])
    case half([Float16])

    var count: Int {
        switch self {
        case .single(let v): return v.count
        case .half(let v): return v.count
        }
    }

    var floats: [Float] {
        switch self {
        case .single(let v): return v
        case .half(let v):
            return [Float](unsafeUninitializedCapacity: v.count) { out, initialized in
                v.withUnsafeBufferPointer { Kernels.widen($0.baseAddress!, count: v.count, into: out.baseAddress!) }
                initialized = v.count
            }
        }
    }
}

/// The variables of a CTranslate2 model file, by name.
public struct ModelWeights: Sendable {
    /// Format version of the file (1 … 6 are understood).
    public let binaryVersion: Int
    /// The model spec, `"WhisperSpec"` for Whisper.
    public let specName: String
    public let specRevision: Int
    /// Every stored variable, converted to float32.
    public let variables: [String: Tensor]
    /// `alias → target` names (Whisper ties `decoder/projection/weight` to the embeddings).
    public let aliases: [String: String]

    /// Reads and converts every variable. Throws `WhisperError.malformedModelFile` when the file
    /// is truncated, has trailing bytes or uses a data type other than float32/16, bfloat16,
    /// int8/16/32.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url, options: .alwaysMapped) } catch {
            throw WhisperError.missingModelFile(url.path)
        }
        let path = url.path
        (binaryVersion, specName, specRevision, variables, aliases) = try data.withUnsafeBytes { raw in
            var reader = ByteReader(bytes: raw, path: path)
            let version = Int(try reader.u32())
            guard (1...6).contains(version) else {
                throw WhisperError.malformedModelFile(path, "unsupported binary version \(version)")
            }
            var spec = "", revision = 1
            if version >= 2 {
                spec = try reader.string()
                revision = Int(try reader.u32())
            }
            let count = Int(try reader.u32())
            var variables: [String: Tensor] = [:]
            variables.reserveCapacity(count)
            for _ in 0..<count {
                let name = try reader.string()
                let rank = Int(try reader.u8())
                var shape: [Int] = []
                for _ in 0..<rank { shape.append(Int(try reader.u32())) }
                let elements = shape.reduce(1, *)
                let dtype: UInt8
                let byteCount: Int
                if version >= 4 {
                    dtype = try reader.u8()
                    byteCount = Int(try reader.u32())
                } else {
                    let itemSize = try reader.u8()
                    dtype = itemSize == 4 ? 0 : itemSize == 2 ? 2 : 1
                    byteCount = Int(try reader.u32()) * Int(itemSize)
                }
                let bytes = try reader.take(byteCount)
                let storage = try Self.decode(bytes, dtype: dtype, elements: elements, name: name, path: path)
                variables[name] = Tensor(shape: shape, storage: storage)
            }
            var aliases: [String: String] = [:]
            if version >= 3 {
                let aliasCount = Int(try reader.u32())
                for _ in 0..<aliasCount {
                    let alias = try reader.string()
                    aliases[alias] = try reader.string()
                }
            }
            guard reader.offset == raw.count else {
                throw WhisperError.malformedModelFile(path, "\(raw.count - reader.offset) trailing bytes")
            }
            return (version, spec, revision, variables, aliases)
        }
    }

    /// The variable `name`, following an alias if needed.
    public func tensor(_ name: String) throws -> Tensor {
        if let tensor = variables[name] { return tensor }
        if let target = aliases[name], let tensor = variables[target] { return tensor }
        throw WhisperError.missingWeight(name)
    }

    /// The variable `name`, checked to have exactly `shape`.
    func tensor(_ name: String, shape: [Int]) throws -> Tensor {
        let tensor = try tensor(name)
        guard tensor.shape == shape else {
            throw WhisperError.weightShapeMismatch(name, expected: shape, found: tensor.shape)
        }
        return tensor
    }

    /// A scalar configuration value such as `encoder/num_heads`.
    func scalar(_ name: String) throws -> Int {
        let tensor = try tensor(name)
        guard tensor.count == 1 else {
            throw WhisperError.weightShapeMismatch(name, expected: [], found: tensor.shape)
        }
        return Int(tensor.values[0])
    }

    private static func decode(_ bytes: UnsafeRawBufferPointer, dtype: UInt8, elements: Int,
                               name: String, path: String) throws -> WeightStorage {
        let itemSize: Int
        switch dtype {
        case 0, 3: itemSize = 4  // float32, int32
        case 2, 4, 5: itemSize = 2  // int16, float16, bfloat16
        case 1: itemSize = 1  // int8
        default: throw WhisperError.malformedModelFile(path, "\(name): unknown dtype \(dtype)")
        }
        guard bytes.count == elements * itemSize else {
            throw WhisperError.malformedModelFile(path, "\(name): \(bytes.count) bytes for \(elements) elements")
        }
        if dtype == 4 {
            return .half([Float16](unsafeUninitializedCapacity: elements) { out, initialized in
                for i in 0..<elements {
                    out[i] = Float16(bitPattern: UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
                }
                initialized = elements
            })
        }
        return .single([Float](unsafeUninitializedCapacity: elements) { out, initialized in
            switch dtype {
            case 0:
                for i in 0..<elements { out[i] = bytes.loadUnaligned(fromByteOffset: 4 * i, as: Float.self) }
            case 3:
                for i in 0..<elements { out[i] = Float(bytes.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self)) }
            case 5:
                for i in 0..<elements {
                    let bits = UInt32(bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) << 16
                    out[i] = Float(bitPattern: bits)
                }
            case 2:
                for i in 0..<elements { out[i] = Float(bytes.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self)) }
            default:
                for i in 0..<elements { out[i] = Float(bytes.load(fromByteOffset: i, as: Int8.self)) }
            }
            initialized = elements
        })
    }
}

/// A bounds-checked little-endian cursor over the model file.
private struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    let path: String
    var offset = 0

    init(bytes: UnsafeRawBufferPointer, path: String) {
        self.bytes = bytes
        self.path = path
    }

    mutating func take(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, offset + count <= bytes.count else {
            throw WhisperError.malformedModelFile(path, "truncated at byte \(offset)")
        }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
    }

    mutating func u8() throws -> UInt8 { try take(1).load(as: UInt8.self) }
    mutating func u16() throws -> UInt16 { UInt16(littleEndian: try take(2).loadUnaligned(as: UInt16.self)) }
    mutating func u32() throws -> UInt32 { UInt32(littleEndian: try take(4).loadUnaligned(as: UInt32.self)) }

    /// A u16 length (counting the trailing NUL) followed by that many bytes.
    mutating func string() throws -> String {
        let length = Int(try u16())
        let raw = try take(length)
        let text = raw.prefix(while: { $0 != 0 })
        return String(decoding: text, as: UTF8.self)
    }
}
