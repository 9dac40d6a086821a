// The artifact formats are the engines' own value types where one fits: `media/<n>.json` is
// MediaKit's `MediaInfo`, transcript segments are Whisper's `Segment`.
@_exported import MediaKit
@_exported import Whisper
