// Dev-only: the same line protocol as jsonata_eval.cpp, answered by jsonata-js 2.0.6.
const jsonata = require('jsonata');
const readline = require('readline');
const rl = readline.createInterface({input: process.stdin});
const lines = [];
rl.on('line', l => lines.push(l));
rl.on('close', async () => {
  for (const line of lines) {
    const c = JSON.parse(line);
    let out;
    try {
      const expr = jsonata(c.expr);
      // freeze $now()/$millis() like the C++ side does
      expr.registerFunction('millis', () => 1700000000000, '<:n>');
      const r = await expr.evaluate('input' in c ? c.input : undefined);
      out = r === undefined ? {undefined: true} : {result: JSON.parse(JSON.stringify(r))};
    } catch (e) {
      out = {code: e.code || 'JS_ERROR', message: e.message};
    }
    console.log(JSON.stringify(out));
  }
});
