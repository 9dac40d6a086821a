"""faster-whisper's side of scripts/bench.sh: the same measurements as `WhisperBench run`.

Loads the CTranslate2 model once with one compute type, transcribes every WAV file with each
beam size after one untimed warm-up, and writes an EngineRun JSON (bench/WhisperBench/
BenchFormat.swift is the schema): wall and CPU seconds of transcribe() with its
segments consumed (features included, file decoding excluded), tokens, text, VmHWM.
"""
import argparse
import json
import os
import time
import wave

import numpy as np


def read_wav(path):
    """16 kHz mono s16 WAV as float32 / 32768 (what faster_whisper.decode_audio gives)."""
    with wave.open(path, "rb") as f:
        if (f.getnchannels(), f.getframerate(), f.getsampwidth()) != (1, 16000, 2):
            raise SystemExit(f"{path} must be 16 kHz mono 16-bit PCM")
        return np.frombuffer(f.readframes(f.getnframes()), dtype="<i2").astype(np.float32) / 32768.0


def proc_value(path, prefix):
    with open(path) as f:
        for line in f:
            if line.startswith(prefix):
                return line
    return ""


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", required=True)
    parser.add_argument("--compute-type", required=True, choices=["int8", "float32", "float16", "int8_float32"])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--beams", default="1,5")
    parser.add_argument("--language", default="en")
    parser.add_argument("--out", required=True)
    parser.add_argument("audio", nargs="+")
    args = parser.parse_args()

    import ctranslate2
    import faster_whisper
    from faster_whisper import WhisperModel

    clips = [(os.path.splitext(os.path.basename(p))[0], read_wav(p)) for p in args.audio]
    start = time.perf_counter()
    model = WhisperModel(args.model, device="cpu", compute_type=args.compute_type, cpu_threads=args.threads, num_workers=1)
    load_seconds = time.perf_counter() - start
    list(model.transcribe(clips[0][1], language=args.language, beam_size=1)[0])

    runs = []
    for beam in [int(b) for b in args.beams.split(",")]:
        for name, samples in clips:
            start, cpu_start = time.perf_counter(), time.process_time()
            segments, _ = model.transcribe(samples, language=args.language, beam_size=beam)
            segments = list(segments)
            seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
            duration = len(samples) / 16000
            runs.append({
                "clip": name, "duration_s": duration, "beam_size": beam, "seconds": seconds, "cpu_seconds": cpu_seconds,
                "text": "".join(s.text for s in segments).strip(),
                "tokens": [t for s in segments for t in s.tokens],
            })
            print(f"fw-{args.compute_type:<7} beam {beam}  {name:<44} {duration:6.2f} s audio  {seconds:6.3f} s  RTF {seconds / duration:.3f}  CPU {cpu_seconds:6.3f} s", flush=True)

    peak_kb = float(proc_value("/proc/self/status", "VmHWM:").split()[1])
    with open("/proc/loadavg") as f:
        load_average = float(f.read().split()[0])
    result = {
        "engine": f"faster-whisper-{args.compute_type}",
        "engine_version": f"faster-whisper {faster_whisper.__version__}, ctranslate2 {ctranslate2.__version__}",
        "compute_type": args.compute_type,
        "threads": args.threads,
        "load_seconds": load_seconds,
        "peak_rss_mb": peak_kb / 1024,
        "load_average": load_average,
        "runs": runs,
    }
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
    print(f"fw-{args.compute_type:<7} model load {load_seconds:.2f} s, peak RSS {peak_kb / 1024:.0f} MB", flush=True)


if __name__ == "__main__":
    main()
