#!/usr/bin/env bash
# Generates the media files the MediaKit tests decode: real speech (the five LibriVox clips of
# Debian's pocketsphinx-testdata, joined in file-name order: 24.73 s, 16 kHz mono) under a real
# photo (scikit-image's astronaut, fetched by fetch-test-assets.sh), in every container and codec
# the API accepts, plus the broken files the pipeline must reject.
#
# Usage: scripts/make-test-media.sh [OUT_DIR]   (default: <repo>/.cache/test-media)
# Idempotent: a file already present is not made again. Each file is written under a temporary
# name and renamed when complete, and a lock serialises concurrent runs, so a reader never sees
# a half-written file. Delete OUT_DIR to regenerate everything.
# Needs: ffmpeg (with libx264, libx265, libvpx, libvorbis, libopus, libmp3lame: Debian's build),
# pocketsphinx-testdata, and what fetch-test-assets.sh needs.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$repo/.cache/test-media}
librivox=/usr/share/pocketsphinx/test/data/librivox
mkdir -p "$out"

exec 9>"$out/.lock"
flock 9

bash "$repo/scripts/fetch-test-assets.sh"
photo=$repo/.cache/test-assets/astronaut.png

source "$repo/scripts/lib/produce.sh"

# --- sources --------------------------------------------------------------------------------
speech_wav() {
    local inputs=() n=0 f
    for f in "$librivox"/*.wav; do inputs+=(-i "$f"); n=$((n + 1)); done
    ff "${inputs[@]}" -filter_complex "concat=n=$n:v=0:a=1" -c:a pcm_s16le -ar 16000 -ac 1 "$1"
}
produce speech.wav speech_wav
speech=$out/speech.wav

speech_seconds=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$speech")

# ffmpeg with the photo as its first input, looped at frame rate $1 for as long as the speech
# lasts (`-shortest` alone overshoots by most of a second); the other arguments follow.
with_picture() { ff -loop 1 -framerate "$1" -t "$speech_seconds" -i "$photo" "${@:2}"; }
# Scaled to 360x360 and centred on a 640x360 (16:9) frame.
picture_filter='scale=360:360,pad=640:360:(ow-iw)/2:0,format=yuv420p'

# --- playable videos (picture + speech) -----------------------------------------------------
h264_aac_mp4() {
    with_picture 25 -i "$speech" -vf "$picture_filter" \
        -c:v libx264 -preset veryfast -tune stillimage -c:a aac -b:a 128k -ar 48000 -ac 2 "$1"
}
h264_aac_faststart_mp4() {
    with_picture 25 -i "$speech" -vf "$picture_filter" \
        -c:v libx264 -preset veryfast -tune stillimage -c:a aac -b:a 128k -ar 48000 -ac 2 \
        -movflags +faststart "$1"
}
h265_aac_mp4() {
    with_picture 30 -i "$speech" -vf "$picture_filter" \
        -c:v libx265 -preset ultrafast -x265-params log-level=error -tag:v hvc1 \
        -c:a aac -b:a 96k -ar 44100 -ac 1 "$1"
}
vp8_vorbis_webm() {
    with_picture 25 -i "$speech" -vf "$picture_filter" \
        -c:v libvpx -deadline good -cpu-used 16 -b:v 400k -c:a libvorbis -ar 44100 -ac 2 "$1"
}
vp9_opus_webm() {
    with_picture 30 -i "$speech" -vf "$picture_filter" \
        -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -row-mt 1 -b:v 400k \
        -c:a libopus -b:a 64k -ac 1 "$1"
}
mpeg4_mp3_avi() {
    with_picture 25 -i "$speech" -vf "$picture_filter" \
        -c:v mpeg4 -q:v 5 -c:a libmp3lame -b:a 128k -ar 44100 -ac 1 "$1"
}
h264_aac_mov() {
    with_picture 30000/1001 -i "$speech" -vf "$picture_filter" \
        -c:v libx264 -preset veryfast -tune stillimage -c:a aac -b:a 64k -ar 16000 -ac 1 "$1"
}
# A browser MediaRecorder-like WebM (VP8 + Opus) with neither duration nor cues: muxed live to
# a pipe. The VP8 video is copied from vp8_vorbis.webm.
streamed_webm() {
    ff -i "$out/vp8_vorbis.webm" -i "$speech" -map 0:v -map 1:a -c:v copy -c:a libopus -b:a 64k \
        -live 1 -f webm pipe:1 >"$1"
}
# Audio placed on the timeline by timestamp: the audio starts 1 s after the video (as in some
# browser recordings), has a 2 s hole in its timestamps (10 s to 12 s of the speech dropped), or
# jumps back 0.5 s at 10 s (overlapping timestamps; the muxer clamps a few packets to 9.984 s).
offset_audio_webm() {
    ff -f lavfi -i "color=c=gray:s=320x240:r=25:d=26" -itsoffset 1.0 -i "$speech" \
        -c:v libvpx -deadline realtime -cpu-used 8 -c:a libopus -b:a 64k "$1"
}
gap_audio_mkv() {
    ff -f lavfi -i "color=c=gray:s=320x240:r=25:d=25" -i "$speech" \
        -filter_complex "[1:a]aselect='not(between(t,10,12))'[a]" -map 0:v -map "[a]" \
        -c:v libx264 -preset veryfast -c:a pcm_s16le "$1"
}
overlap_audio_mkv() {
    ff -f lavfi -i "color=c=gray:s=320x240:r=25:d=25" -i "$speech" \
        -filter_complex "[1:a]asetpts='PTS-if(gte(T,10),0.5/TB,0)'[a]" -map 0:v -map "[a]" \
        -c:v libx264 -preset veryfast -c:a pcm_s16le "$1"
}
# A crafted file: from 20 s on the video and audio timestamps jump 100000 s ahead, while the
# header's duration is patched back to 25 s (Matroska Duration element 44 89 88 + big-endian
# float64 in ms).
timestamp_jump_mkv() {
    ff -f lavfi -i "color=c=gray:s=160x120:r=25:d=25" -i "$speech" -filter_complex \
        "[0:v]setpts='PTS+if(gte(T,20),100000/TB,0)'[v];[1:a]asetpts='PTS+if(gte(T,20),100000/TB,0)'[a]" \
        -map "[v]" -map "[a]" -c:v libx264 -preset veryfast -c:a pcm_s16le "$1"
    local duration
    duration=$(LC_ALL=C grep -obUaP '\x44\x89\x88' "$1" | head -n 1 | cut -d: -f1)
    printf '\x40\xd8\x6a\x00\x00\x00\x00\x00' | dd of="$1" bs=1 seek=$((duration + 3)) conv=notrunc status=none
}
# MP3 frames carry their own format: 10 s at 16 kHz mono, then the rest at 48 kHz stereo. The
# header has no duration (no Xing frame), so FFmpeg guesses 88.8 s from the first bit rate.
format_change_mp3() {
    ff -i "$speech" -t 10 -c:a libmp3lame -ar 16000 -ac 1 -write_xing 0 -id3v2_version 0 "$1.part1.mp3"
    ff -ss 10 -i "$speech" -c:a libmp3lame -ar 48000 -ac 2 -write_xing 0 -id3v2_version 0 "$1.part2.mp3"
    cat "$1.part1.mp3" "$1.part2.mp3" >"$1"
    rm "$1.part1.mp3" "$1.part2.mp3"
}
# The speech as 48 kHz stereo PCM: exercises down-mixing, and is a WAV that WAVFile rejects.
stereo48k_wav() { ff -i "$speech" -ar 48000 -ac 2 -c:a pcm_s16le "$1"; }
produce h264_aac.mp4 h264_aac_mp4
produce h264_aac_faststart.mp4 h264_aac_faststart_mp4
produce h265_aac.mp4 h265_aac_mp4
produce vp8_vorbis.webm vp8_vorbis_webm
produce vp9_opus.webm vp9_opus_webm
produce mpeg4_mp3.avi mpeg4_mp3_avi
produce h264_aac.mov h264_aac_mov
produce streamed.webm streamed_webm
produce offset_audio.webm offset_audio_webm
produce gap_audio.mkv gap_audio_mkv
produce overlap_audio.mkv overlap_audio_mkv
produce timestamp_jump.mkv timestamp_jump_mkv
produce format_change.mp3 format_change_mp3
produce stereo48k.wav stereo48k_wav

# --- frame-accurate video for the frame reader: luma = 16 + 2 x frame number, 30 fps, 3 s -----
counter_mp4() {
    ff -f lavfi -i "color=c=black:s=320x240:r=30:d=3,geq=lum='16+2*N':cb=128:cr=128" \
        -c:v libx264 -preset veryfast -qp 0 -pix_fmt yuv420p "$1"
}
# The H.264+AAC video stored with a 90-degree display rotation, as phones store portrait video.
rotated_mp4() { ff -i "$out/h264_aac.mp4" -c copy -metadata:s:v:0 rotate=90 "$1"; }
# Non-square pixels: 320x360 stored, shown as 640x360 (sample aspect ratio 2:1).
anamorphic_mp4() {
    ff -loop 1 -framerate 25 -t 2 -i "$photo" -vf "scale=320:360,setsar=2,format=yuv420p" \
        -c:v libx264 -preset veryfast "$1"
}
# The same in WebM (lossless VP9), whose timestamps are rounded to whole milliseconds.
counter_webm() {
    ff -f lavfi -i "color=c=black:s=320x240:r=30:d=3,geq=lum='16+2*N':cb=128:cr=128" \
        -c:v libvpx-vp9 -lossless 1 -deadline realtime -cpu-used 8 -pix_fmt yuv420p "$1"
}
produce counter.mp4 counter_mp4
produce counter.webm counter_webm
produce rotated.mp4 rotated_mp4
produce anamorphic.mp4 anamorphic_mp4

# --- files the pipeline must reject ---------------------------------------------------------
no_audio_mp4() {
    ff -loop 1 -framerate 25 -t 5 -i "$photo" -vf "$picture_filter" -c:v libx264 -preset veryfast "$1"
}
text_mp4() { printf 'This is a text file, not a video.\nIt only has an .mp4 name.\n' >"$1"; }
# Deterministic noise (fixed seed), so the file is the same on every machine.
random_mp4() {
    ff -f lavfi -i "anoisesrc=d=6:c=white:a=1:seed=42:r=44100" -ac 1 -f u8 "$1"
}
empty_mp4() { : >"$1"; }
# Audio with a cover picture, which FFmpeg lists as a (one-frame) video stream.
cover_art_mp3() {
    ff -i "$speech" -i "$photo" -map 0:a -map 1:v -c:a libmp3lame -b:a 64k -c:v png \
        -disposition:v attached_pic "$1"
}
# Playlists naming another file in the same directory: FFmpeg would open and play that file.
hls_playlist_mp4() { printf '#EXTM3U\n#EXT-X-TARGETDURATION:25\n#EXTINF:24.7,\nh264_aac.mp4\n#EXT-X-ENDLIST\n' >"$1"; }
ffconcat_list_mp4() { printf 'ffconcat version 1.0\nfile h264_aac.mp4\n' >"$1"; }
astronaut_png_mp4() { cp "$photo" "$1"; }
# The first 40 % of a file, as an interrupted upload leaves it.
head_40_percent() { head -c $(($(stat -c %s "$1") * 40 / 100)) "$1" >"$2"; }
truncated_mp4() { head_40_percent "$out/h264_aac.mp4" "$1"; }
truncated_faststart_mp4() { head_40_percent "$out/h264_aac_faststart.mp4" "$1"; }
truncated_webm() { head_40_percent "$out/vp9_opus.webm" "$1"; }
truncated_avi() { head_40_percent "$out/mpeg4_mp3.avi" "$1"; }
# A recording stopped before its first frame: the streamed WebM cut just after the first
# Cluster's ID (1F 43 B6 75), so the tracks are declared but hold nothing.
no_frames_webm() {
    local cluster
    cluster=$(LC_ALL=C grep -obUaP '\x1F\x43\xB6\x75' "$out/streamed.webm" | head -n 1 | cut -d: -f1)
    head -c $((cluster + 4)) "$out/streamed.webm" >"$1"
}
produce no_audio.mp4 no_audio_mp4
produce text.mp4 text_mp4
produce random.mp4 random_mp4
produce empty.mp4 empty_mp4
produce cover_art.mp3 cover_art_mp3
produce hls_playlist.mp4 hls_playlist_mp4
produce ffconcat_list.mp4 ffconcat_list_mp4
produce astronaut_png.mp4 astronaut_png_mp4
produce truncated.mp4 truncated_mp4
produce truncated_faststart.mp4 truncated_faststart_mp4
produce truncated.webm truncated_webm
produce truncated.avi truncated_avi
produce no_frames.webm no_frames_webm
