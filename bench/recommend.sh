#!/usr/bin/env bash
# Latency of POST /api/questions/recommend over the shared question file
# (10,844 questions) on SQLite, release build: wrk with 1 and 8 connections.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/mianjing/target}
cargo build --release --locked --bin mianjing
BIN=$CARGO_TARGET_DIR/release/mianjing
DATA=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT
/usr/bin/time -f "import questions: %e s wall, %M KiB max RSS" "$BIN" import questions ../shared/data/questions.jsonl --data-dir "$DATA"
PORT=18911
"$BIN" serve --bind 127.0.0.1:$PORT --data-dir "$DATA" >"$DATA/log" 2>&1 &
PID=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PORT/api/health" >/dev/null && break; sleep 0.2; done
for c in 1 8; do
  echo "== recommend, $c connection(s), 10 s"
  wrk -t1 -c$c -d10s --latency -s bench/wrk/recommend.lua "http://127.0.0.1:$PORT" | grep -E "Requests/sec|50%|90%|99%|Non-2xx|requests in"
done
