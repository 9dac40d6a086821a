import Foundation
import StageProtocol
import Testing

/// Which URLs the front door takes and the download stage fetches.
@Suite struct VideoLinkTests {
    @Test func driveLinksInTheFourFormsAndAllowListedHttpsOnly() {
        let id = "1AbCdEfGhIjKlMnOpQrStUvWxYz012345"
        for text in ["https://drive.google.com/file/d/\(id)/view?usp=sharing", "https://drive.google.com/open?id=\(id)",
                     "https://drive.google.com/uc?id=\(id)&export=download", id] {
            #expect(VideoLink.parse(text, allowedHosts: []) == .drive(fileID: id), "\(text)")
        }
        let allowed = ["videos.example.com", "*.cdn.example.org"]
        #expect(VideoLink.parse("https://videos.example.com/a.mp4", allowedHosts: allowed) == .https(URL(string: "https://videos.example.com/a.mp4")!))
        #expect(VideoLink.parse("https://eu.cdn.example.org/a.mp4", allowedHosts: allowed) != nil)
        #expect(VideoLink.parse("https://cdn.example.org.evil.test/a.mp4", allowedHosts: allowed) == nil)
        #expect(VideoLink.parse("https://videos.example.com/a.mp4", allowedHosts: []) == nil, "empty allow-list by default")
        #expect(VideoLink.parse("http://videos.example.com/a.mp4", allowedHosts: allowed) == nil, "https only")
        #expect(VideoLink.parse("https://user:pw@videos.example.com/a.mp4", allowedHosts: allowed) == nil)
        #expect(VideoLink.parse("https://169.254.169.254/latest/meta-data", allowedHosts: allowed) == nil)
    }
}
