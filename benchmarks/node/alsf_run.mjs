// aws-local-stepfunctions running one of ../shared/bench's definitions, for
// benchmarks/python/bench_run.py to print beside sfnsim's figure from the same run.
//
//   node alsf_run.mjs PACKAGE_DIR DEFINITION.json INPUT.json [RUNS]
//
// PACKAGE_DIR is a folder where `npm install aws-local-stepfunctions` was run (outside the
// project). Prints one JSON line: transitions per run and the median seconds of RUNS runs after
// 10 warm-up runs (as ../shared/bench/README.md measured its figures), for a run alone
// (`new StateMachine` once) and for construction (validation included) plus run.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [packageDir, definitionFile, inputFile, runsArg] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(packageDir), "noop.js"));
const { StateMachine } = require("aws-local-stepfunctions");

const definition = JSON.parse(readFileSync(definitionFile, "utf8"));
const input = JSON.parse(readFileSync(inputFile, "utf8"));
const runs = Number(runsArg ?? 7);

// A Pass chain enters each state once; the definitions here have no loops except choice_loop,
// which bench_run.py does not ask for.
const transitions = Object.keys(definition.States).length;

async function once(machine) {
  const execution = machine.run(structuredClone(input));
  await execution.result;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(make) {
  for (let i = 0; i < 10; i++) await make();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await make();
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  return median(times);
}

const shared = new StateMachine(definition);
const runOnly = await measure(() => once(shared));
const withConstruction = await measure(() => once(new StateMachine(definition)));
console.log(JSON.stringify({ transitions, run_s: runOnly, construct_and_run_s: withConstruction }));
