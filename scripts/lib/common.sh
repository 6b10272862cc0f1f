# Shared by scripts/run, scripts/test and scripts/bench: install what is missing,
# configure and build. Everything here prints to stderr, because scripts/run's
# stdout belongs to the MCP protocol once the server starts.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JOBS="${JOBS:-2}"

log() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Debian packages the build needs (clang-14 and its runtime libraries for the
# libFuzzer build, scripts/fuzz; libpq-dev, the PostgreSQL client library;
# cpp-httplib and OpenSSL for serve --http; wrk for scripts/bench-http).
BUILD_PACKAGES=(cmake make g++ pkg-config nlohmann-json3-dev libsqlitecpp-dev libspdlog-dev
                libcli11-dev doctest-dev libsqlite3-dev sqlite3 clang-14 libclang-rt-14-dev
                clang-format libpq-dev libcpp-httplib-dev libssl-dev wrk)
# What the tests need beyond the build and Node.js: the PostgreSQL server that
# scripts/test starts a throwaway cluster of (pg_virtualenv) for the PostgreSQL
# tests, Chromium for the web view's browser tests (driven by
# playwright-core from tests/e2e/package.json; nothing downloads a browser),
# and the openssl CLI that makes the HTTPS tests' throwaway certificate.
TEST_PACKAGES=(postgresql-15 chromium openssl)

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

# build_tree NAME BUILD_TYPE [cmake -D options...] [-- TARGET...]: configures
# build/NAME once, then builds incrementally: the given targets, or all.
# Prints the build directory.
build_tree() {
  local name="$1" type="$2"
  shift 2
  local options=() targets=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do options+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  targets=("$@")
  local dir="$ROOT/build/$name"
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    log "configuring $name ($type)"
    cmake -S "$ROOT" -B "$dir" -DCMAKE_BUILD_TYPE="$type" "${options[@]}" >&2 ||
      die "cmake configure failed"
  else
    cmake -S "$ROOT" -B "$dir" "${options[@]}" >/dev/null || die "cmake configure failed"
  fi
  log "building $name${targets[*]:+ (${targets[*]})} with $JOBS jobs"
  local target_args=()
  [ ${#targets[@]} -gt 0 ] && target_args=(--target "${targets[@]}")
  cmake --build "$dir" -j "$JOBS" "${target_args[@]}" >&2 || die "build failed ($name)"
  printf '%s\n' "$dir"
}

# sanitize_build [TARGET...]: the instrumented tree build/sanitize, built with
# clang-14: AddressSanitizer + UndefinedBehaviorSanitizer everywhere, and the
# coverage instrumentation libFuzzer needs. The same objects make the sanitized
# unit tests and server (scripts/test) and the libFuzzer target fuzz_server
# (scripts/fuzz), so one build serves both. -O1 for speed of execution;
# warnings are not errors here, since the gcc build of scripts/test is the one
# held to zero warnings. Prints the build directory.
sanitize_build() {
  build_tree sanitize Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" -DCMAKE_CXX_COMPILER=clang++-14 \
    -DPM_FUZZ=ON -DPM_BUILD_TESTS=ON -DPM_BUILD_BENCH=OFF -DPM_WARNINGS_AS_ERRORS=OFF -- "$@"
}

# fuzz_build: builds the libFuzzer target in build/sanitize. Prints the path of
# the fuzz_server binary.
fuzz_build() {
  local dir
  dir=$(sanitize_build fuzz_server) || return 1
  printf '%s\n' "$dir/fuzz_server"
}

# fuzz_run SECONDS: runs fuzz_server for SECONDS on the seed corpus (fuzz/corpus,
# read-only) plus what earlier runs found (build/fuzz/corpus). A crash leaves
# its input in build/fuzz/crashes/ and makes this return non-zero.
fuzz_run() {
  local seconds="$1" bin="$ROOT/build/sanitize/fuzz_server"
  local work="$ROOT/build/fuzz/corpus" crashes="$ROOT/build/fuzz/crashes"
  mkdir -p "$work" "$crashes"
  log "fuzzing for ${seconds}s (found inputs: $work, crashes: $crashes)"
  local output="$ROOT/build/fuzz/last-run.log" rc=0
  # -entropic=0: libFuzzer's entropic schedule spent an eighth of the run
  # updating its feature frequencies (perf). Without it this target runs
  # 1,056-1,154 inputs/s instead of 764-780 and reaches the same coverage in
  # the same time (cov 6,413-6,423 against 6,341-6,414 in 45 s).
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "$bin" -max_total_time="$seconds" -dict="$ROOT/fuzz/jsonrpc.dict" -max_len=32768 \
      -timeout=20 -rss_limit_mb=2560 -entropic=0 -print_final_stats=1 -artifact_prefix="$crashes/" \
      "$work" "$ROOT/fuzz/corpus" >"$output" 2>&1 || rc=$?
  grep -E '^(#[0-9]+ +(INITED|DONE)|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==|SUMMARY|invariant broken|Test unit written)' \
    "$output" >&2 || true
  if [ "$rc" -ne 0 ]; then
    log "fuzzer found a crash (exit $rc); reproduce with: $bin $crashes/<file>"
    log "then copy the file into fuzz/regressions/ and fix it (full log: $output)"
  fi
  return "$rc"
}

# pg_start: starts a throwaway PostgreSQL cluster for the tests (pg_virtualenv,
# fsync off, in a temporary directory) and exports its URL as PM_TEST_PG_URL.
# The cluster lives until pg_stop, or until the shell that started it ends,
# however it ends (even killed: a watcher notices within a second), and
# pg_virtualenv then drops it with its files. Returns non-zero when it cannot
# start.
pg_start() {
  command -v pg_virtualenv >/dev/null || { log "pg_virtualenv is missing (postgresql-common)"; return 1; }
  PM_PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/pm-test-pg.XXXXXX") || return 1
  local owner=$$
  # The command pg_virtualenv runs: write the URL, wait for pg_stop or for the
  # owner to go away, then remove the directory (password and all).
  # shellcheck disable=SC2016
  local keeper='printf "postgresql://%s:%s@%s:%s/%s\n" "$PGUSER" "$PGPASSWORD" "$PGHOST" "$PGPORT" \
      "$PGDATABASE" >"$0/url.tmp" && mv "$0/url.tmp" "$0/url" || exit 1
    while kill -0 "$1" 2>/dev/null && [ ! -e "$0/stop" ]; do sleep 1; done
    rm -rf "$0"'
  # Settings for a server whose data may be lost: the tests'; PM_PG_OPTIONS
  # replaces them (scripts/bench keeps fsync on).
  local settings=${PM_PG_OPTIONS:--o fsync=off -o synchronous_commit=off -o full_page_writes=off}
  # shellcheck disable=SC2086
  setsid pg_virtualenv -t $settings \
    bash -c "$keeper" "$PM_PG_DIR" "$owner" >"$PM_PG_DIR/log" 2>&1 </dev/null &
  PM_PG_PID=$!
  local waited=0
  while [ ! -s "$PM_PG_DIR/url" ]; do
    if ! kill -0 "$PM_PG_PID" 2>/dev/null || [ "$waited" -ge 120 ]; then
      log "PostgreSQL did not start; pg_virtualenv said:"
      tail -n 20 "$PM_PG_DIR/log" >&2
      pg_stop
      return 1
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  PM_TEST_PG_URL=$(cat "$PM_PG_DIR/url")
  export PM_TEST_PG_URL
  log "PostgreSQL $(sed -n 's/^Creating new PostgreSQL cluster \([^ ]*\).*/\1/p' "$PM_PG_DIR/log") started for the tests"
}

# pg_stop: stops the cluster pg_start started and waits until it is gone.
pg_stop() {
  [ -n "${PM_PG_DIR:-}" ] || return 0
  touch "$PM_PG_DIR/stop" 2>/dev/null
  local waited=0
  while [ -n "${PM_PG_PID:-}" ] && kill -0 "$PM_PG_PID" 2>/dev/null && [ "$waited" -lt 60 ]; do
    sleep 0.5
    waited=$((waited + 1))
  done
  rm -rf "$PM_PG_DIR"
  unset PM_PG_DIR PM_PG_PID PM_TEST_PG_URL
}
