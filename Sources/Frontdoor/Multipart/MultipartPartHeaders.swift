/// Headers of one part, taken from its Content-Disposition and Content-Type.
///
/// Values are decoded text: quotes and backslash escapes are removed, and `filename*`
/// (RFC 5987) is decoded and preferred over `filename` when both are present.
struct MultipartPartHeaders: Sendable, Equatable {
    /// The form field's name (`name` parameter); may be empty but is always present.
    var name: String
    /// The client's file name (`filename*` or `filename`); nil for a plain field.
    var filename: String?
    /// The part's Content-Type value as sent (trimmed); nil when absent.
    var contentType: String?
}
