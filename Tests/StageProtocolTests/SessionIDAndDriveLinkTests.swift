import Foundation
import StageProtocol
import Testing

@Suite struct SessionIDTests {
    @Test func acceptsOnlyThirtyTwoLowercaseHex() {
        #expect(SessionID(rawValue: "35050a4f73d34d8f8818fb7a2bc3f5cd") != nil)
        for bad in ["", "../../etc", "../../etc/passwd", "35050A4F73D34D8F8818FB7A2BC3F5CD", "35050a4f73d34d8f8818fb7a2bc3f5c",
                    "35050a4f73d34d8f8818fb7a2bc3f5cdd", "35050a4f-73d3-4d8f-8818-fb7a2bc3f5", "g5050a4f73d34d8f8818fb7a2bc3f5cd",
                    "35050a4f73d34d8f8818fb7a2bc3f5c/"] {
            #expect(SessionID(rawValue: bad) == nil, "\(bad) must not be an id")
        }
    }

    @Test func randomIDsAreValidAndDistinct() {
        let ids = Set((0..<1000).map { _ in SessionID.random() })
        #expect(ids.count == 1000)
    }
}

@Suite struct DriveLinkTests {
    let id = "1AbCdEfGhIjKlMnOpQrStUvWxYz_-0123"

    @Test func extractsTheFourReferenceForms() {
        #expect(DriveLink.fileID(from: "https://drive.google.com/file/d/\(id)/view") == id)
        #expect(DriveLink.fileID(from: "https://drive.google.com/file/d/\(id)/view?usp=sharing") == id)
        #expect(DriveLink.fileID(from: "https://drive.google.com/open?id=\(id)") == id)
        #expect(DriveLink.fileID(from: "https://drive.google.com/uc?id=\(id)&export=download") == id)
        #expect(DriveLink.fileID(from: "https://drive.google.com/uc?export=download&id=\(id)") == id)
        #expect(DriveLink.fileID(from: "  \(id)  ") == id)
    }

    @Test func rejectsWhatIsNotADriveFile() {
        #expect(DriveLink.fileID(from: "https://example.com/file/d/\(id)/view") == nil)
        #expect(DriveLink.fileID(from: "https://drive.google.com/drive/folders") == nil)
        #expect(DriveLink.fileID(from: "short-id") == nil)
        #expect(DriveLink.fileID(from: "not a url at all with spaces and more than 25 chars") == nil)
        #expect(DriveLink.fileID(from: "https://drive.google.com/file/d/../view") == nil)
    }
}
