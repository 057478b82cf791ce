#!/usr/bin/env bash
# Dev-only: a long differential campaign against Jayway (see README.md).
#   tools/jayway/campaign.sh COUNT SEED [BUILD_DIR]
# Generates COUNT cases with gen_cases.py, has Jayway answer them, and checks sfnsim's answers
# with the golden test (sfnsim_tests from BUILD_DIR, default build/dev). Prints the test's
# verdict; the oracle's output stays in $TMPDIR/sfnsim-jayway/campaign-SEED.jsonl for triage.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
count="${1:?count}"
seed="${2:?seed}"
build="${3:-$root/build/dev}"
work="${JAYWAY_WORK_DIR:-${TMPDIR:-/tmp}/sfnsim-jayway}"
mkdir -p "$work"
out="$work/campaign-$seed.jsonl"
python3 "$here/gen_cases.py" "$count" "$seed" > "$work/campaign-$seed.in.jsonl"
JAYWAY_WORK_DIR="$work" "$here/run.sh" "$work/campaign-$seed.in.jsonl" > "$out"
SFNSIM_JSONPATH_GOLDEN="$out" "$build/cpp/sfnsim_tests" --gtest_filter='PathJaywayGolden.*' --gtest_brief=1
