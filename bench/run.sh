#!/usr/bin/env bash
# Load benchmark of mianjing: bench/run.sh [sqlite|postgres|postgres-2node]
#
# Builds the release binary with the `bench` feature (GET /api/_bench/fixed,
# the `fixed` scenario) when needed, generates the data set (cached),
# imports it into a fresh database, loads users/comments/favorites through
# the API, then runs the wrk scenarios and prints a Markdown table.
# postgres-2node: the scenarios served by two nodes sharing PostgreSQL and
# Redis behind nginx (needs nginx from Debian and Redis on 127.0.0.1:6379).
# Not part of scripts/test.sh (it takes ~15 minutes). See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DB=${1:-sqlite}
case "$DB" in sqlite|postgres|postgres-2node) ;; *) echo "usage: bench/run.sh [sqlite|postgres|postgres-2node]" >&2; exit 2 ;; esac
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/mianjing/target}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

# The binary: MIANJING_BIN as given (built with `--features bench`); or
# BENCH_REV=<commit> built from a clean `git archive` of that commit
# (reproducible while others edit the tree); or the working tree, built in place.
if [ -z "${MIANJING_BIN:-}" ]; then
  SRC=.
  if [ -n "${BENCH_REV:-}" ]; then
    REV=$(git rev-parse --short=12 "$BENCH_REV^{commit}")
    SRC=$HOME/.cache/mianjing/bench/src-$REV
    if [ ! -f "$SRC/Cargo.toml" ]; then
      echo "==> extracting commit $REV into $SRC" >&2
      rm -rf "$SRC.tmp" && mkdir -p "$SRC.tmp"
      git archive "$REV" | tar -x -C "$SRC.tmp"
      # git archive gives files the commit's time. Cargo decides freshness
      # by comparing the sources' times with the last build's output in the
      # target dir, whichever tree that build came from: older files would
      # make it hand out that build as this commit's.
      find "$SRC.tmp" -type f -exec touch {} +
      if [ -f web/dist/index.html ]; then mkdir -p "$SRC.tmp/web" && cp -r web/dist "$SRC.tmp/web/"; fi
      mv "$SRC.tmp" "$SRC"
    fi
  fi
  if [ -n "${BENCH_REV:-}" ]; then
    export BENCH_SOURCE="commit $REV"
  else
    export BENCH_SOURCE="working tree at $(git rev-parse --short=12 HEAD)$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock migrations 2>/dev/null || echo ' (modified)')"
  fi
  if [ -n "${BENCH_REV:-}" ] && [ -x "$SRC/mianjing" ]; then
    export MIANJING_BIN=$SRC/mianjing   # built before for this commit
  else
    # The `bench` feature adds the `fixed` route; commits from before the
    # feature have the route in every build (the bench_endpoints key alone).
    FEATURES=()
    if grep -q '^bench = ' "$SRC/Cargo.toml"; then FEATURES=(--features bench); fi
    echo "==> cargo build --release --locked ${FEATURES[*]} in $SRC (no-op when up to date)" >&2
    if [ -n "${BENCH_REV:-}" ]; then
      # Its own target dir, for the same reason: files of the working tree
      # edited before an extracted commit's build finished would look older
      # than its output, and the next working-tree build would be a no-op.
      export CARGO_TARGET_DIR=$CARGO_TARGET_DIR/bench-rev
    fi
    (cd "$SRC" && cargo build --release --locked "${FEATURES[@]}" >&2)
    export MIANJING_BIN=$CARGO_TARGET_DIR/release/mianjing
    if [ -n "${BENCH_REV:-}" ]; then
      # Keep the binary of that commit: the shared target dir is rebuilt by others.
      cp "$MIANJING_BIN" "$SRC/mianjing" && export MIANJING_BIN=$SRC/mianjing
    fi
  fi
fi

if [ "$DB" = postgres-2node ]; then
  [ -x "${BENCH_NGINX:-/usr/sbin/nginx}" ] || { echo "nginx is not installed (apt-get install nginx)" >&2; exit 1; }
  if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
    echo "==> starting Redis" >&2
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  fi
fi
if [ "$DB" != sqlite ]; then
  if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    echo "==> starting PostgreSQL" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
fi

exec python3 bench/run.py "$DB"
