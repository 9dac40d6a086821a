/// The thresholds of `VoiceActivityDetector`. The defaults were tuned on the 14
/// pocketsphinx-testdata clips against webrtcvad mode 3's recorded decisions and on the padded
/// test signals of VoiceActivityDetectorTests (docs/voice.md, "Voice activity detection").
public struct VoiceActivityConfiguration: Sendable, Equatable {
    /// A frame is energetic when a sub-band level exceeds that band's local noise floor by this
    /// many dB. 6 dB gave the best window agreement with webrtcvad mode 3 (94 %) and kept quiet
    /// voiced endings in 15 dB white noise; 9 dB lost 0.2 s of a fading last word.
    public var marginDB: Double = 6
    /// Frames below this level (dB re full scale, mean square of the band) are never speech;
    /// it also keeps digital silence out of the noise-floor estimate.
    public var absoluteFloorDB: Double = -85
    /// Percentile of the frame levels in the surrounding window taken as the noise floor.
    public var noisePercentile: Double = 5
    /// Half-width of the window over which the noise floor is estimated, in seconds.
    public var noiseWindowSeconds: Double = 3
    /// A frame is voiced when its normalised autocorrelation peak at a pitch lag (70–400 Hz)
    /// reaches this value (1 = perfectly periodic; white noise stays near 0.3).
    public var voicingThreshold: Double = 0.6
    /// A voiced frame only seeds speech when its louder sub-band is within this many dB of the
    /// loudest frame within ±`peakWindowSeconds`: periodic background sounds (hum, breath voicing)
    /// 30 dB or more below nearby speech do not start a segment.
    public var seedRangeDB: Double = 25
    /// Half-width of the window for `seedRangeDB`, in seconds.
    public var peakWindowSeconds: Double = 1
    /// Energetic frames count as active this long after the last energetic frame (hangover).
    public var hangoverSeconds: Double = 0.04
    /// Voiced frames closer than this are joined into one segment.
    public var mergeGapSeconds: Double = 0.35
    /// A segment reaches at most this far beyond its first and last voiced frame, through
    /// energetic frames (room for unvoiced onsets and codas such as /s/, /h/, /t/).
    public var maxUnvoicedEdgeSeconds: Double = 0.15
    /// Segments separated by less silence than this are merged.
    public var minSilenceSeconds: Double = 0.2
    /// Segments with fewer voiced frames (10 ms each) than this are dropped.
    public var minVoicedFrames: Int = 8

    public init() {}
}
