// Dev-only: answers JSON lines {"expr", "input"?} with jsonata-js 2.0.6 and prints each case back
// with "expect": {"json": JSON.stringify(result)} | {"undefined": true} | {"function": true} |
// {"code", "position", "token"} (code "JS_ERROR" for a code-less JavaScript exception, with its
// message). The golden files of cpp/tests/test_jsonata_differential.cpp are this script's output.
//   python3 gen_cases.py COUNT SEED | python3 run_reference.py > golden.jsonl
const jsonata = require('jsonata');
const readline = require('readline');

function isFunction(v) {
  return typeof v === 'function' ||
    (v !== null && typeof v === 'object' && (v._jsonata_lambda || v._jsonata_function));
}

async function answer(c) {
  try {
    const expr = jsonata(c.expr);
    const r = await expr.evaluate('input' in c ? c.input : undefined);
    if (r === undefined) return {undefined: true};
    if (isFunction(r)) return {function: true};
    // Functions inside a value print as JSON.stringify prints JavaScript functions (dropped
    // from objects, null in arrays), as sfnsim does; jsonata-js's lambdas are plain objects.
    return {json: JSON.stringify(r, (k, v) => (isFunction(v) ? undefined : v))};
  } catch (e) {
    if (!e.code) return {code: 'JS_ERROR', message: String(e.message || e)};
    const out = {code: e.code};
    if (typeof e.position === 'number') out.position = e.position;
    if (e.token !== undefined) out.token = String(e.token);
    return out;
  }
}

// One answer per line, in order, flushed as it is ready: run_reference.py feeds the cases one at
// a time and restarts this process when jsonata-js never returns (it loops on a few inputs).
const rl = readline.createInterface({input: process.stdin, crlfDelay: Infinity});
let chain = Promise.resolve();
rl.on('line', line => {
  if (!line.trim()) return;
  chain = chain.then(async () => {
    // The case is printed from a second parse: jsonata-js can mutate its input (grouping over
    // an empty array pushes undefined into it), and the golden file must hold the input given.
    const expect = await answer(JSON.parse(line));
    const c = JSON.parse(line);
    c.expect = expect;
    process.stdout.write(JSON.stringify(c) + '\n');
  });
});
