# Shared by scripts/run, scripts/test and scripts/bench: install what is missing,
# configure and build. Everything here prints to stderr, because scripts/run's
# stdout belongs to the MCP protocol once the server starts.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JOBS="${JOBS:-2}"

log() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Debian packages the build needs.
BUILD_PACKAGES=(cmake make g++ pkg-config nlohmann-json3-dev libsqlitecpp-dev libspdlog-dev
                libcli11-dev doctest-dev libsqlite3-dev sqlite3)

# Installs the given Debian packages that are not installed yet: as root
# directly, otherwise through sudo. Does nothing when all are present.
ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
      missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "need root or sudo to install: ${missing[*]}"
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >&2; then
    "${sudo[@]}" apt-get update >&2 || die "apt-get update failed"
    "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >&2 ||
      die "apt-get could not install: ${missing[*]}"
  fi
}

# build_dir NAME BUILD_TYPE [cmake -D options...]: configures once, then builds
# incrementally. Prints the build directory.
build_tree() {
  local name="$1" type="$2"
  shift 2
  local dir="$ROOT/build/$name"
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    log "configuring $name ($type)"
    cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE="$type" "$@" >&2 || die "cmake configure failed"
  else
    cmake -S "$ROOT" -B "$dir" "$@" >/dev/null || die "cmake configure failed"
  fi
  log "building $name with $JOBS jobs"
  cmake --build "$dir" -j "$JOBS" >&2 || die "build failed ($name)"
  printf '%s\n' "$dir"
}
