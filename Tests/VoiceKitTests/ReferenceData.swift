import Foundation

/// The parts of /work/shared/reference/ge2e-reference.json the tests check against.
struct ReferenceData {
    struct Utterance {
        var id: String
        var inputPaths: [String]
        var loadedLength: Int
        var preprocessedLength: Int
        var preprocessedFirst5: [Float]
        var preprocessedLast5: [Float]
        var gainApplied: Bool
        var webrtcFlags: [Bool]
        var maskAfterMovingAverage: [Bool]
        var maskAfterDilation: [Bool]
        var melShape: [Int]
        var melFrame0: [Float]
        var melMidIndex: Int
        var melMid: [Float]
        var melLast: [Float]
        var melMean: Double
        var melStd: Double
        var embedding: [Float]
        var partialEmbeddings: [[Float]]
        var wavSlices: [[Int]]
        var melSlices: [[Int]]
        var wavLengthFedToMel: Int
    }

    struct Excerpt {
        var id: String
        var path: String
        var sampleCount: Int
        var embedding: [Float]
        var partialEmbeddings: [[Float]]
    }

    var utterances: [Utterance]
    var excerpts: [Excerpt]
    var melCenterHz: [Double]
    var similarityWeight: Double
    var step: Int

    init(url: URL) throws {
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let meta = root["meta"] as! [String: Any]
        let checkpoint = meta["checkpoint"] as! [String: Any]
        step = checkpoint["step"] as! Int
        similarityWeight = checkpoint["similarity_weight"] as! Double
        melCenterHz = (meta["mel_filterbank_check"] as! [String: Any])["center_hz"] as! [Double]
        let entries = root["utterances"] as! [String: Any]
        let order = ["librivox/sense_and_sensibility_01_austen_64kb-0870", "librivox/sense_and_sensibility_01_austen_64kb-0880",
                     "librivox/sense_and_sensibility_01_austen_64kb-0890", "librivox/sense_and_sensibility_01_austen_64kb-0920",
                     "librivox/sense_and_sensibility_01_austen_64kb-0930", "cards/001", "cards/002", "cards/003", "cards/004",
                     "cards/005", "raw/goforward", "raw/numbers", "raw/something", "raw/dhd.2934z", "librivox/concat5"]
        utterances = order.map { id in
            let u = entries[id] as! [String: Any]
            let pre = u["preprocess_wav"] as! [String: Any]
            let detail = u["preprocess_detail"] as! [String: Any]
            let mel = u["mel_of_preprocessed"] as! [String: Any]
            let partials = u["partials"] as! [String: Any]
            return Utterance(
                id: id,
                inputPaths: (u["inputs"] as! [[String: Any]]).map { $0["path"] as! String },
                loadedLength: (u["loaded"] as! [String: Any])["length"] as! Int,
                preprocessedLength: pre["length"] as! Int,
                preprocessedFirst5: Self.floats(pre["first5"]), preprocessedLast5: Self.floats(pre["last5"]),
                gainApplied: detail["gain_applied"] as! Bool,
                webrtcFlags: Self.flags(detail["vad_flags_webrtc_mode3_30ms"]),
                maskAfterMovingAverage: Self.flags(detail["mask_after_moving_average_round"]),
                maskAfterDilation: Self.flags(detail["mask_after_dilation"]),
                melShape: mel["shape"] as! [Int],
                melFrame0: Self.floats(mel["frame0_first5"]), melMidIndex: mel["frame_mid_index"] as! Int,
                melMid: Self.floats(mel["frame_mid_first5"]), melLast: Self.floats(mel["frame_last_first5"]),
                melMean: mel["mean_float64"] as! Double, melStd: mel["std_float64_ddof0"] as! Double,
                embedding: Self.floats(u["embedding"]),
                partialEmbeddings: (partials["partial_embeddings"] as! [Any]).map(Self.floats),
                wavSlices: partials["wav_slices"] as! [[Int]], melSlices: partials["mel_slices"] as! [[Int]],
                wavLengthFedToMel: partials["wav_length_fed_to_mel"] as! Int)
        }
        let excerptEntries = root["excerpts_no_preprocessing"] as! [String: Any]
        excerpts = excerptEntries.keys.sorted().map { id in
            let e = excerptEntries[id] as! [String: Any]
            let partials = e["partials"] as! [String: Any]
            let source = id.replacingOccurrences(of: "excerpt3s_raw/", with: "")
            return Excerpt(id: id, path: TestFixtures.testData + source + ".wav", sampleCount: 48_000, embedding: Self.floats(e["embedding"]),
                           partialEmbeddings: (partials["partial_embeddings"] as! [Any]).map(Self.floats))
        }
    }

    private static func floats(_ value: Any?) -> [Float] { (value as! [Double]).map { Float($0) } }
    private static func flags(_ value: Any?) -> [Bool] { (value as! String).map { $0 == "1" } }
}
