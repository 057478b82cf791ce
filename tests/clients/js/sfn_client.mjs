// The AWS SDK for JavaScript v3 against `sfnsim serve`: node sfn_client.mjs ENDPOINT
// The server runs with tests/data/sfn-local/MockConfigFile.json and WAIT_TIME_SCALE=0.01
// (tests/test_server_clients.py starts it). Prints one line per check; exits 1 on the first
// that fails.
import assert from "node:assert/strict";
import {
  SFNClient,
  CreateActivityCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  GetActivityTaskCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  TestStateCommand,
  paginateGetExecutionHistory,
} from "@aws-sdk/client-sfn";
import { readFileSync } from "node:fs";

const [endpoint, dataDir] = process.argv.slice(2);
const ROLE = "arn:aws:iam::123456789012:role/r";
const sfn = new SFNClient({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "any", secretAccessKey: "any" },
  disableHostPrefix: true, // StartSyncExecution would go to sync-127.0.0.1 otherwise
  maxAttempts: 1,
});

const send = (command) => sfn.send(command);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function untilDone(executionArn) {
  for (let i = 0; i < 1000; i++) {
    const d = await send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== "RUNNING") return d;
    await sleep(10);
  }
  throw new Error(`${executionArn} still RUNNING after 10 s`);
}

async function check(name, body) {
  await body();
  console.log(`ok ${name}`);
}

async function machine(name, definition, type = "STANDARD") {
  const out = await send(
    new CreateStateMachineCommand({
      name,
      type,
      roleArn: ROLE,
      definition: typeof definition === "string" ? definition : JSON.stringify(definition),
    }),
  );
  return out.stateMachineArn;
}

await check("create, start, describe", async () => {
  const arn = await machine("hello", {
    StartAt: "Wait",
    States: {
      Wait: { Type: "Wait", Seconds: 10, Next: "Done" },
      Done: { Type: "Pass", Result: { ok: true }, End: true },
    },
  });
  assert.equal(arn, "arn:aws:states:us-east-1:123456789012:stateMachine:hello");
  const { executionArn, startDate } = await send(
    new StartExecutionCommand({ stateMachineArn: arn, name: "e1", input: '{"n":1}' }),
  );
  assert.ok(startDate instanceof Date);
  const d = await untilDone(executionArn);
  assert.equal(d.status, "SUCCEEDED");
  assert.deepEqual(JSON.parse(d.output), { ok: true });
  // WAIT_TIME_SCALE=0.01: 0.1 s of real time, 10 s in the dates.
  assert.equal((d.stopDate - d.startDate) / 1000 >= 10, true);
});

await check("errors as modeled exceptions", async () => {
  await assert.rejects(
    send(new DescribeExecutionCommand({
      executionArn: "arn:aws:states:us-east-1:123456789012:execution:hello:nope",
    })),
    (e) => e instanceof ExecutionDoesNotExist && e.$metadata.httpStatusCode === 400,
  );
});

await check("a MockConfigFile test case, its history in pages", async () => {
  const definition = readFileSync(`${dataDir}/LambdaSQSIntegration.asl.json`, "utf8");
  const arn = await machine("LambdaSQSIntegration", definition);
  const { executionArn } = await send(
    new StartExecutionCommand({ stateMachineArn: `${arn}#RetryPath`, name: "retry" }),
  );
  assert.ok(executionArn.endsWith(":LambdaSQSIntegration:retry"));
  const d = await untilDone(executionArn);
  assert.equal(d.status, "SUCCEEDED");
  const events = [];
  let pages = 0;
  for await (const page of paginateGetExecutionHistory(
    { client: sfn, pageSize: 3 },
    { executionArn },
  )) {
    pages++;
    events.push(...page.events);
  }
  assert.ok(pages > 3, `${pages} pages`);
  assert.deepEqual(events.map((e) => e.id), events.map((_, i) => i + 1));
  // The mocked Lambda fails three times, then answers: retried after 2, 4 and 8 s.
  assert.equal(events.filter((e) => e.type === "TaskFailed").length, 3);
  assert.equal(events.at(-1).type, "ExecutionSucceeded");
});

await check("an activity worker answers a callback", async () => {
  const { activityArn } = await send(new CreateActivityCommand({ name: "approve" }));
  const arn = await machine("approval", {
    StartAt: "Approve",
    States: { Approve: { Type: "Task", Resource: activityArn, End: true } },
  });
  const { executionArn } = await send(
    new StartExecutionCommand({ stateMachineArn: arn, input: '{"order":7}' }),
  );
  const task = await send(new GetActivityTaskCommand({ activityArn, workerName: "w1" }));
  assert.deepEqual(JSON.parse(task.input), { order: 7 });
  await send(new SendTaskSuccessCommand({ taskToken: task.taskToken, output: '{"approved":true}' }));
  const d = await untilDone(executionArn);
  assert.equal(d.status, "SUCCEEDED");
  assert.deepEqual(JSON.parse(d.output), { approved: true });
});

await check("StartSyncExecution", async () => {
  const arn = await machine(
    "sync",
    { StartAt: "P", States: { P: { Type: "Pass", Parameters: { "sum.$": "States.MathAdd($.a, 1)" }, End: true } } },
    "EXPRESS",
  );
  const out = await send(new StartSyncExecutionCommand({ stateMachineArn: arn, input: '{"a":41}' }));
  assert.equal(out.status, "SUCCEEDED");
  assert.deepEqual(JSON.parse(out.output), { sum: 42 });
});

await check("TestState", async () => {
  const out = await send(
    new TestStateCommand({
      definition: JSON.stringify({ Type: "Pass", Result: { x: 1 }, End: true }),
      roleArn: ROLE,
      input: "{}",
    }),
  );
  assert.equal(out.status, "SUCCEEDED");
  assert.deepEqual(JSON.parse(out.output), { x: 1 });
});
