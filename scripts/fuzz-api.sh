#!/usr/bin/env bash
# Property-based fuzzing of the front door from its own OpenAPI document with schemathesis
# (PyPI): generated and mutated requests to every operation; the run fails on any 5xx, any status
# code, content type or body the document does not declare. A finished session is seeded into a
# throw-away spool so the session routes are reached, not just their 404s.
# Usage: scripts/fuzz-api.sh [FRONTDOOR_BINARY]   (default .build/debug/Frontdoor)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
BINARY=${1:-.build/debug/Frontdoor}
VENV=.cache/fuzz-venv
SCHEMATHESIS=4.32.5
if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS"; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS"
fi

SPOOL=$(mktemp -d /tmp/ia-fuzz-XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cleanup() { [[ -n "${SERVER:-}" ]] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$SPOOL"; }
trap cleanup EXIT

# A finished session: the request, a real video and snapshot, the API reference's example results.
ID=$(python3 -c 'import uuid; print(uuid.uuid4().hex)')
SESSION="$SPOOL/done/$ID"
mkdir -p "$SESSION/videos" "$SESSION/evidence/1"
cp .cache/test-media/h264_aac.mp4 "$SESSION/videos/1.mp4"
ffmpeg -hide_banner -loglevel error -y -i .cache/test-media/h264_aac.mp4 -frames:v 1 "$SESSION/evidence/1/1.jpg"
cp Tests/PipelineTests/Fixtures/reference-results-example.json "$SESSION/results.json"
cat > "$SESSION/session.json" <<JSON
{"id": "$ID", "candidate_name": "Fuzz Candidate", "language": "en", "origin": "upload",
 "created_at": "2026-11-25T00:00:00Z",
 "items": [{"index": 1, "position_id": 1, "question": "Q1", "source": "a.mp4", "video_exists": true},
           {"index": 2, "position_id": 2, "question": "Q2", "source": "b.mp4", "video_exists": true},
           {"index": 3, "position_id": 3, "question": "Q3", "source": "c.mp4", "video_exists": true}]}
JSON

SPOOL_DIR="$SPOOL" PORT="$PORT" HOST=127.0.0.1 MAX_VIDEO_BYTES=1048576 "$BINARY" > "$SPOOL/frontdoor.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$PORT/" >/dev/null 2>&1 && break; sleep 0.2; done

cat > "$SPOOL/schemathesis.toml" <<TOML
[parameters]
"path.session_id" = "$ID"
TOML
"$VENV/bin/schemathesis" --config-file "$SPOOL/schemathesis.toml" run "http://127.0.0.1:$PORT/openapi.json" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --phases examples,coverage,fuzzing --max-examples "${FUZZ_EXAMPLES:-40}" --workers 1 --seed 20261125 \
    --suppress-health-check all
if grep -q "Fatal error" "$SPOOL/frontdoor.log"; then echo "the front door crashed:"; cat "$SPOOL/frontdoor.log"; exit 1; fi
