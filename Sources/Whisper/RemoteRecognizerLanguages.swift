// Remote recognizer, part 3 of 3: the language names of `verbose_json`.
//
// OpenAI's `verbose_json` names the language in English ("english", "indonesian"), as Whisper's
// own `LANGUAGES` table does; `Transcript.language` is a code. This table is Whisper's 100
// languages in token order, plus the aliases Whisper accepts for some of them.

import Foundation

/// Whisper's language codes and English names.
public enum WhisperLanguages {
    /// (ISO 639-1 code, or Whisper's code where there is none, and lowercase English name), in
    /// the order of the model's language tokens (`yue` exists in large-v3 and turbo only).
    public static let all: [(code: String, name: String)] = [
        ("en", "english"), ("zh", "chinese"), ("de", "german"), ("es", "spanish"), ("ru", "russian"),
        ("ko", "korean"), ("fr", "french"), ("ja", "japanese"), ("pt", "portuguese"), ("tr", "turkish"),
        ("pl", "polish"), ("ca", "catalan"), ("nl", "dutch"), ("ar", "arabic"), ("sv", "swedish"),
        ("it", "italian"), ("id", "indonesian"), ("hi", "hindi"), ("fi", "finnish"), ("vi", "vietnamese"),
        ("he", "hebrew"), ("uk", "ukrainian"), ("el", "greek"), ("ms", "malay"), ("cs", "czech"),
        ("ro", "romanian"), ("da", "danish"), ("hu", "hungarian"), ("ta", "tamil"), ("no", "norwegian"),
        ("th", "thai"), ("ur", "urdu"), ("hr", "croatian"), ("bg", "bulgarian"), ("lt", "lithuanian"),
        ("la", "latin"), ("mi", "maori"), ("ml", "malayalam"), ("cy", "welsh"), ("sk", "slovak"),
        ("te", "telugu"), ("fa", "persian"), ("lv", "latvian"), ("bn", "bengali"), ("sr", "serbian"),
        ("az", "azerbaijani"), ("sl", "slovenian"), ("kn", "kannada"), ("et", "estonian"), ("mk", "macedonian"),
        ("br", "breton"), ("eu", "basque"), ("is", "icelandic"), ("hy", "armenian"), ("ne", "nepali"),
        ("mn", "mongolian"), ("bs", "bosnian"), ("kk", "kazakh"), ("sq", "albanian"), ("sw", "swahili"),
        ("gl", "galician"), ("mr", "marathi"), ("pa", "punjabi"), ("si", "sinhala"), ("km", "khmer"),
        ("sn", "shona"), ("yo", "yoruba"), ("so", "somali"), ("af", "afrikaans"), ("oc", "occitan"),
        ("ka", "georgian"), ("be", "belarusian"), ("tg", "tajik"), ("sd", "sindhi"), ("gu", "gujarati"),
        ("am", "amharic"), ("yi", "yiddish"), ("lo", "lao"), ("uz", "uzbek"), ("fo", "faroese"),
        ("ht", "haitian creole"), ("ps", "pashto"), ("tk", "turkmen"), ("nn", "nynorsk"), ("mt", "maltese"),
        ("sa", "sanskrit"), ("lb", "luxembourgish"), ("my", "myanmar"), ("bo", "tibetan"), ("tl", "tagalog"),
        ("mg", "malagasy"), ("as", "assamese"), ("tt", "tatar"), ("haw", "hawaiian"), ("ln", "lingala"),
        ("ha", "hausa"), ("ba", "bashkir"), ("jw", "javanese"), ("su", "sundanese"), ("yue", "cantonese"),
    ]

    /// Other English names Whisper accepts for a language.
    static let aliases: [String: String] = [
        "burmese": "my", "valencian": "ca", "flemish": "nl", "haitian": "ht", "letzeburgesch": "lb",
        "pushto": "ps", "panjabi": "pa", "moldavian": "ro", "moldovan": "ro", "sinhalese": "si",
        "castilian": "es", "mandarin": "zh",
    ]

    private static let codeByName: [String: String] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.name, $0.code) }).merging(aliases) { first, _ in first }
    private static let codes: Set<String> = Set(all.map(\.code))

    /// The code for an English language name ("english" → "en", case-insensitive) or for a code
    /// itself ("en" → "en"; some OpenAI-compatible servers answer with codes); `nil` if Whisper
    /// has no such language.
    public static func code(for nameOrCode: String) -> String? {
        let key = nameOrCode.trimmingCharacters(in: .whitespaces).lowercased()
        if codes.contains(key) { return key }
        return codeByName[key]
    }
}
