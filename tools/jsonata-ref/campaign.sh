#!/usr/bin/env bash
# Dev-only: a long differential campaign against jsonata-js 2.0.6.
#   tools/jsonata-ref/campaign.sh COUNT SEED [BUILD_DIR]
# Generates COUNT cases with gen_cases.py, has jsonata-js answer them (run_reference.py, with a
# watchdog for the inputs jsonata-js loops on), and checks sfnsim's answers with the golden test
# (sfnsim_tests from BUILD_DIR, default build/dev). Every disagreement is written as a JSON line
# to $work/diffs-SEED.jsonl for triage; the test prints the counts.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
count="${1:?count}"
seed="${2:?seed}"
build="${3:-$root/build/dev}"
work="${JSONATA_WORK_DIR:-${TMPDIR:-/tmp}/sfnsim-jsonata}"
mkdir -p "$work"
out="$work/campaign-$seed.jsonl"
python3 "$here/gen_cases.py" "$count" "$seed" | python3 "$here/run_reference.py" > "$out"
python3 - "$out" <<'PY'
import collections, json, sys
kinds = collections.Counter()
for line in open(sys.argv[1]):
    e = json.loads(line)["expect"]
    kinds["hang" if "hang" in e else e.get("code", "value" if "json" in e else
          "undefined" if "undefined" in e else "function")] += 1
print("jsonata-js answers:", dict(kinds.most_common()))
PY
SFNSIM_JSONATA_GOLDEN="$out" SFNSIM_JSONATA_DIFFS="$work/diffs-$seed.jsonl" \
  "$build/cpp/sfnsim_tests" --gtest_filter='JsonataJsGolden.*' --gtest_brief=1 || true
echo "differences: $(wc -l < "$work/diffs-$seed.jsonl") in $work/diffs-$seed.jsonl"
