#!/usr/bin/env bash
# Generates the pictures and videos the FaceKit tests analyse, with the ffmpeg CLI, from two real
# photos: scikit-image's astronaut.png (512x512, one frontal face; fetched by
# fetch-test-assets.sh) and OpenCV's messi5.jpg (548x342, one small face turned about 30 degrees;
# Debian's opencv-doc).
#
# Usage: scripts/make-face-media.sh [OUT_DIR]   (default: <repo>/.cache/test-media/faces)
# Idempotent: a file already present is not made again; each file is written under a temporary
# name and renamed when complete, under a lock. Delete OUT_DIR to regenerate everything.
#
# The known times below are also in Tests/FaceKitTests/FaceTestMedia.swift, which the tests read;
# change both together. All videos are 640x480, 30 fps, H.264, without audio.
#
#   clean.mp4                10 s  close framing (face box ~200 px), swaying; one face throughout
#   covered.mp4              10 s  as clean.mp4, the face hidden by a gray box during [4.0, 6.0) s
#   second_face.mp4          10 s  as clean.mp4, a second face (box ~64 px, messi) during [3.0, 7.0) s
#   far_dark_second_face.mp4  8 s  whole photo small at the left (face box ~90 px), dark; a second
#                                  face (box ~70 px) at the right during [2.0, 5.0) s
#   near_bright_covered.mp4   9 s  zoomed in (face box ~330 px), mirrored, bright; covered by a
#                                  dark box during [5.0, 6.5) s
#   side_lit_second_face.mp4  7 s  lit from the right (vignette), still; a second face (box ~60 px)
#                                  at the lower left during [1.5, 4.5) s
#   blink.mp4                10 s  close framing, still; both eyes closed (painted with eyelid skin
#                                  and a lash line) during [1.0, 1.2), [2.5, 2.8), [4.0, 4.2),
#                                  [5.5, 5.9), [7.0, 7.2), [8.5, 8.8) s: six blinks
# Pictures:
#   astronaut_mirrored.png, messi_mirrored.png   the photos flipped left to right
#   astronaut_centred.png    250x250 crop with the face in the middle
#   astronaut_yaw_right.png  the crop as a plane turned 30 degrees about its vertical centre line,
#                            its right side away from the camera (focal length = width)
#   astronaut_yaw_left.png   the same turned the other way
# Needs: ffmpeg (Debian's build, libx264), opencv-doc, and what fetch-test-assets.sh needs.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${1:-$repo/.cache/test-media/faces}
mkdir -p "$out"

exec 9>"$out/.lock"
flock 9

bash "$repo/scripts/fetch-test-assets.sh"
astronaut=$repo/.cache/test-assets/astronaut.png
messi=/usr/share/doc/opencv-doc/examples/data/messi5.jpg
[[ -f $messi ]] || { echo "make-face-media: $messi missing (apt-get install opencv-doc)" >&2; exit 1; }

source "$repo/scripts/lib/produce.sh"

# --- framings of the astronaut (coordinates in the 512x512 photo; its face box is x 174-274, y 75-175)
# Close: a 320x240 window scaled 2x (face box ~200 px). Swaying: the window drifts +-12 px
# across and +-8 px down on incommensurate periods, as a seated person moves.
close_still='crop=320:240:64:10,scale=640:480'
close_sway="crop=320:240:'64+12*sin(2*PI*t/4)':'18+8*sin(2*PI*t/5.3)',scale=640:480"
# Far: the whole photo at 460x460 on the left of a gray canvas (face box ~90 px).
far='scale=460:460,pad=640:480:10:10:color=0x606060'
# Near: a 200x150 window scaled 3.2x (face box ~330 px), mirrored.
near='crop=200:150:124:40,scale=640:480,hflip'

# A second face: messi5.jpg's face (box ~35 px at x 225-260, y 95-130) cut out with its hair and
# chin, scaled so that its detector box is about $1 px.
second_face() { echo "[1:v]crop=46:50:218:86,scale=-2:$(($1 * 50 / 35)):flags=lanczos[second]"; }

encode=(-c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p -r 30 -an)
# still_video SECONDS FILTER OUTPUT [EXTRA INPUT ARGS...]: the astronaut looped as a 30 fps video.
photo_video() { local seconds=$1; shift; ff -loop 1 -framerate 30 -t "$seconds" -i "$astronaut" "$@"; }

