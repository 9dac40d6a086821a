import Foundation
import Testing
@testable import Whisper

/// End-to-end checks against faster-whisper 1.2.1 on the same weights (float32, 2 threads).
extension WhisperTestSuite {
@Suite("Whisper against the faster-whisper baseline")
struct ReferenceTests {
    /// The baseline's greedy settings: beam 1, language en, everything else faster-whisper's
    /// default (temperature fallback enabled; no window needed it).
    static let greedy = DecodingOptions(language: "en", beamSize: 1)

    @Test("greedy tokens equal the baseline on the LibriVox clips; WER within 1 point of 2.8 %")
    func greedyClips() throws {
        let model = try Fixtures.model()
        let transcripts = try Fixtures.librivoxTranscripts()
        var matches = 0, errors = 0, words = 0
        for clip in Fixtures.librivoxClips {
            let transcript = try model.transcribe(samples: try Fixtures.librivox(clip), options: Self.greedy)
            let run = try Fixtures.baselineRun("librivox/sense_and_sensibility_01_austen_64kb-\(clip)", beamSize: 1)
            let expected = Fixtures.baselineTokens(run)
            let same = transcript.segments.map(\.tokens) == expected
            if same { matches += 1 }
            print("clip \(clip): tokens \(same ? "equal" : "differ"): \(transcript.text)")
            let count = wordErrors(reference: transcripts[clip] ?? "", hypothesis: transcript.text)
            errors += count.errors
            words += count.words
            #expect(transcript.segments.allSatisfy { $0.temperature == 0 })
        }
        let wer = Double(errors) / Double(words)
        print("greedy token matches: \(matches)/5, WER \(errors)/\(words) = \(wer)")
        #expect(matches >= 4)
        #expect(words == 71)
        #expect(abs(wer - 0.028) <= 0.01)
    }

    @Test("greedy on the 24.7 s concatenation: same tokens, segments and scores as the baseline")
    func greedyConcatenation() throws {
        let model = try Fixtures.model()
        let start = Date()
        let transcript = try model.transcribe(samples: try Fixtures.librivoxConcatenation(), options: Self.greedy)
        print("greedy concatenation: \(Date().timeIntervalSince(start)) s")
        let run = try Fixtures.baselineRun("librivox_concat", beamSize: 1)
        let segments = run["segments"] as? [[String: Any]] ?? []
        #expect(transcript.segments.map(\.tokens) == Fixtures.baselineTokens(run))
        #expect(transcript.segments.count == segments.count)
        for (ours, theirs) in zip(transcript.segments, segments) {
            #expect(abs(ours.start - (theirs["start"] as? Double ?? -1)) < 1e-6)
            #expect(abs(ours.end - (theirs["end"] as? Double ?? -1)) < 1e-6)
            #expect(ours.text == theirs["text"] as? String)
            #expect(abs(ours.avgLogprob - (theirs["avg_logprob"] as? Double ?? 0)) < 2e-3)
            #expect(abs(ours.noSpeechProb - (theirs["no_speech_prob"] as? Double ?? 0)) < 2e-3)
            #expect(abs(ours.compressionRatio - (theirs["compression_ratio"] as? Double ?? 0)) < 1e-3)
        }
        #expect(transcript.segments.map(\.id) == Array(1...transcript.segments.count))
        #expect(transcript.text == (run["hypothesis"] as? String))
        #expect(transcript.language == "en" && transcript.languageProbability == 1)
        #expect(abs(transcript.duration - 24.73) < 1e-9)
    }

    @Test("language detection picks English with the baseline's probability")
    func languageDetection() throws {
        let model = try Fixtures.model()
        let samples = try Fixtures.librivoxConcatenation()
        let mel = model.logMel(samples: samples)
        let ranked = model.detectLanguage(mel: mel)
        #expect(ranked[0].code == "en")
        #expect(abs(ranked[0].probability - 0.9998004) < 1e-4)
        #expect(ranked[1].code == "la")
        #expect(abs(ranked.map(\.probability).reduce(0, +) - 1) < 1e-4)
    }

    @Test("word timestamps: monotonic, inside their segments, within 0.3 s of faster-whisper")
    func wordTimestamps() throws {
        let model = try Fixtures.model()
        var options = Self.greedy
        options.wordTimestamps = true
        let transcript = try model.transcribe(samples: try Fixtures.librivoxConcatenation(), options: options)
        #expect(transcript.segments.count == referenceWordTimingsGreedy.count)
        var maxDeviation = 0.0, previousEnd = 0.0, count = 0, sameText = 0
        for (segment, expected) in zip(transcript.segments, referenceWordTimingsGreedy) {
            let words = try #require(segment.words)
            #expect(words.count == expected.count)
            for (word, reference) in zip(words, expected) {
                #expect(word.start <= word.end)
                #expect(word.start >= previousEnd - 1e-9)
                #expect(word.start >= segment.start - 1e-9 && word.end <= segment.end + 1e-9)
                let probability = try #require(word.probability, "the native engine reports every word's probability")
                #expect(probability > 0 && probability <= 1)
                maxDeviation = max(maxDeviation, abs(word.start - reference.1), abs(word.end - reference.2))
                if word.word == reference.0 { sameText += 1 }
                previousEnd = word.end
                count += 1
            }
        }
        print("word timestamps: \(count) words, \(sameText) same text, max deviation \(maxDeviation) s")
        #expect(count == 70 && sameText == count)
        #expect(maxDeviation <= 0.3)
        // The words spell the segment text.
        for segment in transcript.segments {
            #expect(segment.words!.map(\.word).joined() == segment.text)
        }
    }

