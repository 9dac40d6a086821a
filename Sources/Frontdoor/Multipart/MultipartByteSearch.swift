#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// Byte-pattern search over a `ByteBuffer`'s readable bytes.
///
/// Built on `memchr` + `memcmp` so that the scan runs at C speed even in debug builds
/// (a Swift byte loop is about 100 times slower there). `memmem` would be the natural choice,
/// but it is a GNU extension that the Glibc module does not export.
/// All offsets are relative to the buffer's reader index.
enum MultipartByteSearch {
    /// The offset of the first complete occurrence of `needle` that starts at or after `start`,
    /// or nil if there is none.
    ///
    /// Cost: one `memchr` per occurrence of `needle[0]` plus one `memcmp` per candidate.
    /// - Precondition: `needle` is not empty and `start >= 0`.
    static func firstIndex(of needle: [UInt8], in buffer: ByteBuffer, from start: Int = 0) -> Int? {
        precondition(!needle.isEmpty && start >= 0, "needle must not be empty, start must not be negative")
        return buffer.withUnsafeReadableBytes { haystack -> Int? in
            needle.withUnsafeBytes { pattern -> Int? in
                guard let base = haystack.baseAddress, let patternBase = pattern.baseAddress,
                    haystack.count - start >= pattern.count
                else { return nil }
                let firstByte = Int32(pattern[0])
                let lastStart = haystack.count - pattern.count
                var candidate = start
                while candidate <= lastStart {
                    guard let hit = memchr(base + candidate, firstByte, lastStart - candidate + 1) else {
                        return nil
                    }
                    let offset = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + offset, patternBase, pattern.count) == 0 { return offset }
                    candidate = offset + 1
                }
                return nil
            }
        }
    }

    /// The length of the longest suffix of the readable bytes that is a *proper* prefix of
    /// `needle`: the bytes that might begin an occurrence completed by the next chunk.
    ///
    /// The result is always less than `needle.count` and at most `buffer.readableBytes`.
    static func partialSuffixLength(of needle: [UInt8], in buffer: ByteBuffer) -> Int {
        buffer.withUnsafeReadableBytes { haystack -> Int in
            needle.withUnsafeBytes { pattern -> Int in
                guard let base = haystack.baseAddress, let patternBase = pattern.baseAddress else { return 0 }
                var length = min(pattern.count - 1, haystack.count)
                while length > 0 {
                    let offset = haystack.count - length
                    if haystack[offset] == pattern[0], memcmp(base + offset, patternBase, length) == 0 {
                        return length
                    }
                    length -= 1
                }
                return 0
            }
        }
    }
}