clean_mp4() { photo_video 10 -vf "$close_sway" "${encode[@]}" "$1"; }
covered_mp4() {
    photo_video 10 -vf "$close_sway,drawbox=x=170:y=90:w=300:h=300:color=0x808080:t=fill:enable='between(t,4.0,5.999)'" \
        "${encode[@]}" "$1"
}
second_face_mp4() {
    photo_video 10 -loop 1 -framerate 30 -t 10 -i "$messi" -filter_complex \
        "[0:v]$close_sway[main];$(second_face 64);[main][second]overlay=520:40:enable='between(t,3.0,6.999)'" \
        "${encode[@]}" "$1"
}
far_dark_second_face_mp4() {
    photo_video 8 -loop 1 -framerate 30 -t 8 -i "$messi" -filter_complex \
        "[0:v]$far,eq=brightness=-0.18:gamma=0.8[main];$(second_face 70);[main][second]overlay=520:250:enable='between(t,2.0,4.999)'" \
        "${encode[@]}" "$1"
}
near_bright_covered_mp4() {
    photo_video 9 -vf "$near,eq=brightness=0.12:contrast=0.85,drawbox=x=100:y=40:w=440:h=440:color=0x202020:t=fill:enable='between(t,5.0,6.499)'" \
        "${encode[@]}" "$1"
}
side_lit_second_face_mp4() {
    photo_video 7 -loop 1 -framerate 30 -t 7 -i "$messi" -filter_complex \
        "[0:v]$close_still,vignette=angle=PI/3:x0=w*0.85:y0=h*0.3[main];$(second_face 60);[main][second]overlay=40:330:enable='between(t,1.5,4.499)'" \
        "${encode[@]}" "$1"
}
# Eyes in the close still framing: image-left eye x 261-297, y 175-188; image-right x 347-383,
# y 181-193 (landmarks 36-47 fitted on the photo, mapped by the 2x crop). Each closure paints both
# eye regions with eyelid skin (0xD9B8A0, sampled near the eyes) and a 3-px lash line.
blink_mp4() {
    local closed="between(t,1.0,1.199)+between(t,2.5,2.799)+between(t,4.0,4.199)+between(t,5.5,5.899)+between(t,7.0,7.199)+between(t,8.5,8.799)"
    local lids="drawbox=x=255:y=168:w=48:h=28:color=0xD9B8A0:t=fill:enable='$closed',drawbox=x=341:y=173:w=48:h=28:color=0xD9B8A0:t=fill:enable='$closed'"
    local lashes="drawbox=x=259:y=184:w=40:h=3:color=0x5A4035:t=fill:enable='$closed',drawbox=x=345:y=189:w=40:h=3:color=0x5A4035:t=fill:enable='$closed'"
    photo_video 10 -vf "$close_still,$lids,$lashes" "${encode[@]}" "$1"
}
produce clean.mp4 clean_mp4
produce covered.mp4 covered_mp4
produce second_face.mp4 second_face_mp4
produce far_dark_second_face.mp4 far_dark_second_face_mp4
produce near_bright_covered.mp4 near_bright_covered_mp4
produce side_lit_second_face.mp4 side_lit_second_face_mp4
produce blink.mp4 blink_mp4

# --- pictures --------------------------------------------------------------------------------
astronaut_mirrored_png() { ff -i "$astronaut" -vf hflip "$1"; }
messi_mirrored_png() { ff -i "$messi" -vf hflip "$1"; }
astronaut_centred_png() { ff -i "$astronaut" -vf crop=250:250:99:0 "$1"; }
# A plane of half-width w at distance 2w turned by 30 degrees about its centre line: its edges land
# at x = +-w cos30 / (1 +- 0.5 sin30) and their heights scale by 1 / (1 +- 0.5 sin30), i.e. for
# the 250x250 crop the near edge at x -19.4 spanning y -41.7..291.7, the far edge at x 211.6
# spanning 25..225. ffmpeg's perspective filter maps the crop's corners there (edges repeat).
astronaut_yaw_right_png() {
    ff -i "$out/astronaut_centred.png" -vf "perspective=-19.4:-41.7:211.6:25:-19.4:291.7:211.6:225:sense=destination" "$1"
}
astronaut_yaw_left_png() {
    ff -i "$out/astronaut_centred.png" -vf "perspective=38.4:25:269.4:-41.7:38.4:225:269.4:291.7:sense=destination" "$1"
}
produce astronaut_mirrored.png astronaut_mirrored_png
produce messi_mirrored.png messi_mirrored_png
produce astronaut_centred.png astronaut_centred_png
produce astronaut_yaw_right.png astronaut_yaw_right_png
produce astronaut_yaw_left.png astronaut_yaw_left_png