    @Test("beam search (size 5) on the concatenation equals the baseline's tokens")
    func beamSearchConcatenation() throws {
        let model = try Fixtures.model()
        let start = Date()
        let transcript = try model.transcribe(samples: try Fixtures.librivoxConcatenation(),
                                              options: DecodingOptions(language: "en", beamSize: 5))
        print("beam 5 concatenation: \(Date().timeIntervalSince(start)) s")
        let run = try Fixtures.baselineRun("librivox_concat", beamSize: 5)
        #expect(transcript.segments.map(\.tokens) == Fixtures.baselineTokens(run))
        #expect(transcript.text == (run["hypothesis"] as? String))
    }

    @Test("long audio (52.5 s): windows chained by seeking exactly as faster-whisper")
    func longAudioSeeking() throws {
        let model = try Fixtures.model()
        let clip = try Fixtures.librivoxConcatenation()
        let samples = clip + [Float](repeating: 0, count: 48_000) + clip
        let transcript = try model.transcribe(samples: samples, options: Self.greedy)
        #expect(transcript.segments.count == referenceLongAudioSegments.count)
        for (ours, theirs) in zip(transcript.segments, referenceLongAudioSegments) {
            #expect(ours.seek == theirs.seek)
            #expect(abs(ours.start - theirs.start) < 1e-6 && abs(ours.end - theirs.end) < 1e-6)
            #expect(ours.tokens == theirs.tokens)
        }
        for (a, b) in zip(transcript.segments, transcript.segments.dropFirst()) {
            #expect(a.end <= b.start + 1e-9 && a.seek <= b.seek)
        }
    }

    @Test("temperature fallback runs every temperature and keeps the most likely result")
    func temperatureFallback() throws {
        let model = try Fixtures.model()
        var options = Self.greedy
        options.logProbThreshold = 0  // no result can pass: every temperature is tried
        options.noSpeechThreshold = nil
        options.temperatures = [0, 1.0]
        options.bestOf = 2
        let samples = try Fixtures.librivox("0880")
        let first = try model.transcribe(samples: samples, options: options)
        let second = try model.transcribe(samples: samples, options: options)
        #expect(first == second)  // sampling is seeded
        #expect(first.segments.allSatisfy { $0.temperature == 1.0 })  // the last temperature is reported
        // Greedy decoding is the most likely of the attempts on clear speech.
        let greedy = try model.transcribe(samples: samples, options: Self.greedy)
        #expect(first.segments.first!.avgLogprob >= greedy.segments.first!.avgLogprob - 1e-9)
    }

    @Test("silence is skipped by no-speech detection")
    func silence() throws {
        let model = try Fixtures.model()
        let transcript = try model.transcribe(samples: [Float](repeating: 0, count: 16_000 * 5), options: Self.greedy)
        #expect(transcript.segments.isEmpty)
        #expect(transcript.text.isEmpty)
    }

    @Test("translate task and initial prompt change the decoder input as specified")
    func promptAndTask() throws {
        let model = try Fixtures.model()
        let samples = try Fixtures.librivox("0870")
        var options = Self.greedy
        options.initialPrompt = "Mister John Dashwood."
        let prompted = try model.transcribe(samples: samples, options: options)
        #expect(prompted.text.lowercased().contains("dashwood"))
        options.initialPrompt = nil
        options.task = .translate
        let translated = try model.transcribe(samples: samples, options: options)
        #expect(translated.text.lowercased().contains("dashwood"))  // English speech translates to itself
    }

    @Test("Transcript encodes to JSON with snake_case keys and decodes back")
    func transcriptCodable() throws {
        let transcript = Transcript(text: "Hi.", language: "en", languageProbability: 0.99, duration: 1.5, segments: [
            Segment(id: 1, seek: 0, start: 0, end: 1.2, text: " Hi.", tokens: [50364, 2421, 13, 50424],
                    avgLogprob: -0.2, compressionRatio: 0.5, noSpeechProb: 0.01, temperature: 0,
                    words: [Word(start: 0.1, end: 0.9, word: " Hi.", probability: 0.9)]),
        ])
        let data = try JSONEncoder().encode(transcript)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["text", "language", "language_probability", "duration", "segments"])
        let segment = try #require((object["segments"] as? [[String: Any]])?.first)
        #expect(Set(segment.keys) == ["id", "seek", "start", "end", "text", "tokens", "avg_logprob",
                                      "compression_ratio", "no_speech_prob", "temperature", "words"])
        #expect(try JSONDecoder().decode(Transcript.self, from: data) == transcript)
    }
}
}
