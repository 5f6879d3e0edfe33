#!/usr/bin/env bash
# A/B of server builds on one scenario: bench/ab.sh SCENARIO BIN_A BIN_B [ROUNDS] [PASSES]
#
# Both binaries must serve GET /api/_bench/fixed: build them with
# `cargo build --release --features bench` (as bench/run.sh does).
#
# SCENARIO is list_page1, detail_read or create_experience. For each round, each binary in
# turn (A, B, A, B, …) gets a fresh copy of the snapshot of the last
# `bench/run.sh sqlite` (in /tmp/mianjing-bench/sqlite/), or of the data
# directory given as BIN:DIR (e.g. that snapshot migrated once with
# `BIN migrate --data-dir DIR`, so that the copy is not migrated before every
# run, or the snapshot of another run), with create_experience's bearer
# tokens from that run's tokens.txt or from BIN:DIR:TOKENS_FILE (tokens are
# sessions of one database: another snapshot needs its own), is served on
# 127.0.0.1:18090 with MIANJING_BENCH_ENDPOINTS=true, runs `fixed` once and
# SCENARIO PASSES times (wrk -t2 -c64 -d10s after a 2 s warm-up) and prints per
# pass: requests/s, p99, the server's CPU time per request (utime + stime
# from /proc/PID/stat around the pass), the WAL's size and the RSS.
#
# The fresh copy has just been written, so the database is in the OS page
# cache: this measures CPU. bench/run.sh measures whatever the cache holds
# after the load (BENCHMARKS.md). Build nothing while it runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ $# -ge 3 ] || { echo "usage: bench/ab.sh list_page1|detail_read|create_experience BIN_A[:DIR[:TOKENS]] BIN_B[:DIR[:TOKENS]] [ROUNDS] [PASSES]" >&2; exit 2; }
SCENARIO=$1 A=$2 B=$3 ROUNDS=${4:-2} PASSES=${5:-3}
WORK=/tmp/mianjing-bench/sqlite
[ -d "$WORK/snapshot" ] || { echo "no snapshot: run bench/run.sh sqlite first" >&2; exit 1; }
DATA=$WORK/ab-data
URL=http://127.0.0.1:18090
WRK=$PWD/bench/wrk
case "$SCENARIO" in list_page1|detail_read|create_experience) ;; *) echo "unknown scenario $SCENARIO" >&2; exit 2 ;; esac
args() { # BIN[:DIR[:TOKENS]]: wrk's arguments for SCENARIO
  local tokens=$WORK/tokens.txt rest=${1#*:}
  [ "$rest" != "$1" ] && [ "${rest#*:}" != "$rest" ] && tokens=${rest#*:}
  case "$SCENARIO" in
    list_page1) ARGS=("$URL/api/experiences?page=1&per_page=20") ;;
    detail_read) ARGS=(-s "$WRK/detail.lua" "$URL/api/experiences" -- 1 100000) ;;
    create_experience) ARGS=(-s "$WRK/create.lua" "$URL/api/experiences" -- "$tokens" "$WORK/create-bodies.jsonl") ;;
  esac
}
HZ=$(getconf CLK_TCK)
PID=
trap '[ -z "$PID" ] || kill "$PID" 2>/dev/null; true' EXIT

serve() { # BIN[:DIR]: start on a fresh copy, wait for /api/health
  local bin=${1%%:*} snap=$WORK/snapshot
  [ "$bin" = "$1" ] || { snap=${1#*:}; snap=${snap%%:*}; }
  rm -rf "$DATA" && cp -r "$snap" "$DATA"
  MIANJING_BENCH_ENDPOINTS=true "$bin" serve --bind 127.0.0.1:18090 --data-dir "$DATA" >"$WORK/ab-server.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 600); do
    if curl -sf "$URL/api/health" >/dev/null; then
      curl -sf "$URL/api/_bench/fixed" >/dev/null && return
      echo "$bin does not serve /api/_bench/fixed: build it with --features bench" >&2; exit 1
    fi
    sleep 0.2
  done
  echo "server did not start; see $WORK/ab-server.log" >&2; exit 1
}

pass() { # NAME WRK_ARGS...: one 10 s pass
  local name=$1; shift
  local t0 t1 out
  t0=$(awk '{print $14 + $15}' "/proc/$PID/stat")
  out=$(wrk -t2 -c64 -d10s --latency "$@")
  t1=$(awk '{print $14 + $15}' "/proc/$PID/stat")
  WRK_OUT=$out python3 - "$name" "$t0" "$t1" "$HZ" "$DATA" "$PID" <<'EOF'
import os, re, sys
name, t0, t1, hz, data, pid = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6]
out = os.environ["WRK_OUT"]
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
if bad:  # a 401 is answered faster than a post is written: the figures would lie
    sys.exit(f"  {name}: {bad.group(1)} non-2xx responses (wrong tokens for this snapshot?); stopping")
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
n = int(re.search(r"(\d+) requests in", out).group(1))
p99 = re.search(r"99%\s+(\S+)", out).group(1)
wal = os.path.getsize(f"{data}/mianjing.db-wal") / 2**20 if os.path.exists(f"{data}/mianjing.db-wal") else 0
rss = next(int(l.split()[1]) for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS")) / 1024
print(f"  {name}: {rps:,.0f} req/s, p99 {p99}, server {(t1 - t0) / hz * 1e6 / max(n, 1):.0f} µs/request, WAL {wal:.0f} MB, RSS {rss:.0f} MB")
EOF
}

for round in $(seq 1 "$ROUNDS"); do
  for bin in "$A" "$B"; do
    echo "== round $round: $bin"
    args "$bin"
    serve "$bin"
    wrk -t2 -c64 -d2s "$URL/api/_bench/fixed" >/dev/null
    pass fixed "$URL/api/_bench/fixed"
    wrk -t2 -c64 -d2s "${ARGS[@]}" >/dev/null
    for _ in $(seq 1 "$PASSES"); do pass "$SCENARIO" "${ARGS[@]}"; done
    kill "$PID"; wait "$PID" 2>/dev/null || true
  done
done
rm -rf "$DATA"
