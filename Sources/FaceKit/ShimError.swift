/// The error text buffer every fallible CDlib call fills on failure.
struct ShimError {
    /// Longer dlib messages are cut: they only need to identify the failure.
    private static let capacity = 512
    private(set) var message = ""

    /// Calls `body` with a message buffer and its capacity, keeping the message it leaves.
    mutating func call<Value>(_ body: (UnsafeMutablePointer<CChar>, Int) -> Value) -> Value {
        var buffer = [CChar](repeating: 0, count: Self.capacity)
        let value = buffer.withUnsafeMutableBufferPointer { body($0.baseAddress!, $0.count) }
        message = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return value
    }
}
