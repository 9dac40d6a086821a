import Foundation

/// A restricted reader for Python pickle streams (protocols 2–4) as PyTorch writes them.
///
/// It never executes anything: globals are recorded by name, and only the calls a checkpoint
/// needs are interpreted (`collections.OrderedDict()`, `torch._utils._rebuild_tensor_v2`,
/// `torch._utils._rebuild_parameter`); any other call is kept as `PickleValue.call`.
/// Persistent ids of the form `('storage', type, key, location, count, ...)` become
/// `PickleValue.storage`.
struct Unpickler {
    /// Failure to read the stream; `offset` is the byte at fault.
    struct Failure: Error, CustomStringConvertible {
        var offset: Int
        var reason: String
        var description: String { "pickle error at byte \(offset): \(reason)" }
    }

    /// A stack or memo entry. Lists and dictionaries live in `containers` so that later
    /// `APPEND`/`SETITEM` opcodes reach the same object from every reference, as in Python.
    private indirect enum Node {
        case value(PickleValue)
        case tuple([Node])
        case list(Int)
        case dict(Int)
        case call(Node, Node)
        case mark
    }

    private enum Container {
        case list([Node])
        case dict([(Node, Node)])
    }

    private let bytes: [UInt8]
    private var position: Int
    private var stack: [Node] = []
    private var memo: [Int: Node] = [:]
    private var containers: [Container] = []

    /// Prepares to read one pickle starting at `offset` of `bytes`.
    init(bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.position = offset
    }

    /// Reads one pickle up to its `STOP` opcode.
    /// - Returns: the rebuilt object and the offset of the byte after `STOP`.
    mutating func load() throws -> (value: PickleValue, end: Int) {
        while true {
            let opcode = try readByte()
            switch opcode {
            case 0x80: _ = try readByte()                                   // PROTO
            case 0x95: position += 8                                        // FRAME
            case 0x2E:                                                      // STOP
                let top = try pop()
                return (try resolve(top), position)
            case 0x28: stack.append(.mark)                                  // MARK
            case 0x29: stack.append(.tuple([]))                             // EMPTY_TUPLE
            case 0x74: stack.append(.tuple(try popToMark()))                // TUPLE
            case 0x85: let a = try pop(); stack.append(.tuple([a]))         // TUPLE1
            case 0x86:                                                      // TUPLE2
                let b = try pop(), a = try pop()
                stack.append(.tuple([a, b]))
            case 0x87:                                                      // TUPLE3
                let c = try pop(), b = try pop(), a = try pop()
                stack.append(.tuple([a, b, c]))
            case 0x5D:                                                      // EMPTY_LIST
                containers.append(.list([]))
                stack.append(.list(containers.count - 1))
            case 0x61: try append([try pop()])                              // APPEND
            case 0x65: try append(try popToMark())                          // APPENDS
            case 0x7D:                                                      // EMPTY_DICT
                containers.append(.dict([]))
                stack.append(.dict(containers.count - 1))
            case 0x73:                                                      // SETITEM
                let value = try pop(), key = try pop()
                try setItems([key, value])
            case 0x75: try setItems(try popToMark())                        // SETITEMS
            case 0x4E: stack.append(.value(.none))                          // NONE
            case 0x88: stack.append(.value(.bool(true)))                    // NEWTRUE
            case 0x89: stack.append(.value(.bool(false)))                   // NEWFALSE
            case 0x4A: stack.append(.value(.int(Int(Int32(bitPattern: UInt32(try readLittleEndian(4))))))) // BININT
            case 0x4B: stack.append(.value(.int(Int(try readByte()))))      // BININT1
            case 0x4D: stack.append(.value(.int(Int(try readLittleEndian(2))))) // BININT2
            case 0x8A: stack.append(.value(try readLong(Int(try readByte())))) // LONG1
            case 0x47:                                                      // BINFLOAT (big-endian)
                var raw: UInt64 = 0
                for byte in try read(8) { raw = raw << 8 | UInt64(byte) }
                stack.append(.value(.float(Double(bitPattern: raw))))
            case 0x58: stack.append(.value(.string(try readString(Int(try readLittleEndian(4)))))) // BINUNICODE
            case 0x8C: stack.append(.value(.string(try readString(Int(try readByte()))))) // SHORT_BINUNICODE
            case 0x8D: stack.append(.value(.string(try readString(Int(try readLittleEndian(8)))))) // BINUNICODE8
            case 0x54: stack.append(.value(.string(try readString(Int(try readLittleEndian(4)))))) // BINSTRING
            case 0x55: stack.append(.value(.string(try readString(Int(try readByte()))))) // SHORT_BINSTRING
            case 0x42: stack.append(.value(.bytes(try read(Int(try readLittleEndian(4)))))) // BINBYTES
            case 0x43: stack.append(.value(.bytes(try read(Int(try readByte()))))) // SHORT_BINBYTES
            case 0x63:                                                      // GLOBAL
                let module = try readLine(), name = try readLine()
                stack.append(.value(.global(module: module, name: name)))
            case 0x93:                                                      // STACK_GLOBAL
                let name = try pop(), module = try pop()
                guard case .value(.string(let n)) = name, case .value(.string(let m)) = module else {
                    throw failure("STACK_GLOBAL needs two strings")
                }
                stack.append(.value(.global(module: m, name: n)))
            case 0x71: memo[Int(try readByte())] = try top()                // BINPUT
            case 0x72: memo[Int(try readLittleEndian(4))] = try top()       // LONG_BINPUT
            case 0x94: memo[memo.count] = try top()                         // MEMOIZE
            case 0x68: stack.append(try memoized(Int(try readByte())))      // BINGET
            case 0x6A: stack.append(try memoized(Int(try readLittleEndian(4)))) // LONG_BINGET
            case 0x52, 0x81:                                                // REDUCE, NEWOBJ
                let arguments = try pop(), callable = try pop()
                stack.append(makeCall(callable, arguments))
            case 0x62: _ = try pop()                                        // BUILD: state ignored
            case 0x51:                                                      // BINPERSID
                stack.append(.value(try persistentStorage(try resolve(try pop()))))
            case 0x30: _ = try pop()                                        // POP
            case 0x31: _ = try popToMark()                                  // POP_MARK
            case 0x32: stack.append(try top())                              // DUP
            default:
                throw Failure(offset: position - 1, reason: String(format: "unsupported opcode 0x%02X", opcode))
            }
        }
    }

