# Shared settings for the scripts (sourced, not run).
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
ROOT=$(pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/mianjing/target}
CACHE=$HOME/.cache/mianjing
mkdir -p "$CACHE"
say() { printf '\033[1;34m==> %s\033[0m\n' "$*" >&2; }

# Build the React UI into web/dist (embedded into the binary at compile time).
build_web() {
  say "building the web UI"
  # The stamp is written only after a complete `npm ci`, so an interrupted
  # install is redone instead of leaving a half-filled node_modules.
  (cd "$ROOT/web" && { [ node_modules/.mianjing-installed -nt package-lock.json ] || { npm ci --no-audit --no-fund && touch node_modules/.mianjing-installed; }; } && npm run build) >&2
}
