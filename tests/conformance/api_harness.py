"""Replays recorded API calls (api_scenario and api_error:* cases) through a real boto3 client,
and runs execution cases through the same client. The client reaches sfnsim by one of two
transports: "routed" (sfnsim.mock_aws, in-process) or "http" (sfnsim serve, over a socket)."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sfnsim

from .harness import Outcome

ROLE_ARN = "arn:aws:iam::111111111111:role/StepFunctions-role"
LOG_GROUP_ARN = "arn:aws:logs:us-east-1:111111111111:log-group:sfnsim-conformance:*"


@dataclass
class Call:
    n: int
    op: str
    params: dict[str, Any]
    harness_result: Any = None
    raised: bool = False
    expected: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Result:
    response: dict[str, Any] | None = None
    error: BaseException | None = None


class _SharedClient:
    """One boto3 client for every replay (making a client costs more than a whole case); each
    replay points it at its own fresh engine."""

    client: Any = None
    router: Any = None

    @classmethod
    def for_mock(cls, mock: sfnsim.mock_aws) -> Any:
        if cls.client is None:
            import boto3
            from botocore.config import Config

            session = boto3.session.Session(
                aws_access_key_id="sfnsim", aws_secret_access_key="sfnsim", region_name="us-east-1"
            )
            cls.client = session.client("stepfunctions", config=Config(retries={"max_attempts": 1}))
            # A lambda, not cls.router itself: the router is swapped for each replay.
            cls.client.meta.events.register_first(
                "before-send.sfn",
                lambda request, **kw: cls.router(request, **kw),  # noqa: PLW0108
            )
        cls.router = mock.router
        return cls.client


class _HttpClient:
    """One server and one boto3 client pointed at it for every replay; each replay points the
    server at its own fresh engine (the mock's endpoint)."""

    server: Any = None
    client: Any = None

    @classmethod
    def for_mock(cls, mock: sfnsim.mock_aws) -> Any:
        if cls.server is None:
            import atexit

            import boto3
            from botocore.config import Config
            from sfnsim.server import ServerConfig, running

            serving = running(ServerConfig(port=0, clock="virtual"))
            cls.server = serving.__enter__()
            atexit.register(serving.__exit__, None, None, None)
            session = boto3.session.Session(
                aws_access_key_id="sfnsim", aws_secret_access_key="sfnsim", region_name="us-east-1"
            )
            cls.client = session.client(
                "stepfunctions",
                endpoint_url=cls.server.url,
                config=Config(retries={"max_attempts": 1}, inject_host_prefix=False),
            )
        cls.server.endpoint = mock.router.endpoint
        return cls.client


# transport -> how a count names it
TRANSPORTS = {"routed": "through routed boto3", "http": "over HTTP (sfnsim serve)"}


def client_for(mock: sfnsim.mock_aws, transport: str) -> Any:
    """A boto3 Step Functions client answered by ``mock``'s engine over ``transport``."""
    if transport == "http":
        return _HttpClient.for_mock(mock)
    return _SharedClient.for_mock(mock)


def normalise_metadata(response: dict[str, Any]) -> dict[str, Any]:
    """What the recordings keep of ResponseMetadata (LocalStack's snapshot transformer)."""
    out = dict(response)
    if "ResponseMetadata" in out:
        out["ResponseMetadata"] = {
            "HTTPHeaders": {},
            "HTTPStatusCode": out["ResponseMetadata"]["HTTPStatusCode"],
        }
    return out


def jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return "datetime"
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def faked_services(case: dict[str, Any] | None) -> list[str] | None:
    """The in-memory S3 for a scenario whose executions call S3 (its ``needs``): a Distributed
    Map's ItemReader and ResultWriter read and write objects there. The tasks of other services
    keep the answers the scenarios' recorded calls expect (an SQS fake would consume the
    messages an idempotency scenario sends)."""
    if case is None or "s3" not in (case.get("needs") or []):
        return None
    return ["s3"]


def set_up_services(services: sfnsim.MemoryServices, case: dict[str, Any]) -> None:
    """The resources the recording's test put in place before its calls (``test_setup_calls``):
    the S3 objects a reader reads."""
    for setup in case.get("test_setup_calls") or []:
        params = setup.get("params") or {}
        if (setup.get("service"), setup.get("op")) == ("s3", "put_object"):
            services.s3.put_object(
                str(params["Bucket"]), str(params["Key"]), params.get("Body", "")
            )
        elif (setup.get("service"), setup.get("op")) == ("s3", "create_bucket"):
            services.s3.create_bucket(str(params["Bucket"]))


class Replay:
    """One scenario's calls against one fresh engine, with ARN substitution and markers."""

    def __init__(
        self,
        compare: Any,
        clock: Any = None,
        transport: str = "routed",
        case: dict[str, Any] | None = None,
    ) -> None:
        self.compare = compare
        # A recorded scenario's calls followed each other within milliseconds: a manual clock
        # that never moves reproduces that (an execution stopped right after it started is
        # still in its first Wait). Its executions' tasks reach the in-memory fakes of the
        # services it needs, set up as its test set them up.
        self.mock = sfnsim.mock_aws(
            account_id="111111111111",
            region_name="us-east-1",
            seed=7,
            clock=clock if clock is not None else sfnsim.ManualClock(),
            services=faked_services(case),
        )
        if case is not None and self.mock.services is not None:
            set_up_services(self.mock.services, case)
        self.client = client_for(self.mock, transport)
        self.results: dict[int, Result] = {}
        self.ops: dict[int, str] = {}
        self.replacements: dict[str, str] = {}

    # -- parameters ---------------------------------------------------------------------------

    def resolve_params(self, call: Call) -> dict[str, Any]:
        params = self.resolve(copy.deepcopy(call.params))
        restore_log_destination(call, params)
        if "nextToken" in params and params["nextToken"] is None:
            # The recording lost the token its test passed on from the previous page.
            params["nextToken"] = self.last_token(call.op)
            if params["nextToken"] is None:
                del params["nextToken"]
        return params  # type: ignore[no-any-return]

    def last_token(self, op: str) -> str | None:
        for n in sorted(self.results, reverse=True):
            response = self.results[n].response
            if response and self.ops.get(n) == op and response.get("nextToken"):
                return response["nextToken"]  # type: ignore[no-any-return]
        return None

    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict):
            if "$marker" in value:
                return self.marker(value["$marker"])
            if "$stub" in value:
                return LOG_GROUP_ARN
            return {k: self.resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if isinstance(value, str):
            if value in self.replacements:
                return self.replacements[value]
            for old, new in self.replacements.items():
                if old.startswith("arn:") and old in value:
                    value = value.replace(old, new)
            return value
        return value

    def marker(self, spec: dict[str, Any]) -> Any:
        if spec["kind"] == "api":
            result = self.results.get(spec["call"])
            return result.response if result and result.response else {}
        parent = self.marker(spec["parent"])
        key = spec["key"]
        if isinstance(parent, list):
            index = int(key)
            return parent[index] if index < len(parent) else None
        return parent.get(key) if isinstance(parent, dict) else None

    def learn(self, recorded: Any, actual: Any) -> None:
        """Values the recording's harness got back, and ours in their place."""
        if isinstance(recorded, dict) and isinstance(actual, dict):
            for key, value in recorded.items():
                if key in actual:
                    self.learn(value, actual[key])
        elif isinstance(recorded, str) and isinstance(actual, str) and recorded != actual:
            self.replacements[recorded] = actual

    # -- running ------------------------------------------------------------------------------

    def run(self, call: Call) -> Result:
        params = self.resolve_params(call)
        self.ops[call.n] = call.op
        result = Result()
        try:
            result.response = getattr(self.client, call.op)(**params)
        except Exception as exc:  # noqa: BLE001 - any error is an outcome to compare
            result.error = exc
        self.results[call.n] = result
        if call.harness_result is not None and result.response is not None:
            self.learn(call.harness_result, result.response)
        return result

    # -- comparing ----------------------------------------------------------------------------

    def check(self, case: dict[str, Any], call: Call, result: Result) -> list[str]:
        words = self.compare.replacement_words(case)
        reasons = []
        if call.raised and result.error is None:
            reasons.append(
                f"call {call.n} {call.op}: expected an error, got "
                f"{json.dumps(jsonable(result.response))[:300]}"
            )
            return reasons
        if not call.raised and result.error is not None and not call.expected:
            return [f"call {call.n} {call.op}: unexpected {error_text(result.error)}"]
        for expected in call.expected:
            marker, recorded = expected["marker"], expected["recorded"]
            if marker == "exception":
                actual = error_text(result.error) if result.error else "(no error)"
                if isinstance(recorded, str) and re.fullmatch(r"\w+", recorded):
                    actual = error_code(result.error) if result.error else "(no error)"
                ok = self.compare.matches(actual, recorded, words)
            elif marker == "exception_response":
                if result.error is None or not hasattr(result.error, "response"):
                    ok, actual = False, repr(result.error or result.response)
                else:
                    actual = self.compare._normalise_actual(
                        jsonable(normalise_metadata(result.error.response))
                    )
                    ok = self.compare.matches(actual, recorded, words)
            else:
                if result.response is None:
                    ok, actual = False, error_text(result.error)
                else:
                    actual = self.compare._normalise_actual(
                        jsonable(normalise_metadata(result.response))
                    )
                    ok = self.compare.matches(actual, recorded, words)
            if not ok:
                reasons.append(
                    f"call {call.n} {call.op} [{marker}]: got "
                    f"{json.dumps(actual, default=str)[:600]} expected "
                    f"{json.dumps(recorded)[:600]}"
                )
        return reasons


def restore_log_destination(call: Call, params: dict[str, Any]) -> None:
    """A recorded call that succeeded with logging on but no log destination lost its
    destination when it was recorded (the tests create a log group and pass it; AWS refuses
    logging on without exactly one destination, test_sfn_api_logs.py). The replay passes the
    stub log group in its place, as it does for recorded log group ARNs."""
    logging = params.get("loggingConfiguration")
    if call.raised or not isinstance(logging, dict):
        return
    if logging.get("level", "OFF") != "OFF" and not logging.get("destinations"):
        logging["destinations"] = [{"cloudWatchLogsLogGroup": {"logGroupArn": LOG_GROUP_ARN}}]


def error_code(error: BaseException) -> str:
    response = getattr(error, "response", None)
    if isinstance(response, dict) and "Error" in response:
        return str(response["Error"].get("Code"))
    return type(error).__name__


def error_text(error: BaseException) -> str:
    return str(error)


def calls_of(case: dict[str, Any]) -> list[Call]:
    calls = [
        Call(
            n=c["n"],
            op=c["op"],
            params=c.get("params") or {},
            harness_result=c.get("harness_result"),
            raised=bool(c.get("raised")),
            expected=c.get("expected") or [],
        )
        for c in case["calls"]
    ]
    restore_mutated_logging(calls)
    return calls


# Operations that set a state machine's logging configuration, and how each names the machine.
_SETS_LOGGING = {"create_state_machine": "name", "update_state_machine": "stateMachineArn"}


def _machine_of(call: Call) -> str | None:
    """The state machine a call names: its ARN, or for CreateStateMachine its name."""
    key = _SETS_LOGGING.get(call.op) or (
        "stateMachineArn" if call.op == "describe_state_machine" else None
    )
    value = call.params.get(key) if key else None
    if not isinstance(value, str):
        return None
    return value if key != "name" else f":stateMachine:{value}"


def _same_machine(setter: str, described: str) -> bool:
    return described == setter or (setter.startswith(":") and described.endswith(setter))


def restore_mutated_logging(calls: list[Call]) -> None:
    """A test that changes its logging configuration object between calls left the recorder
    holding one object for all of them: every recorded call carries the last version (in
    test_sfn_api_logs.py::test_update_logging_configuration a create that succeeded shows two
    destinations, which AWS refuses). DescribeStateMachine shows a machine's logging
    configuration as it was given (docs/semantics/api.md, logs-off-as-given), so the describe
    recorded right after a successful create or update tells what that call really sent; the
    replay sends that. A recording without the fault is left as it is: the describe then shows
    the parameters the call already carries."""
    for i, call in enumerate(calls):
        machine = _machine_of(call)
        if call.raised or machine is None or call.op not in _SETS_LOGGING:
            continue
        if "loggingConfiguration" not in call.params:
            continue
        for later in calls[i + 1 :]:
            if later.op in _SETS_LOGGING and later.raised:
                continue  # a refused change leaves the configuration as it was
            later_machine = _machine_of(later)
            if later_machine is None or not _same_machine(machine, later_machine):
                continue
            if later.op != "describe_state_machine":
                break  # a later change: the next describe shows that one, not ours
            shown = next(
                (
                    e["recorded"].get("loggingConfiguration")
                    for e in later.expected
                    if e.get("marker") == "api" and isinstance(e.get("recorded"), dict)
                ),
                None,
            )
            if isinstance(shown, dict):
                call.params = dict(call.params, loggingConfiguration=_as_request(shown))
            break


def _as_request(shown: dict[str, Any]) -> dict[str, Any]:
    """A described logging configuration as request parameters: its log group ARNs, normalised
    in the recording, become the replay's stub log group."""
    out = copy.deepcopy(shown)
    for destination in out.get("destinations") or []:
        group = destination.get("cloudWatchLogsLogGroup") if isinstance(destination, dict) else None
        if isinstance(group, dict) and "logGroupArn" in group:
            group["logGroupArn"] = {"$stub": "logs log group"}
    return out


def run_scenario(case: dict[str, Any], compare: Any, transport: str = "routed") -> Outcome:
    replay = Replay(compare, transport=transport, case=case)
    reasons: list[str] = []
    for call in calls_of(case):
        result = replay.run(call)
        reasons.extend(replay.check(case, call, result))
    return Outcome(not reasons, reasons)


def run_error_case(
    case: dict[str, Any],
    scenarios: dict[str, dict[str, Any]],
    compare: Any,
    transport: str = "routed",
) -> Outcome:
    """The failing call of an api_error case, after the calls that led to it."""
    expected = case["expected"]
    index = int(case["id"].rsplit("#error", 1)[1])
    replay = Replay(compare, transport=transport)
    scenario = scenarios.get(case["source_test"])
    result: Result | None = None
    if scenario is not None:
        for call in calls_of(scenario):
            result = replay.run(call)
            if call.n == index:
                break
        else:
            result = None
    if result is None:
        params = dict(case.get("api_request") or {})
        operation = case["kind"].split(":", 1)[1]
        if operation == "create_state_machine":
            definition = case.get("definition")
            params.setdefault(
                "definition", definition if isinstance(definition, str) else json.dumps(definition)
            )
            params.setdefault("roleArn", ROLE_ARN)
        result = replay.run(Call(n=index, op=operation, params=params, raised=True))
    if result.error is None:
        return Outcome(False, [f"no error: {json.dumps(jsonable(result.response))[:300]}"])
    words = compare.replacement_words(case)
    code = error_code(result.error)
    message = (
        result.error.response["Error"]["Message"]
        if hasattr(result.error, "response")
        else str(result.error)
    )
    reasons = []
    if not compare.matches(code, expected["error"], words):
        reasons.append(f"error {code!r} != {expected['error']!r}")
    if not compare.matches(message, expected["cause"], words):
        reasons.append(f"message {message[:300]!r} != {str(expected['cause'])[:300]!r}")
    return Outcome(not reasons, reasons)


def execution_via_boto3(case: dict[str, Any], compare: Any, transport: str = "routed") -> Outcome:
    """An execution case through a routed boto3 client: create, start, describe, history."""
    state_machine_type = case.get("state_machine_type") or (
        "EXPRESS" if case["kind"] == "sync_execution" else "STANDARD"
    )
    # Time-dependent cases ran at a recorded instant; a manual clock starts there and stays
    # (a recording taken while a long Wait was running shows it still running). An ABORTED
    # recording comes from a test that stopped the execution right after starting it.
    now = case.get("harness_now")
    stop = (case.get("expected") or {}).get("status") == "ABORTED"
    clock: Any = "virtual"
    if now or stop:
        clock = sfnsim.ManualClock(
            start=datetime.fromisoformat(str(now).replace("Z", "+00:00")) if now else None
        )
    replay = Replay(compare, clock=clock, transport=transport)
    client = replay.client
    definition = case["definition"]
    try:
        arn = client.create_state_machine(
            name=case.get("state_machine_name") or "StateMachine",
            definition=definition if isinstance(definition, str) else json.dumps(definition),
            roleArn=ROLE_ARN,
            type=state_machine_type,
        )["stateMachineArn"]
    except Exception as exc:  # noqa: BLE001
        return Outcome(False, [f"create_state_machine: {exc}"])
    raw_input = case.get("input")
    kwargs: dict[str, Any] = {
        "stateMachineArn": arn,
        "input": json.dumps(raw_input if raw_input is not None else {}),
    }
    if case.get("execution_name"):
        kwargs["name"] = case["execution_name"]
    extra = case.get("expected_extra") or {}
    extra_reasons: list[str] = []

    def check_extra(key: str, response: dict[str, Any]) -> None:
        if key in extra:
            actual = compare._normalise_actual(jsonable(normalise_metadata(response)))
            if not compare.matches(actual, extra[key], compare.replacement_words(case)):
                extra_reasons.append(
                    f"{key}: got {json.dumps(actual)[:500]} expected {json.dumps(extra[key])[:500]}"
                )

    try:
        if state_machine_type == "EXPRESS":
            r = client.start_sync_execution(**kwargs)
            check_extra("start_sync_execution_response", r)
            status, output_text = r["status"], r.get("output")
            error, cause = r.get("error"), r.get("cause")
            history = None
        else:
            ex = client.start_execution(**kwargs)["executionArn"]
            if stop:
                client.stop_execution(executionArn=ex)
            d = client.describe_execution(executionArn=ex)
            check_extra("describe_execution", d)
            status, output_text = d["status"], d.get("output")
            if status == "RUNNING" and now:
                status = "NOT_TERMINATED_IN_SNAPSHOT"
            error, cause = d.get("error"), d.get("cause")
            history = [
                e
                for page in client.get_paginator("get_execution_history").paginate(executionArn=ex)
                for e in page["events"]
            ]
    except Exception as exc:  # noqa: BLE001
        return Outcome(False, [f"execution: {exc}"])
    output = json.loads(output_text) if output_text is not None else None
    ok, reasons = compare.result_matches_case(case, status, output, error, cause)
    if history is not None and case.get("expected_history"):
        raw = [dict(e, timestamp=e["timestamp"].timestamp()) for e in history]
        hok, hreasons = compare.history_matches_case(case, raw)
        ok, reasons = ok and hok, reasons + hreasons
    return Outcome(ok and not extra_reasons, reasons + extra_reasons)


def iter_api_cases(cases: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for case in cases:
        if case["kind"] == "api_scenario" or case["kind"].startswith("api_error:"):
            yield case