    // MARK: Calls and persistent ids

    private mutating func makeCall(_ callable: Node, _ arguments: Node) -> Node {
        if case .value(.global("collections", "OrderedDict")) = callable {
            containers.append(.dict([]))
            return .dict(containers.count - 1)
        }
        return .call(callable, arguments)
    }

    private func persistentStorage(_ id: PickleValue) throws -> PickleValue {
        guard case .tuple(let fields) = id, fields.count >= 5, fields[0] == .string("storage"),
              case .global(_, let typeName) = fields[1], case .string(let key) = fields[2],
              case .int(let count) = fields[4] else {
            throw failure("persistent id is not a ('storage', type, key, location, count) tuple")
        }
        return .storage(TorchStorageReference(key: key, typeName: typeName, elementCount: count))
    }

    // MARK: Resolution into values

    private func resolve(_ node: Node) throws -> PickleValue {
        switch node {
        case .value(let value): return value
        case .tuple(let items): return .tuple(try items.map(resolve))
        case .list(let index):
            guard case .list(let items) = containers[index] else { throw failure("container kind") }
            return .list(try items.map(resolve))
        case .dict(let index):
            guard case .dict(let items) = containers[index] else { throw failure("container kind") }
            return .dict(try items.map { PickleEntry(key: try resolve($0.0), value: try resolve($0.1)) })
        case .call(let callable, let arguments):
            return try interpretCall(try resolve(callable), try resolve(arguments))
        case .mark: throw failure("MARK where an object was expected")
        }
    }

