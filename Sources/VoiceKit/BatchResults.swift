import Foundation

/// Per-batch outputs written by concurrent workers; each slot is written once, under the lock.
final class BatchResults: @unchecked Sendable {
    private var slots: [[[Float]]]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: [], count: count) }

    func store(_ embeddings: [[Float]], at index: Int) {
        lock.lock(); defer { lock.unlock() }
        slots[index] = embeddings
    }

    var joined: [[Float]] {
        lock.lock(); defer { lock.unlock() }
        return slots.flatMap { $0 }
    }
}
