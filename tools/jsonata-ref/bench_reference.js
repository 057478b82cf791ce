// Dev-only: the cases of benchmarks/cpp/bench_jsonata.cpp run on jsonata-js 2.0.6, for comparison.
// Usage: cd tools/jsonata-ref && npm install && node bench_reference.js
const jsonata = require('jsonata');
const cats = ["books","games","music","tools"];
const orders = [];
for (let i = 0; i < 1000; i++) orders.push({id: i, customer: "customer-" + (i % 97), category: cats[i % 4], price: (i % 50) * 1.25 + 0.99, quantity: 1 + i % 7, tags: ["t" + (i % 3), "x"]});
const input = {orders};
const cases = [
 ["path with predicate", "orders[price > 30 and category = 'books'].id"],
 ["map/filter/reduce", "$reduce($filter($map(orders, function($o){ $o.price * $o.quantity }), function($v){ $v > 20 }), function($a, $b){ $a + $b }, 0)"],
 ["string functions", "$join(orders[id < 200].($uppercase($substring(customer, 0, 8)) & '-' & $pad($string(id), 5, '0') & $replace(category, /o+/, '0')), ',')"],
 ["grouping", "orders{category: {'count': $count(id), 'total': $sum(price)}}"],
 ["sort and aggregate", "$sum((orders^(>price))[[0..99]].quantity)"],
 ["small", "$string(orders[0].price * 2)"],
];
(async () => {
  for (const [name, e] of cases) {
    const expr = jsonata(e);
    await expr.evaluate(input);
    let n = 0; const start = Date.now();
    while (Date.now() - start < 1000) { await expr.evaluate(input); n++; }
    console.log(name.padEnd(24), (n / ((Date.now() - start) / 1000)).toFixed(0), 'evals/s');
  }
})();
