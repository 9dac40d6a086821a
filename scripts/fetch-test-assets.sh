#!/usr/bin/env bash
# Fetches the real photo the media tests use as video content: scikit-image's astronaut.png
# (512x512 RGB, public domain, NASA), taken out of the scikit-image wheel on PyPI.
#
# Usage: scripts/fetch-test-assets.sh [ASSET_DIR]   (default: <repo>/.cache/test-assets)
# Idempotent: does nothing when the file is already there with the expected checksum.
# Needs: pip (PyPI access) and unzip.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
asset_dir=${1:-$repo/.cache/test-assets}
target=$asset_dir/astronaut.png

# The wheel is pinned so that every machine gets the same bytes; the checksum proves it.
wheel_spec=scikit-image==0.26.0
expected_sha256=88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

if [[ -f $target && $(sha256_of "$target") == "$expected_sha256" ]]; then
    exit 0
fi

mkdir -p "$asset_dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --platform/--python-version make pip pick the same wheel whatever the local Python is.
pip download --quiet --no-deps --only-binary=:all: \
    --python-version 3.11 --implementation cp --platform manylinux_2_28_x86_64 \
    -d "$tmp" "$wheel_spec"
unzip -q -j "$tmp"/scikit_image-*.whl skimage/data/astronaut.png -d "$tmp"

actual=$(sha256_of "$tmp/astronaut.png")
if [[ $actual != "$expected_sha256" ]]; then
    echo "fetch-test-assets: astronaut.png has sha256 $actual, expected $expected_sha256" >&2
    exit 1
fi
mv "$tmp/astronaut.png" "$target"
echo "fetch-test-assets: wrote $target"
