import Foundation
import Testing
@testable import Whisper

extension WhisperTestSuite {
@Suite("Whisper building blocks")
struct UnitTests {
    @Test("model.bin: every variable read, shapes consistent, file consumed to EOF")
    func weightLoader() throws {
        let url = Fixtures.modelDirectory.appendingPathComponent("model.bin")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw MissingFixture(description: "\(url.path) missing: run scripts/fetch-models.sh")
        }
        let weights = try ModelWeights(contentsOf: url)  // throws on trailing bytes or truncation
        #expect(weights.binaryVersion == 6)
        #expect(weights.specName == "WhisperSpec")
        #expect(weights.specRevision == 3)
        #expect(weights.variables.count == 214)
        #expect(weights.aliases == ["decoder/projection/weight": "decoder/embeddings/weight"])
        #expect(try weights.scalar("decoder/num_heads") == 8)
        #expect(try weights.scalar("encoder/num_heads") == 8)
        #expect(try weights.scalar("decoder/activation") == 3)
        #expect(try weights.tensor("encoder/conv1/weight").shape == [512, 80, 3])
        #expect(try weights.tensor("decoder/projection/weight").shape == [51865, 512])
        // Encoder positions are the fixed sinusoids: channel 0 at t = 1 is sin(1), channel 256 is cos(1).
        let positions = try weights.tensor("encoder/position_encodings/encodings")
        #expect(abs(positions.values[512] - Float(sin(1.0))) < 1e-3)
        #expect(abs(positions.values[512 + 256] - Float(cos(1.0))) < 1e-3)
        // The key projection of fused QKV has no bias in Whisper: its slice is zero.
        let qkvBias = try weights.tensor("encoder/layer_0/self_attention/linear_0/bias").values
        #expect(qkvBias[512..<1024].allSatisfy { $0 == 0 })
        #expect(qkvBias[0..<512].contains { $0 != 0 })