    private func interpretCall(_ callable: PickleValue, _ arguments: PickleValue) throws -> PickleValue {
        guard case .tuple(let args) = arguments else { return .call(callable: callable, arguments: arguments) }
        switch callable {
        case .global("torch._utils", "_rebuild_tensor_v2"), .global("torch._utils", "_rebuild_tensor"):
            guard args.count >= 4, case .storage(let storage) = args[0], case .int(let offset) = args[1],
                  let shape = Self.integers(args[2]), let strides = Self.integers(args[3]),
                  shape.count == strides.count else {
                throw failure("malformed _rebuild_tensor_v2 arguments")
            }
            return .tensor(TorchTensorReference(storage: storage, storageOffset: offset, shape: shape, strides: strides))
        case .global("torch._utils", "_rebuild_parameter"):
            guard let data = args.first else { throw failure("empty _rebuild_parameter arguments") }
            return data
        default:
            return .call(callable: callable, arguments: arguments)
        }
    }

    private static func integers(_ value: PickleValue) -> [Int]? {
        guard case .tuple(let items) = value else { return nil }
        var result: [Int] = []
        for item in items {
            guard case .int(let n) = item else { return nil }
            result.append(n)
        }
        return result
    }

    // MARK: Stack and containers

    private mutating func append(_ items: [Node]) throws {
        guard case .list(let index) = try top(), case .list(var list) = containers[index] else {
            throw failure("APPEND to something that is not a list")
        }
        list.append(contentsOf: items)
        containers[index] = .list(list)
    }

    private mutating func setItems(_ items: [Node]) throws {
        guard items.count % 2 == 0 else { throw failure("odd number of items for SETITEMS") }
        guard case .dict(let index) = try top(), case .dict(var dict) = containers[index] else {
            throw failure("SETITEM on something that is not a dictionary")
        }
        for pair in stride(from: 0, to: items.count, by: 2) {
            dict.append((items[pair], items[pair + 1]))
        }
        containers[index] = .dict(dict)
    }

    private mutating func pop() throws -> Node {
        guard let node = stack.popLast() else { throw failure("stack underflow") }
        return node
    }

    private func top() throws -> Node {
        guard let node = stack.last else { throw failure("stack underflow") }
        return node
    }

    private mutating func popToMark() throws -> [Node] {
        guard let markIndex = stack.lastIndex(where: { if case .mark = $0 { return true } else { return false } }) else {
            throw failure("no MARK on the stack")
        }
        let items = Array(stack[(markIndex + 1)...])
        stack.removeSubrange(markIndex...)
        return items
    }

    private func memoized(_ index: Int) throws -> Node {
        guard let node = memo[index] else { throw failure("memo entry \(index) is unset") }
        return node
    }

    // MARK: Byte reading

    private func failure(_ reason: String) -> Failure { Failure(offset: position, reason: reason) }

    private mutating func readByte() throws -> UInt8 {
        guard position < bytes.count else { throw failure("unexpected end of data") }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func read(_ count: Int) throws -> [UInt8] {
        guard count >= 0, position + count <= bytes.count else { throw failure("unexpected end of data") }
        defer { position += count }
        return Array(bytes[position..<(position + count)])
    }

    private mutating func readLittleEndian(_ count: Int) throws -> UInt64 {
        var value: UInt64 = 0
        for (shift, byte) in try read(count).enumerated() { value |= UInt64(byte) << (8 * UInt64(shift)) }
        return value
    }

    private mutating func readLong(_ count: Int) throws -> PickleValue {
        let raw = try read(count)
        guard count <= 8 else { return .wideInt(raw) }
        guard count > 0 else { return .int(0) }
        var value: UInt64 = 0
        for (shift, byte) in raw.enumerated() { value |= UInt64(byte) << (8 * UInt64(shift)) }
        if count < 8, raw[count - 1] & 0x80 != 0 { value |= ~0 << (8 * UInt64(count)) }  // sign-extend
        return .int(Int(Int64(bitPattern: value)))
    }

    private mutating func readString(_ count: Int) throws -> String {
        String(decoding: try read(count), as: UTF8.self)
    }

    private mutating func readLine() throws -> String {
        guard let newline = bytes[position...].firstIndex(of: 0x0A) else { throw failure("unterminated GLOBAL") }
        defer { position = newline + 1 }
        return String(decoding: bytes[position..<newline], as: UTF8.self)
    }
}
