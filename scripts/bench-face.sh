#!/usr/bin/env bash
# Face-analysis benchmark: FaceKit's tracked pass against dlib's detector + landmarks on every
# analysed frame, on the same 60 s 640x480 30 fps video, in one command. Writes the key "face" of
# bench/results.json (other keys kept; run it after scripts/bench.sh, whose report rewrites that
# file) and .cache/bench/face-results.json, and prints a summary.
#
#   scripts/bench-face.sh                   # 2 rounds, best kept
#   BENCH_ROUNDS=3 scripts/bench-face.sh
#
# The video (made once into .cache/bench/face-60s.mp4 with the ffmpeg CLI): astronaut.png in a
# close, swaying framing (face box ~200 px, as a webcam shows a seated person); a second face
# (messi5.jpg's, ~64 px) during [20, 24) s; the face covered by a gray box during [40, 43) s.
#
# Environment:
#   BENCH_ROUNDS          rounds (best of N), default 2
#   FACE_BENCH_PACKAGE    Swift package that has the FaceBench product, default the repository
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${BENCH_ROUNDS:-2}"
PACKAGE="${FACE_BENCH_PACKAGE:-$REPO_ROOT}"
WORK="$REPO_ROOT/.cache/bench"
VIDEO="$WORK/face-60s.mp4"
MESSI=/usr/share/doc/opencv-doc/examples/data/messi5.jpg

if ! grep -q '"FaceBench"' "$PACKAGE/Package.swift"; then
    echo "bench-face: $PACKAGE/Package.swift has no FaceBench target; add" >&2
    echo '  .executableTarget(name: "FaceBench", dependencies: ["FaceKit", "MediaKit"], path: "bench/FaceBench")' >&2
    echo "or set FACE_BENCH_PACKAGE to a package that has it" >&2
    exit 1
fi
[[ -s /usr/share/dlib/shape_predictor_68_face_landmarks.dat ]] || { echo "bench-face: libdlib-data missing" >&2; exit 1; }
[[ -f $MESSI ]] || { echo "bench-face: $MESSI missing (apt-get install opencv-doc)" >&2; exit 1; }
bash "$REPO_ROOT/scripts/fetch-test-assets.sh"

mkdir -p "$WORK"
if [[ ! -s $VIDEO ]]; then
    echo "== making $VIDEO"
    ffmpeg -hide_banner -loglevel error -nostdin -y \
        -loop 1 -framerate 30 -t 60 -i "$REPO_ROOT/.cache/test-assets/astronaut.png" \
        -loop 1 -framerate 30 -t 60 -i "$MESSI" -filter_complex \
        "[0:v]crop=320:240:'64+12*sin(2*PI*t/4)':'18+8*sin(2*PI*t/5.3)',scale=640:480,drawbox=x=170:y=90:w=300:h=300:color=0x808080:t=fill:enable='between(t,40,42.999)'[main];[1:v]crop=46:50:218:86,scale=-2:91:flags=lanczos[second];[main][second]overlay=520:40:enable='between(t,20,23.999)'" \
        -c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p -r 30 -an "$WORK/.partial.face-60s.mp4"
    mv "$WORK/.partial.face-60s.mp4" "$VIDEO"
fi

echo "== building FaceBench (release) in $PACKAGE"
swift build -c release --product FaceBench --package-path "$PACKAGE"
BENCH="$(swift build -c release --show-bin-path --package-path "$PACKAGE")/FaceBench"

echo "== $ROUNDS rounds; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$BENCH" --video "$VIDEO" --rounds "$ROUNDS" --out "$WORK/face-results.json" --merge-into "$REPO_ROOT/bench/results.json"
echo "wrote the \"face\" key of $REPO_ROOT/bench/results.json and $WORK/face-results.json"
