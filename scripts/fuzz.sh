#!/usr/bin/env bash
# Property-based fuzz of the whole API from its own OpenAPI document with
# schemathesis (PyPI, pinned): no 5xx, every status the API answers is
# documented for its operation, and every documented response matches its
# schema. Runs against a fresh SQLite instance of the debug binary, once
# anonymous and once with a logged-in user's token.
# MIANJING_FUZZ_SECONDS bounds each pass (default 60).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
VENV=$CACHE/venv
if [ ! -x "$VENV/bin/st" ]; then
  say "installing schemathesis into $VENV"
  python3 -m venv "$VENV" && "$VENV/bin/pip" install -q "schemathesis==4.32.5"
fi
BIN=${MIANJING_BIN:-$CARGO_TARGET_DIR/debug/mianjing}
[ -x "$BIN" ] || cargo build --locked --bin mianjing
DATA=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
# The write limits scaled out of the way: the fuzzer writes fast from one address.
MIANJING_ARGON2_MEMORY_KIB=1024 MIANJING_ARGON2_ITERATIONS=1 MIANJING_LIMITS__SCALE=100000 "$BIN" serve --bind "127.0.0.1:$PORT" --data-dir "$DATA" >"$DATA/server.log" 2>&1 &
PID=$!
cleanup() { kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; [ -z "${KEEP_LOG:-}" ] || cat "$DATA/server.log" >&2; rm -rf "$DATA"; }
trap cleanup EXIT
for _ in $(seq 1 100); do curl -fs "$BASE/api/health" >/dev/null && break; sleep 0.2; done
curl -sS -XPOST "$BASE/api/users/signup" -H 'content-type: application/json' \
  -d '{"accept_terms":true,"account":"fuzzer","name":"Fuzzer","email":"fuzz@example.com","password":"Tiger-Lake-42"}' >/dev/null
TOKEN=$(curl -fs -XPOST "$BASE/api/users/login" -H 'content-type: application/json' \
  -d '{"account":"fuzzer","password":"Tiger-Lake-42"}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])')
SECS=${MIANJING_FUZZ_SECONDS:-60}
CHECKS=not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance
# Run from the temp dir: schemathesis keeps a cache in the working directory.
# A pass fails on check failures (5xx, undocumented statuses, schema or
# content-type violations) or when nothing was tested; schemathesis's own
# internal errors (tracebacks inside its generator, e.g. a Python AST
# recursion error) are reported but are not failures of the API.
st() {
  local out="$DATA/st.out"
  set +e
  (cd "$DATA" && "$VENV/bin/st" run "$BASE/api/openapi.json" --checks "$CHECKS" --workers 2 --max-time "$SECS" \
  --phases examples,coverage,fuzzing --suppress-health-check all --warnings off --no-color "$@") >"$out" 2>&1
  local rc=$?
  set -e
  cat "$out"
  if [ $rc -ne 0 ]; then
    # Every generated case must have passed: "N generated, N passed" with nothing after.
    if ! grep -qE "^ *([0-9]+) generated, \1 passed *$" "$out"; then
      echo "fuzz: the API failed checks" >&2
      return 1
    fi
    echo "fuzz: schemathesis reported internal errors only (see above); no check failed" >&2
  fi
}
say "fuzz pass 1: anonymous"
st
say "fuzz pass 2: logged in (password and account deletion excluded so the session survives)"
st -H "Authorization: Bearer $TOKEN" --exclude-path /api/users/me --exclude-path /api/users/password \
  --exclude-path /api/users/logout --exclude-path /api/token/refresh
if grep -q ' 500 \|panicked' "$DATA/server.log"; then echo "server logged a 500 or a panic" >&2; exit 1; fi
