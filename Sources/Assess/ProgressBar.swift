/// A text progress bar: `██████░░░░`.
enum ProgressBar {
    static let defaultWidth = 24

    /// `fraction` is clamped to 0…1; the bar is always `width` characters.
    static func render(fraction: Double, width: Int = defaultWidth) -> String {
        let clamped = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        let filled = Int((clamped * Double(width)).rounded(.down))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    }
}

/// Sizes and rates as the front door states them (its limits are in MB of 1024 × 1024 bytes).
enum ByteFormat {
    static let bytesPerMB = 1024.0 * 1024.0

    static func megabytes(_ bytes: Int64) -> String { String(format: "%.1f", Double(bytes) / bytesPerMB) }
}
