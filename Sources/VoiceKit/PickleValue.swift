/// A Python object as rebuilt by `Unpickler`, restricted to what PyTorch checkpoints contain.
///
/// Containers are plain values: dictionaries keep their insertion order as a list of entries.
/// Calls the reader does not interpret (an optimizer's classes, for instance) are kept as
/// `.call` so the rest of the file can still be read.
indirect enum PickleValue: Sendable, Equatable {
    case none
    case bool(Bool)
    case int(Int)
    /// An integer too wide for `Int`: little-endian two's-complement bytes (pickle `LONG1`).
    case wideInt([UInt8])
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case tuple([PickleValue])
    case list([PickleValue])
    case dict([PickleEntry])
    /// A reference to a module-level name, such as `torch._utils._rebuild_tensor_v2`.
    case global(module: String, name: String)
    /// A tensor storage named by a persistent id (see `TorchStorageReference`).
    case storage(TorchStorageReference)
    /// A tensor view of a storage rebuilt from `_rebuild_tensor_v2`.
    case tensor(TorchTensorReference)
    /// A call the reader does not interpret: `callable(*arguments)`.
    case call(callable: PickleValue, arguments: PickleValue)

    /// The value for `key` when `self` is a dictionary with string keys.
    subscript(key: String) -> PickleValue? {
        guard case .dict(let entries) = self else { return nil }
        return entries.first { $0.key == .string(key) }?.value
    }
}

/// One key/value pair of a pickled dictionary, in insertion order.
struct PickleEntry: Sendable, Equatable {
    var key: PickleValue
    var value: PickleValue
}

/// A storage as PyTorch names it in a persistent id:
/// `('storage', <type>, key, location, element count, ...)`.
struct TorchStorageReference: Sendable, Equatable {
    /// The key under which the storage's bytes are stored in the file.
    var key: String
    /// The storage class name, e.g. `FloatStorage`.
    var typeName: String
    /// The number of elements of the whole storage.
    var elementCount: Int

    /// Bytes per element of this storage type, or nil for a type the reader does not know.
    var elementSize: Int? {
        switch typeName {
        case "DoubleStorage", "LongStorage", "ComplexFloatStorage": return 8
        case "FloatStorage", "IntStorage": return 4
        case "HalfStorage", "ShortStorage", "BFloat16Storage": return 2
        case "ByteStorage", "CharStorage", "BoolStorage": return 1
        default: return nil
        }
    }
}

/// A tensor as `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...)` describes it.
struct TorchTensorReference: Sendable, Equatable {
    var storage: TorchStorageReference
    /// Offset of the first element, in elements of the storage.
    var storageOffset: Int
    var shape: [Int]
    /// Strides in elements.
    var strides: [Int]

    /// True when the elements are laid out densely in row-major order.
    var isContiguous: Bool {
        var expected = 1
        for axis in shape.indices.reversed() where shape[axis] != 1 {
            if strides[axis] != expected { return false }
            expected *= shape[axis]
        }
        return true
    }

    var elementCount: Int { shape.reduce(1, *) }
}
