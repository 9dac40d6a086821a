import Testing

@testable import Frontdoor

/// `boundary(fromContentType:)`: what a request's Content-Type yields.
@Suite struct MultipartBoundaryTests {
    @Test(arguments: [
        ("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW", "----WebKitFormBoundary7MA4YWxkTrZu0gW"),
        ("multipart/form-data; boundary=\"quoted boundary:=?\"", "quoted boundary:=?"),
        ("Multipart/Form-Data;BOUNDARY=abc", "abc"),
        ("multipart/form-data; charset=utf-8; boundary=abc; boundary=second", "abc"),
        ("multipart/form-data ; boundary = abc ", "abc"),
        ("multipart/form-data; boundary=" + String(repeating: "x", count: 70), String(repeating: "x", count: 70)),
        ("multipart/form-data; boundary=------------------------d74496d66958873e", "------------------------d74496d66958873e"),
    ])
    func acceptsValidBoundaries(contentType: String, boundary: String) {
        #expect(MultipartStreamParser.boundary(fromContentType: contentType) == boundary)
    }

    @Test(arguments: [
        "application/json",
        "multipart/mixed; boundary=abc",
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=\"\"",
        "multipart/form-data; boundary=\"unterminated",
        "multipart/form-data; boundary=" + String(repeating: "x", count: 71),
        "multipart/form-data; boundary=\"ends with space \"",
        "multipart/form-data; boundary=bad{char}",
        "multipart/form-data; boundary=\"ümlaut\"",
        "",
    ])
    func rejectsMissingOrInvalidBoundaries(contentType: String) {
        #expect(MultipartStreamParser.boundary(fromContentType: contentType) == nil)
    }
}
