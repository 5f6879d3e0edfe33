#!/usr/bin/env bash
# Build the container image `localhost/mianjing:latest` (deploy/Containerfile)
# with podman and print its size. Makes what is missing on the way:
#   - the base image localhost/debian:bookworm-min, from Debian's packages
#     (`debootstrap --variant=minbase bookworm` + `podman import`): no image
#     registry is needed;
#   - the web UI and the release binary (`cargo build --release`; set
#     MIANJING_IMAGE_BIN=/path/to/mianjing to package another build instead),
#     copied with its debug info stripped (`strip --strip-debug`) so the normal
#     release build keeps its line tables;
#   - with --services, also localhost/mianjing-services:bookworm
#     (deploy/services.Containerfile: PostgreSQL 15, Redis and moto's S3
#     server from Debian's and PyPI's packages) for deploy/compose.yaml.
# Podman runs with deploy/containers.conf (runc, cgroupfs, explicit ulimits)
# through CONTAINERS_CONF; the system's configuration is not changed.
# Installs podman, buildah, debootstrap and runc with apt-get when missing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
export CONTAINERS_CONF=${CONTAINERS_CONF:-$ROOT/deploy/containers.conf}
BASE=localhost/debian:bookworm-min
IMAGE=${MIANJING_IMAGE:-localhost/mianjing:latest}
SERVICES=localhost/mianjing-services:bookworm
with_services=0
for a in "$@"; do
  case $a in
    --services) with_services=1 ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument $a (try --help)" >&2; exit 2 ;;
  esac
done

if ! command -v podman >/dev/null || ! command -v debootstrap >/dev/null || ! command -v runc >/dev/null; then
  say "installing podman, buildah, debootstrap and runc (Debian packages)"
  apt-get install -y -qq podman buildah debootstrap runc >&2
fi

if ! podman image exists "$BASE"; then
  say "making $BASE with debootstrap (about a minute)"
  dir=$(mktemp -d "$CACHE/rootfs.XXXXXX")
  trap 'rm -rf "$dir"' EXIT
  debootstrap --variant=minbase bookworm "$dir" http://deb.debian.org/debian >&2
  # Security updates too, for the images installed on top (PostgreSQL, Redis).
  echo "deb http://deb.debian.org/debian-security bookworm-security main" >>"$dir/etc/apt/sources.list"
  # Never install documentation into images; drop what debootstrap brought
  # and the package lists (images that need apt run `apt-get update`).
  cat >"$dir/etc/dpkg/dpkg.cfg.d/01-nodoc" <<'CFG'
path-exclude /usr/share/doc/*
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
CFG
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$dir/etc/apt/apt.conf.d/01-norecommends"
  find "$dir/usr/share/doc" "$dir/usr/share/man" "$dir/usr/share/info" -mindepth 1 -delete 2>/dev/null || true
  find "$dir/usr/share/locale" -mindepth 1 ! -name locale.alias -delete 2>/dev/null || true
  rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin "$dir"/var/cache/apt/archives/*.deb "$dir"/var/log/*.log
  tar -C "$dir" -c . | podman import --change 'CMD ["/bin/bash"]' - "$BASE" >&2
  rm -rf "$dir"; trap - EXIT
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
if [ -n "${MIANJING_IMAGE_BIN:-}" ]; then
  bin=$MIANJING_IMAGE_BIN
else
  build_web
  say "building mianjing (release)"
  cargo build --release --locked >&2
  bin=$CARGO_TARGET_DIR/release/mianjing
fi
strip --strip-debug -o "$stage/mianjing" "$bin"
say "building $IMAGE"
started=$(date +%s)
# Host network for apt-get (ca-certificates) during the build only.
podman build --network host --format docker --build-arg "BASE=$BASE" -f "$ROOT/deploy/Containerfile" -t "$IMAGE" "$stage" >&2
echo "built $IMAGE in $(( $(date +%s) - started )) s" >&2

if [ "$with_services" = 1 ] && ! podman image exists "$SERVICES"; then
  say "building $SERVICES (PostgreSQL, Redis, moto)"
  # moto's wheels are fetched here, by the host's pip with the host's
  # certificate setup, and installed offline in the image (python 3.11 and
  # x86_64 on both sides: Debian bookworm).
  ctx=$(mktemp -d)
  VENV=$CACHE/venv
  [ -x "$VENV/bin/pip" ] || python3 -m venv "$VENV"
  "$VENV/bin/pip" download -q -d "$ctx/wheels" "moto[server]==5.1.*" >&2
  cp "$ROOT/deploy/moto-start.sh" "$ctx/"
  # Host network for apt-get during the build only.
  podman build --network host --format docker --build-arg "BASE=$BASE" -f "$ROOT/deploy/services.Containerfile" -t "$SERVICES" "$ctx" >&2 || { rm -rf "$ctx"; exit 1; }
  rm -rf "$ctx"
fi

size=$(podman image inspect --format '{{.Size}}' "$IMAGE")
echo "$IMAGE: $(( size / 1000000 )) MB ($size bytes)"
