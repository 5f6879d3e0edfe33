#!/usr/bin/env bash
# Quick start: build the UI and the release binary, then serve API + UI on
# http://127.0.0.1:8080 with SQLite in ./data. Extra arguments go to `serve`.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_web
say "building mianjing (release)"
cargo build --release --locked
exec "$CARGO_TARGET_DIR/release/mianjing" serve "$@"
