#!/usr/bin/env bash
# Every test: unit + HTTP API suite on SQLite, again on PostgreSQL (with Redis
# for counters, codes and sessions) and on MariaDB/MySQL, the multi-node test
# (two nodes behind nginx), the browser tests in headless Chromium, the
# schemathesis fuzz of the OpenAPI document, and the container image + compose
# check when podman is installed.
# Suites whose service is not reachable are skipped with a notice, unless
# CI=true or MIANJING_REQUIRE_ALL=1, where that is a failure.
# Installs what it needs: npm packages, Debian's chromium + CJK font and nginx,
# schemathesis and moto.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
REQUIRE=${MIANJING_REQUIRE_ALL:-${CI:-}}
[ "$REQUIRE" = "true" ] && REQUIRE=1
PASSED=0; FAILED=0; SKIPPED=0; LOG=$(mktemp)
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
count_cargo() {
  local p f
  p=$(grep -E '^test result:' "$LOG" | sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed.*/\1/' | paste -sd+ | bc)
  f=$(grep -E '^test result:' "$LOG" | sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed.*/\2/' | paste -sd+ | bc)
  PASSED=$((PASSED + ${p:-0})); FAILED=$((FAILED + ${f:-0}))
}
run_cargo() { # name, env..., -- cargo args
  local name=$1; shift
  say "$name"
  env "$@" 2>&1 | tee "$LOG"
  local rc=${PIPESTATUS[0]}
  count_cargo
  if [ "$rc" -ne 0 ] && ! grep -q '^test result: FAILED' "$LOG"; then FAILED=$((FAILED + 1)); fi
}
skip_or_fail() {
  if [ "$REQUIRE" = "1" ]; then echo "REQUIRED but unavailable: $1" >&2; FAILED=$((FAILED + 1)); else echo "skipping: $1" >&2; SKIPPED=$((SKIPPED + 1)); fi
}

command -v bc >/dev/null || { apt-get install -y -qq bc >/dev/null 2>&1 || true; }
if [ "$REQUIRE" = "1" ]; then export MIANJING_REQUIRE_ALL=1; bash scripts/services.sh >&2; fi
# Python tools: schemathesis (API fuzz) and moto (S3-compatible server for the storage tests).
VENV=$CACHE/venv
if [ ! -x "$VENV/bin/st" ] || [ ! -x "$VENV/bin/moto_server" ]; then
  say "installing schemathesis and moto into $VENV"
  { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q "schemathesis==4.32.5" "moto[server]==5.1.*"; } >&2 || echo "could not install the Python test tools" >&2
fi
build_web || { echo "web build failed" >&2; exit 1; }
say "building"
cargo build --locked --tests --bins || exit 1

run_cargo "tests on SQLite (in-process cache)" cargo test --locked
if up 5432 && up 6379; then
  run_cargo "API tests on PostgreSQL with Redis" MIANJING_TEST_DB=postgres MIANJING_TEST_REDIS=redis://127.0.0.1:6379 MIANJING_REQUIRE_REDIS=1 cargo test --locked --test api
else skip_or_fail "PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379)"; fi
if up 3306; then
  run_cargo "API tests on MariaDB/MySQL" MIANJING_TEST_DB=mysql cargo test --locked --test api
else skip_or_fail "MariaDB/MySQL (127.0.0.1:3306)"; fi

# The multi-node test (tests/multinode.rs): two `mianjing serve` processes
# behind nginx on PostgreSQL, Redis and moto's S3 server.
NGINX=${MIANJING_TEST_NGINX:-/usr/sbin/nginx}
if [ ! -x "$NGINX" ]; then
  say "installing nginx (Debian package) for the multi-node test"
  { apt-get update -qq && apt-get install -y -qq nginx; } >/dev/null 2>&1 || true
fi
if up 5432 && up 6379 && [ -x "$NGINX" ] && [ -x "$VENV/bin/moto_server" ]; then
  run_cargo "multi-node test: two nodes behind nginx on PostgreSQL, Redis and S3 (moto)" MIANJING_MULTINODE=1 MIANJING_TEST_REDIS=redis://127.0.0.1:6379 cargo test --locked --test multinode -- --nocapture
else skip_or_fail "multi-node test (PostgreSQL, Redis, nginx at $NGINX and $VENV/bin/moto_server)"; fi

# Browser tests (headless Chromium driven by playwright-core).
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi wqy; then
  say "installing chromium and a CJK font (Debian packages)"
  { apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-microhei; } >/dev/null 2>&1 || true
fi
if [ -x /usr/bin/chromium ]; then
  say "browser tests"
  # The browser fixtures import the shared real data when it is beside the repo.
  SHARED=$(cd "$ROOT/.." && pwd)/shared/data
  if [ -f "$SHARED/experiences.jsonl" ]; then export E2E_IMPORT_EXPERIENCES="$SHARED/experiences.jsonl" E2E_IMPORT_QUESTIONS="$SHARED/questions.jsonl"; fi
  (cd web && MIANJING_BIN="$CARGO_TARGET_DIR/debug/mianjing" node --test --test-concurrency=1 e2e/) 2>&1 | tee "$LOG"
  p=$(grep -E '^# pass ' "$LOG" | awk '{print $3}'); f=$(grep -E '^# fail ' "$LOG" | awk '{print $3}')
  PASSED=$((PASSED + ${p:-0})); FAILED=$((FAILED + ${f:-1}))
else skip_or_fail "chromium for browser tests"; fi

# Property-based fuzz of the whole API from its OpenAPI document.
say "schemathesis fuzz"
if bash scripts/fuzz.sh 2>&1 | tee "$LOG"; [ "${PIPESTATUS[0]}" -eq 0 ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); fi

# Container image and the compose scale-out setup (two nodes, PostgreSQL,
# Redis, S3), when podman is installed: scripts/compose-check.sh.
if command -v podman >/dev/null; then
  say "container image and compose check"
  # The suite packages the debug binary it already built (a release build would
  # add ~8 min); scripts/container.sh builds the release image and prints its size.
  if MIANJING_IMAGE_BIN="$CARGO_TARGET_DIR/debug/mianjing" MIANJING_IMAGE=localhost/mianjing:test bash scripts/compose-check.sh 2>&1 | tee "$LOG"; [ "${PIPESTATUS[0]}" -eq 0 ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); fi
else echo "skipping: container image and compose check (podman not installed; apt-get install -y podman)" >&2; SKIPPED=$((SKIPPED + 1)); fi

rm -f "$LOG"
echo
echo "mianjing: $PASSED passed, $FAILED failed, $SKIPPED skipped"
[ "$FAILED" -eq 0 ]
