#!/usr/bin/env bash
# The scorer's evaluation harness (issue 17): builds the binary and runs
# `mianjing eval scorer` on the shared question file; extra arguments are
# passed on (--split dev|held-out|all, --limit N, --seed S, --json, --show N,
# --strict). A measurement, not a test: scripts/test.sh does not run it.
#   bench/scorer_eval.sh                       # release build, 300 + 300 questions
#   PROFILE=debug bench/scorer_eval.sh --show 3 # reuse the debug build (no 8-minute release build)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/mianjing/target}
PROFILE=${PROFILE:-release}
if [ "$PROFILE" = release ]; then
  cargo build --release --locked --bin mianjing
else
  cargo build --locked --bin mianjing
  PROFILE=debug
fi
QUESTIONS=${MIANJING_EVAL_QUESTIONS:-../shared/data/questions.jsonl}
if [ ! -f "$QUESTIONS" ]; then
  # A git worktree elsewhere: the data sits beside the main checkout.
  MAIN=$(dirname "$(git rev-parse --path-format=absolute --git-common-dir)")
  QUESTIONS=$MAIN/../shared/data/questions.jsonl
fi
exec "$CARGO_TARGET_DIR/$PROFILE/mianjing" eval scorer --questions "$QUESTIONS" "$@"
