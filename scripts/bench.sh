#!/usr/bin/env bash
# ASR benchmark: the native Whisper engine against faster-whisper (int8 and float32) on the same
# audio, on this machine, in one command. Writes bench/results.json and prints a table.
#
#   scripts/bench.sh                      # 3 rounds
#   BENCH_ROUNDS=5 scripts/bench.sh       # best of 5
#   scripts/bench.sh a.wav b.wav          # other audio (16 kHz mono 16-bit WAV)
#
# Each round runs, one process after the other: our engine (WhisperBench run), faster-whisper
# int8, faster-whisper float32, each on every file with beam 1 and beam 5, 2 threads. Alternating
# within a round spreads machine noise (other builds, other tests) over all engines; each
# engine's best time over the rounds is kept. Timing is the transcribe call only (features
# included; file decoding and model load excluded).
#
# Needs: the weights (scripts/fetch-models.sh), Debian's pocketsphinx-testdata for the default
# audio, python3 with venv, and PyPI for faster-whisper (installed once into .cache/bench-venv).
#
# Environment:
#   BENCH_ROUNDS            rounds (best of N), default 3
#   BENCH_THREADS           threads for every engine, default 2
#   WHISPER_MODEL_DIR       default models/whisper-base
#   WHISPER_BENCH_PACKAGE   Swift package that has the WhisperBench product, default the repository
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${BENCH_ROUNDS:-3}"
THREADS="${BENCH_THREADS:-2}"
MODEL_DIR="${WHISPER_MODEL_DIR:-$REPO_ROOT/models/whisper-base}"
PACKAGE="${WHISPER_BENCH_PACKAGE:-$REPO_ROOT}"
FASTER_WHISPER_VERSION="1.2.1"   # the version the engine is checked against (docs/whisper.md)
LIBRIVOX="/usr/share/pocketsphinx/test/data/librivox"
WORK="$REPO_ROOT/.cache/bench"
VENV="$REPO_ROOT/.cache/bench-venv"
RESULTS="$REPO_ROOT/bench/results.json"

[[ -s "$MODEL_DIR/model.bin" ]] || { echo "bench: no model in $MODEL_DIR (run scripts/fetch-models.sh)" >&2; exit 1; }
if ! grep -q '"WhisperBench"' "$PACKAGE/Package.swift"; then
    echo "bench: $PACKAGE/Package.swift has no WhisperBench target; add" >&2
    echo '  .executableTarget(name: "WhisperBench", dependencies: ["Whisper"], path: "bench/WhisperBench")' >&2
    echo "or set WHISPER_BENCH_PACKAGE to a package that has it" >&2
    exit 1
fi

echo "== building WhisperBench (release) in $PACKAGE"
swift build -c release --product WhisperBench --package-path "$PACKAGE"
BENCH="$(swift build -c release --show-bin-path --package-path "$PACKAGE")/WhisperBench"

if ! "$VENV/bin/python" -c "import faster_whisper; assert faster_whisper.__version__ == '$FASTER_WHISPER_VERSION'" 2>/dev/null; then
    echo "== installing faster-whisper $FASTER_WHISPER_VERSION into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "faster-whisper==$FASTER_WHISPER_VERSION"
fi

mkdir -p "$WORK"
rm -f "$WORK"/round-*.json
if [[ $# -gt 0 ]]; then
    AUDIO=("$@")
    TRANSCRIPTS=()
else
    [[ -d "$LIBRIVOX" ]] || { echo "bench: $LIBRIVOX missing (apt-get install pocketsphinx-testdata)" >&2; exit 1; }
    AUDIO=("$LIBRIVOX"/sense_and_sensibility_01_austen_64kb-0{870,880,890,920,930}.wav)
    # The five clips joined without gaps (24.73 s, two 30 s windows' worth of decoding), and
    # its human transcript, the clips' transcripts joined.
    "$VENV/bin/python" - "$WORK/librivox_concat.wav" "${AUDIO[@]}" <<'EOF'
import sys, wave
out, clips = sys.argv[1], sys.argv[2:]
frames = b""
for path in clips:
    with wave.open(path, "rb") as f:
        params = f.getparams()
        frames += f.readframes(f.getnframes())
with wave.open(out, "wb") as f:
    f.setparams(params)
    f.writeframes(frames)
EOF
    AUDIO+=("$WORK/librivox_concat.wav")
    { cat "$LIBRIVOX/transcription"
      sed -e 's/ *([^)]*)$//' -e 's/<s> *//' -e 's/ *<\/s>//' "$LIBRIVOX/transcription" | paste -sd' ' | sed 's/$/ (librivox_concat)/'
    } > "$WORK/transcription"
    TRANSCRIPTS=(--transcripts "$WORK/transcription")
fi

echo "== $ROUNDS rounds, $THREADS threads, ${#AUDIO[@]} files; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
    echo "-- round $round/$ROUNDS"
    "$BENCH" run --model "$MODEL_DIR" --threads "$THREADS" --out "$WORK/round-$round-ours.json" "${AUDIO[@]}"
    for compute in int8 float32; do
        "$VENV/bin/python" "$REPO_ROOT/bench/faster_whisper_run.py" --model "$MODEL_DIR" --compute-type "$compute" \
            --threads "$THREADS" --out "$WORK/round-$round-fw-$compute.json" "${AUDIO[@]}"
    done
done

echo "== results (best of $ROUNDS; seconds; ÷ = ours / other); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$BENCH" report --out "$RESULTS" "${TRANSCRIPTS[@]}" "$WORK"/round-*.json
echo "wrote $RESULTS"
