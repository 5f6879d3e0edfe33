#!/usr/bin/env bash
# Quick start: build the UI and the release binary, then serve API + UI on
# http://127.0.0.1:8080 with SQLite in ./data. Extra arguments go to `serve`.
#
# First run: when the SQLite database does not exist yet (a new, empty
# install) and the demo data ../shared/data/{questions,experiences}.jsonl is
# there, it is imported first, so the first screen is not empty. Never into
# an existing database, nor with DATABASE_URL set (import into it yourself
# with `mianjing import`). MIANJING_DEMO=0 starts without it;
# MIANJING_DEMO_DATA=DIR takes the files from another directory.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
build_web
say "building mianjing (release)"
cargo build --release --locked
BIN=$CARGO_TARGET_DIR/release/mianjing

# The data directory and config file `serve` will use (flags win over the
# environment, as in the binary), so the import goes to the same database.
data_dir=${MIANJING_DATA_DIR:-./data}
global=()
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  case ${args[i]} in
    --data-dir) data_dir=${args[i + 1]:-$data_dir}; global+=(--data-dir "$data_dir") ;;
    --data-dir=*) data_dir=${args[i]#--data-dir=}; global+=(--data-dir "$data_dir") ;;
    --config) global+=(--config "${args[i + 1]:-}") ;;
    --config=*) global+=("${args[i]}") ;;
  esac
done
demo=${MIANJING_DEMO_DATA:-$(cd "$ROOT/.." && pwd)/shared/data}
if [ "${MIANJING_DEMO:-1}" = 0 ]; then
  say "MIANJING_DEMO=0: starting without the demo data"
elif [ -n "${DATABASE_URL:-}${MIANJING_DATABASE_URL:-}" ]; then
  : # an external database: never filled behind its operator's back
elif [ -e "$data_dir/mianjing.db" ]; then
  : # an existing install keeps exactly its own data
elif [ -f "$demo/questions.jsonl" ] && [ -f "$demo/experiences.jsonl" ]; then
  say "new database: importing the demo data of $demo (MIANJING_DEMO=0 skips this)"
  "$BIN" "${global[@]}" import questions "$demo/questions.jsonl"
  "$BIN" "${global[@]}" import experiences "$demo/experiences.jsonl"
else
  say "new database without demo data: no questions.jsonl and experiences.jsonl in $demo (MIANJING_DEMO_DATA=DIR names another directory)"
fi
exec "$BIN" serve "$@"
