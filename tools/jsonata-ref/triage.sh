#!/usr/bin/env bash
# Dev-only: prints the disagreements of a golden/campaign file without the test binary.
#   tools/jsonata-ref/triage.sh CAMPAIGN.jsonl [--deviations] > diffs.jsonl
# Needs libsfnsim_core.a in ../../build/dev (cmake --build build/dev --target sfnsim_core).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
nlohmann="$(python3 -c 'import nlohmann_json; print(nlohmann_json.get_include())' 2>/dev/null || echo /usr/include)"
bin="${TMPDIR:-/tmp}/sfnsim-jsonata-diff"
if [ ! -x "$bin" ] || [ "$here/jsonata_diff.cpp" -nt "$bin" ] || [ "$root/build/dev/cpp/libsfnsim_core.a" -nt "$bin" ]; then
  g++ -std=c++20 -O2 -I"$root/cpp" -I"$root/cpp/tests" -isystem "$nlohmann" "$here/jsonata_diff.cpp" \
    "$root/build/dev/cpp/libsfnsim_core.a" -o "$bin"
fi
"$bin" ${2:-} < "${1:-/dev/stdin}"
