#!/usr/bin/env bash
# Fetches Resemblyzer's pretrained GE2E speaker encoder (resemblyzer/pretrained.pt, 17,090,379 B)
# from the `resemblyzer` wheel on PyPI and installs it as
# ${MODELS_DIR:-<repo>/models}/resemblyzer/pretrained.pt, which VoiceKit's VoiceEncoder reads.
#
# The file is checked against the sha256 recorded in
# /work/shared/reference/ge2e-reference.md (Resemblyzer 0.1.4). Idempotent: does nothing when the
# checkpoint is already present and verified. Only the wheel is downloaded (--no-deps); nothing
# is installed into any Python environment.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/wheels.sh"

MODEL_SHA256="39373b86598fa3da9fcddee6142382efe09777e8d37dc9c0561f41f0070f134e"
RESEMBLYZER_VERSION="${RESEMBLYZER_VERSION:-0.1.4}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODELS_DIR="${MODELS_DIR:-$REPO_ROOT/models}"
TARGET="$MODELS_DIR/resemblyzer/pretrained.pt"

verified() {
    [[ -s "$TARGET" ]] && echo "$MODEL_SHA256  $TARGET" | sha256sum --check --status
}

if verified; then
    echo "resemblyzer/pretrained.pt already present in $TARGET"
    exit 0
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

download_wheels "$WORK/wheels" "resemblyzer==$RESEMBLYZER_VERSION"

WHEEL="$(find "$WORK/wheels" -name '*.whl' | head -n 1)"
if [[ -z "$WHEEL" ]]; then
    echo "error: pip did not download a resemblyzer wheel" >&2
    exit 1
fi
mkdir -p "$WORK/unpacked"
python3 -m zipfile -e "$WHEEL" "$WORK/unpacked" 2>/dev/null || unzip -q -o "$WHEEL" -d "$WORK/unpacked"

CHECKPOINT="$(find "$WORK/unpacked" -path '*resemblyzer/pretrained.pt' | head -n 1)"
if [[ -z "$CHECKPOINT" ]]; then
    echo "error: the wheel does not contain resemblyzer/pretrained.pt" >&2
    exit 1
fi
if ! echo "$MODEL_SHA256  $CHECKPOINT" | sha256sum --check --status; then
    echo "error: pretrained.pt does not have sha256 $MODEL_SHA256" >&2
    exit 1
fi

mkdir -p "$(dirname "$TARGET")"
chmod 644 "$CHECKPOINT"
mv -f "$CHECKPOINT" "$TARGET.partial"
mv -f "$TARGET.partial" "$TARGET"
echo "resemblyzer/pretrained.pt installed in $TARGET"
