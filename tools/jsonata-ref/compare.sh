#!/usr/bin/env bash
# Dev-only differential check: runs every case of cases.txt (one JSON line {"expr", "input"?})
# through jsonata-js 2.0.6 and through sfnsim's JSONata, and prints the disagreements.
#   cd tools/jsonata-ref && npm install && ./compare.sh [cases.txt]
# Needs a configured build in ../../build/dev (the core library is linked from there).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
cases="${1:-$here/cases.txt}"
cmake --build "$root/build/dev" --target sfnsim_core >/dev/null
nlohmann="$(python3 -c 'import nlohmann_json; print(nlohmann_json.get_include())' 2>/dev/null || echo /usr/include)"
g++ -std=c++20 -O1 -I"$root/cpp" -isystem "$nlohmann" "$here/jsonata_eval.cpp" \
  "$root/build/dev/cpp/libsfnsim_core.a" -o "$here/jsonata_eval"
node "$here/reference_eval.js" < "$cases" > /tmp/jsonata_ref.out
"$here/jsonata_eval" < "$cases" > /tmp/jsonata_ours.out
python3 - "$cases" /tmp/jsonata_ref.out /tmp/jsonata_ours.out <<'PY'
import json, sys, math
cases = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
ref = [json.loads(l) for l in open(sys.argv[2])]
ours = [json.loads(l) for l in open(sys.argv[3])]
def same(a, b):
    if 'code' in a or 'code' in b:
        return a.get('code') == b.get('code')
    if a.get('undefined') or b.get('undefined'):
        return a.get('undefined') == b.get('undefined')
    return json.dumps(a['result'], sort_keys=True) == json.dumps(b['result'], sort_keys=True)
bad = 0
for c, r, o in zip(cases, ref, ours):
    if not same(r, o):
        bad += 1
        print('DIFF', json.dumps(c['expr']))
        print('   js :', json.dumps(r, ensure_ascii=False)[:300])
        print('   c++:', json.dumps(o, ensure_ascii=False)[:300])
print(f'{len(cases) - bad} agree, {bad} differ of {len(cases)}')
PY
