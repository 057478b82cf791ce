#!/usr/bin/env bash
# Builds the libFuzzer targets (cpp/fuzz) and runs each in turn for a number of seconds.
#
#   tools/fuzz/run_libfuzzer.sh [seconds] [target...]     # default: 600 s, every target
#
# Targets: json path intrinsics jsonata asl execution. Everything lands in build/fuzz/: the corpus that
# grows from run to run (corpus/<target>), seeds regenerated from the test data (seeds/<target>),
# logs (logs/<target>.log) and whatever crashes, times out or leaks (crashes/<target>/).
# One fuzzer at a time: the machines this runs on are small. Exits non-zero if any target found
# something.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="$ROOT/build/fuzz"
SECONDS_EACH="${1:-600}"
shift || true
TARGETS=("$@")
[[ ${#TARGETS[@]} -eq 0 ]] && TARGETS=(json path intrinsics jsonata asl execution)

# Inputs longer than this add time per execution, not coverage: paths and calls are one field,
# definitions are the only large documents.
max_len() {
  case "$1" in
    path) echo 512 ;;
    intrinsics) echo 1024 ;;
    jsonata) echo 2048 ;;
    json) echo 16384 ;;
    asl | execution) echo 32768 ;;
    *) echo "unknown target: $1" >&2; exit 2 ;;
  esac
}

if [[ ! -f "$BUILD/build.ninja" && ! -f "$BUILD/Makefile" ]]; then
  launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  generator=()
  command -v ninja >/dev/null && generator=(-G Ninja)
  CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" "${generator[@]}" "${launcher[@]}" \
    -DSFNSIM_BUILD_FUZZERS=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$BUILD" --target sfnsim_fuzzers --parallel "${SFNSIM_FUZZ_BUILD_JOBS:-2}"
python3 "$ROOT/tools/fuzz/make_seeds.py" "$BUILD"

export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
mkdir -p "$BUILD/logs"
for target in "${TARGETS[@]}"; do
  len="$(max_len "$target")"
  mkdir -p "$BUILD/corpus/$target" "$BUILD/crashes/$target"
  log="$BUILD/logs/$target.log"
  echo "== $target: ${SECONDS_EACH}s, -max_len=$len, log $log"
  if "$BUILD/cpp/fuzz/${target}_fuzzer" \
      -max_total_time="$SECONDS_EACH" -max_len="$len" -rss_limit_mb=2048 -timeout=10 \
      -dict="$BUILD/dicts/$target.dict" -artifact_prefix="$BUILD/crashes/$target/" \
      -print_final_stats=1 "$BUILD/corpus/$target" "$BUILD/seeds/$target" >"$log" 2>&1; then
    grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|Done)' "$log" || true
  else
    status=1
    echo "   FOUND SOMETHING: $(grep -m1 -E 'ERROR|SUMMARY|timeout|out-of-memory' "$log" || true)"
    ls "$BUILD/crashes/$target"
  fi
done
exit "$status"
