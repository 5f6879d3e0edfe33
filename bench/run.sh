#!/usr/bin/env bash
# Load benchmark of mianjing: bench/run.sh [sqlite|postgres]
#
# Builds the release binary when needed, generates the data set (cached),
# imports it into a fresh database, loads users/comments/favorites through
# the API, then runs the wrk scenarios and prints a Markdown table.
# Not part of scripts/test.sh (it takes ~15 minutes). See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DB=${1:-sqlite}
case "$DB" in sqlite|postgres) ;; *) echo "usage: bench/run.sh [sqlite|postgres]" >&2; exit 2 ;; esac
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/mianjing/target}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 1; }

if [ -z "${MIANJING_BIN:-}" ]; then
  echo "==> cargo build --release --locked (no-op when up to date)" >&2
  cargo build --release --locked >&2
  export MIANJING_BIN=$CARGO_TARGET_DIR/release/mianjing
fi

if [ "$DB" = postgres ]; then
  if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    echo "==> starting PostgreSQL" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
fi

exec python3 bench/run.py "$DB"