        // Loading the model checks every variable the architecture uses against its dimensions.
        let model = try Fixtures.model()
        #expect(model.dimensions == ModelDimensions(melBins: 80, audioContext: 1500, audioWidth: 512, audioHeads: 8,
                                                    audioLayers: 6, vocabularySize: 51865, textContext: 448,
                                                    textWidth: 512, textHeads: 8, textLayers: 6))
        #expect(model.config.alignmentHeads == [[3, 1], [4, 2], [4, 3], [4, 7], [5, 1], [5, 2], [5, 4], [5, 6]])
        #expect(model.config.languageTokenIds.count == 99)
    }

    @Test("a truncated model.bin is rejected")
    func truncatedModelIsRejected() throws {
        let source = Fixtures.modelDirectory.appendingPathComponent("model.bin")
        guard let handle = FileHandle(forReadingAtPath: source.path) else {
            throw MissingFixture(description: "\(source.path) missing: run scripts/fetch-models.sh")
        }
        let head = handle.readData(ofLength: 4096)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("whisper-truncated-\(getpid()).bin")
        try head.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: WhisperError.self) { try ModelWeights(contentsOf: url) }
    }

    @Test("log-mel of the LibriVox concatenation matches faster-whisper to 1e-4")
    func logMelMatchesReference() throws {
        let (shape, reference) = try Fixtures.readNpy(try Fixtures.referenceFile("whisper-mel-librivox_concat-80x3000.npy"))
        #expect(shape.suffix(2) == [80, 3000])
        let samples = try Fixtures.librivoxConcatenation()
        #expect(samples.count == 395_680)
        let mel = LogMelExtractor(melBins: 80)(samples)
        #expect(mel.frames == 2474)
        let window = mel.window(start: 0, count: 3000)
        var maxError: Float = 0
        for i in 0..<reference.count { maxError = max(maxError, abs(window[i] - reference[i])) }
        print("log-mel max abs error vs reference: \(maxError)")
        #expect(maxError <= 1e-4)
    }

    @Test("Slaney mel filters: 80 and 128 bins, area-normalised triangles")
    func melFilters() {
        for bins in [80, 128] {
            let filters = LogMelExtractor.slaneyFilters(melBins: bins)
            #expect(filters.count == bins * 201)
            // Every filter is non-negative and has some weight.
            for m in 0..<bins {
                let row = filters[m * 201..<(m + 1) * 201]
                #expect(row.allSatisfy { $0 >= 0 })
                #expect(row.contains { $0 > 0 })
            }
        }
        // Values of faster-whisper's FeatureExtractor.get_mel_filters (float32).
        let filters = LogMelExtractor.slaneyFilters(melBins: 80)
        #expect(abs(filters[201 + 1] - 0.001990822) < 1e-9)
        let large = LogMelExtractor.slaneyFilters(melBins: 128)
        let row100 = Array(large[100 * 201..<101 * 201])
        #expect(row100.indices.filter { row100[$0] > 0 } == [100, 101, 102, 103, 104])
        #expect(abs(row100.max()! - 0.0094094165) < 1e-9)
    }

    @Test("tokenizer: ids → text reproduces all baseline segment texts")
    func tokenizerDecodesBaselineSegments() throws {
        let tokenizer = try Fixtures.model().tokenizer
        let runs = try Fixtures.baseline()["runs"] as? [[String: Any]] ?? []
        var checked = 0
        for run in runs {
            for segment in run["segments"] as? [[String: Any]] ?? [] {
                let tokens = segment["tokens"] as? [Int] ?? []
                #expect(tokenizer.decode(tokens) == segment["text"] as? String)
                checked += 1
            }
        }
        #expect(checked >= 80)
    }

    @Test("tokenizer: special tokens, timestamps and multi-byte characters")
    func tokenizerSpecials() throws {
        let tokenizer = try Fixtures.model().tokenizer
        #expect(tokenizer.endOfText == 50257)
        #expect(tokenizer.startOfTranscript == 50258)
        #expect(try tokenizer.languageToken("en") == 50259)
        #expect(try tokenizer.languageToken("su") == 50357)
        #expect(tokenizer.translate == 50358 && tokenizer.transcribe == 50359)
        #expect(tokenizer.startOfPrevious == 50361 && tokenizer.noSpeech == 50362)
        #expect(tokenizer.noTimestamps == 50363 && tokenizer.timestampBegin == 50364)
        #expect(tokenizer.languages.count == 99)
        #expect(throws: WhisperError.unsupportedLanguage("xx")) { try tokenizer.languageToken("xx") }
        #expect(tokenizer.decodeWithTimestamps([50364, 400, 2221, 13, 50714]) == "<|0.00|> And Mr.<|7.00|>")
        #expect(tokenizer.decode([50258, 50259, 50359, 50364, 400, 50714, 50257]) == " And")
        // " café" splits the two bytes of "é" over tokens; decoding joins the bytes first.
        let ids = try tokenizer.encode(" Grüße, naïve café — 東京")
        #expect(tokenizer.decode(ids) == " Grüße, naïve café — 東京")
    }

    @Test("tokenizer: text → ids equals Hugging Face tokenizers on tokenizer.json")
    func tokenizerEncodes() throws {
        let tokenizer = try Fixtures.model().tokenizer
        // Expected ids from `tokenizers` 0.23.3 (Tokenizer.from_file(...).encode(s, add_special_tokens=False)).
        let cases: [(String, [Int])] = [
            (" And Mr. John Dashwood had then leisure to consider", [400, 2221, 13, 2619, 23453, 6092, 632, 550, 31339, 281, 1949]),
            (" He was not an ill-disposed young man.", [634, 390, 406, 364, 3171, 12, 67, 7631, 1744, 2037, 587, 13]),
            ("Hello world!  It's 3.14 o'clock\n", [15947, 1002, 0, 220, 467, 311, 805, 13, 7271, 277, 6, 9023, 198]),
            (" Grüße, naïve café — 東京", [38908, 11451, 11, 1667, 15487, 303, 25118, 3466, 220, 18413, 31375]),
            (" ♪♪ (laughs)", [9061, 522, 3608, 8]),
        ]
        for (text, expected) in cases { #expect(try tokenizer.encode(text) == expected, "\(text)") }
    }

    @Test("suppressed symbols with suppress_tokens=[-1] cover the config's list")
    func nonSpeechTokens() throws {
        let model = try Fixtures.model()
        let computed = Set(model.nonSpeechTokens + [model.tokenizer.transcribe, model.tokenizer.translate,
                                                    model.tokenizer.startOfTranscript, model.tokenizer.startOfPrevious,
                                                    model.tokenizer.startOfLM, model.tokenizer.noSpeech])
        // The config's suppress_ids is the same default set as written by the converter.
        #expect(computed == Set(model.config.suppressIds))
    }

    @Test("dynamic time warping and median filter on small known inputs")
    func alignmentPrimitives() {
        // A diagonal of low cost is followed exactly.
        let cost: [Double] = [0, 5, 5,
                              5, 0, 5,
                              5, 5, 0]
        let path = WhisperModel.dynamicTimeWarping(cost: cost, rows: 3, columns: 3)
        #expect(path.map(\.row) == [0, 1, 2] && path.map(\.column) == [0, 1, 2])
        // Two rows, four columns: the path must still start at (0,0) and end at (1,3), monotonically.
        let wide = WhisperModel.dynamicTimeWarping(cost: [0, 0, 9, 9, 9, 9, 0, 0], rows: 2, columns: 4)
        #expect(wide.first! == (0, 0) && wide.last! == (1, 3))
        #expect(zip(wide, wide.dropFirst()).allSatisfy { $1.row >= $0.row && $1.column >= $0.column })
        // Median filter (width 3 here) removes a single spike and reflects at the edges.
        let filtered = WhisperModel.medianFilter([1, 1, 9, 1, 1, 2], rows: 1, columns: 6, width: 3)
        #expect(filtered == [1, 1, 1, 1, 1, 1])
    }
}
}
