/// Anything that labels fixed-length windows of 16 kHz audio as speech or not — the role
/// webrtcvad plays in Resemblyzer's trimming.
public protocol SpeechWindowClassifier: Sendable {
    /// One decision per whole window of `windowLength` samples of `samples` (16 kHz mono);
    /// samples after the last whole window are ignored.
    func speechDecisions(_ samples: [Float], windowLength: Int) -> [Bool]
}
