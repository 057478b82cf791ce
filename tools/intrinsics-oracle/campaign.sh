#!/usr/bin/env bash
# Dev-only: a long differential campaign against the Java model of the intrinsic functions.
#   tools/intrinsics-oracle/campaign.sh COUNT SEED [BUILD_DIR [GENERATOR FLAGS...]]
# (generator flags: --big for arrays around ArrayPartition's 256 KiB limit, --wide-integers)
# Generates COUNT calls with gen_cases.py, has the Java model answer them, and checks sfnsim's
# answers with the golden test (sfnsim_tests from BUILD_DIR, default build/dev). Prints the test's
# verdict (per-function counts of differences, the first 50 in full); the model's output stays in
# $TMPDIR/sfnsim-intrinsics-oracle/campaign-SEED.jsonl for triage.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
count="${1:?count}"
seed="${2:?seed}"
build="${3:-$root/build/dev}"
shift $(($# < 3 ? $# : 3))
work="${INTRINSICS_ORACLE_WORK_DIR:-${TMPDIR:-/tmp}/sfnsim-intrinsics-oracle}"
mkdir -p "$work"
out="$work/campaign-$seed.jsonl"
python3 "$here/gen_cases.py" "$count" "$seed" "$@" > "$work/campaign-$seed.in.jsonl"
INTRINSICS_ORACLE_WORK_DIR="$work" "$here/run.sh" "$work/campaign-$seed.in.jsonl" > "$out"
SFNSIM_INTRINSICS_GOLDEN="$out" "$build/cpp/sfnsim_tests" \
  --gtest_filter='IntrinsicsJavaGolden.*' --gtest_brief=1
