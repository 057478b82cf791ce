"""Workflow coverage: which parts of each state machine a test session exercised.

Everything is read from execution histories (``sfnsim.history_reader.Trace``) and TestState
answers; nothing is instrumented. The parts counted, per state machine (docs/coverage.md):

============  ===========================================  ==================================
item          exercised when                               read from
============  ===========================================  ==================================
state         it was entered                               a visit (``…StateEntered``)
choice rule   its rule was the first to match              the state entered next, in the
              (by index; ``Default`` when none matched)    same branch or iteration
retry         an attempt failed with an error it matches   a failed attempt followed by
              (the first Retry entry that matches)         another attempt of the same visit
catch         the state's error went to its Next           a caught visit and the state
              (the first Catch entry that matches both)    entered next
branch        a Parallel branch (by index) started         the branch lanes of the visit
iterations    a Map ran at least one iteration             the iteration lanes of the visit
terminal      a state that ends the workflow ended it      an End/Succeed/Fail state visit
                                                           that succeeded (or a Fail entered)
============  ===========================================  ==================================

Rules of Step Functions used (AWS docs, "Error handling in Step Functions"): a Retry or Catch
entry matches an error named in its ``ErrorEquals``; ``States.ALL`` matches every error but
``States.Runtime`` and ``States.DataLimitExceeded`` (which nothing can retry or catch);
``States.TaskFailed`` matches every error but ``States.Timeout`` (and those two). The first
entry that matches is the one used. When several Choice rules lead to the state entered
next, the rule taken is told apart by testing each one alone (TestState) on the Choice's input.

A state machine is identified by its name (the name in its ARN) and a hash of its canonical
definition (JSON with sorted keys): a changed definition is another machine.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .definition_states import walk_states
from .drawing.graph import END, START
from .history_reader import ABORTED, CAUGHT, FAILED, RETRIED, SUCCEEDED, TIMED_OUT, Trace, Visit

UNCATCHABLE = frozenset(("States.Runtime", "States.DataLimitExceeded"))
TEST_STATE_NAME = "(TestState)"


def definition_hash(definition: Any) -> str:
    text = json.dumps(definition, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def machine_name(state_machine_arn: str) -> str:
    """``arn:aws:states:r:a:stateMachine:Name[:version-or-alias]`` -> ``Name``."""
    parts = state_machine_arn.split(":")
    return parts[6] if len(parts) > 6 else state_machine_arn


def error_matches(error_equals: Any, error: str | None) -> bool:
    if not isinstance(error_equals, list) or error is None:
        return False
    if error in error_equals:
        return True
    if error in UNCATCHABLE:
        return False
    if "States.ALL" in error_equals:
        return True
    return "States.TaskFailed" in error_equals and error != "States.Timeout"


@dataclass(frozen=True)
class Item:
    id: str  # "state:Name", "choice:Name:0", "choice:Name:Default", "retry:Name:1", ...
    kind: str  # state, choice, retry, catch, branch, iterations, terminal
    state: str
    label: str  # what the missing list shows


def _is_terminal(state: Mapping[str, Any]) -> bool:
    return state.get("End") is True or state.get("Type") in ("Succeed", "Fail")


def items_of(definition: Any) -> list[Item]:
    """Every part of ``definition`` that coverage counts, in definition order per level."""
    out: list[Item] = []
    for site in walk_states(definition):
        name, spec = site.name, site.state
        out.append(Item(f"state:{name}", "state", name, name))
        kind = spec.get("Type")
        if kind == "Choice":
            rules = spec.get("Choices")
            for index, _ in enumerate(rules if isinstance(rules, list) else []):
                out.append(Item(f"choice:{name}:{index}", "choice", name, f"{name} rule {index}"))
            if "Default" in spec:
                out.append(Item(f"choice:{name}:Default", "choice", name, f"{name} Default"))
        for key, word in (("Retry", "retry"), ("Catch", "catch")):
            entries = spec.get(key)
            for index, _ in enumerate(entries if isinstance(entries, list) else []):
                out.append(Item(f"{word}:{name}:{index}", word, name, f"{name} {key}[{index}]"))
        if kind == "Parallel":
            branches = spec.get("Branches")
            for index, _ in enumerate(branches if isinstance(branches, list) else []):
                out.append(Item(f"branch:{name}:{index}", "branch", name, f"{name} branch {index}"))
        if kind == "Map":
            out.append(Item(f"iterations:{name}", "iterations", name, f"{name} iterations"))
        if _is_terminal(spec):
            out.append(Item(f"terminal:{name}", "terminal", name, f"{name} (end)"))
    return out


def _specs(definition: Any) -> dict[str, Mapping[str, Any]]:
    return {site.name: site.state for site in walk_states(definition)}


class ChoiceJudge:
    """Tells which of several Choice rules with the same Next matched, by testing each alone
    on the Choice's input (TestState on a scratch client, made the first time it is needed)."""

    def __init__(self) -> None:
        self._client: Any = None

    def first_match(
        self, spec: Mapping[str, Any], candidates: list[int], input_text: str | None
    ) -> int | None:
        if self._client is None:
            from .client import client

            self._client = client()
        rules = spec.get("Choices")
        assert isinstance(rules, list)
        for index in candidates:
            probe = {k: v for k, v in spec.items() if k not in ("Choices", "Default", "Assign")}
            rule = {k: v for k, v in rules[index].items() if k not in ("Assign", "Output")}
            probe["Choices"] = [{**rule, "Next": "Matched"}]
            probe["Default"] = "Unmatched"
            try:
                answer = self._client.test_state(
                    definition=json.dumps(probe), input=input_text or "{}"
                )
            except Exception:  # noqa: BLE001 - a rule that cannot be tested alone
                return None
            if answer.get("nextState") == "Matched":
                return index
        return None


def _choice_rule(
    spec: Mapping[str, Any], target: str, input_text: str | None, judge: ChoiceJudge
) -> str | None:
    """The item id suffix of the rule that led to ``target``: an index, or ``Default``."""
    rules = spec.get("Choices")
    rules = rules if isinstance(rules, list) else []
    candidates = [
        i
        for i, rule in enumerate(rules)
        if isinstance(rule, Mapping) and rule.get("Next") == target
    ]
    default = spec.get("Default") == target
    if len(candidates) == 1 and not default:
        return str(candidates[0])
    if not candidates:
        return "Default" if default else None
    found = judge.first_match(spec, candidates, input_text)
    if found is not None:
        return str(found)
    return "Default" if default else None


def _first_entry(
    entries: Any, error: str | None, target: str | None = None, need_target: bool = False
) -> int | None:
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, Mapping):
            continue
        if need_target and entry.get("Next") != target:
            continue
        if error is None or error_matches(entry.get("ErrorEquals"), error):
            return index
    return None


def _attempt_error(visit: Visit) -> str | None:
    """The error a visit failed with: its own, else its last attempt's (a run stopped while
    it waited for a retry keeps only that)."""
    if visit.error:
        return visit.error
    last = visit.attempts[-1] if visit.attempts else None
    if last is None or last.outcome not in ("failed", "timed_out"):
        return None
    return last.error or ("States.Timeout" if last.outcome == "timed_out" else None)


def _shown(node: str) -> str:
    """A drawing's node id as the JSON report names it: its start and end (ids with a NUL, which
    no state name has) as "(start)" and "(end)"."""
    return {START: "(start)", END: "(end)"}.get(node, node)


def _try_error(visit: Visit, start: int) -> str | None:
    """The error that ended try ``start`` of a Parallel or Map: its first failed run's."""
    failed = [
        (v.failure_id or v.entered_id, v.entered_id, error)
        for lane in visit.lanes
        if lane.attempt == start
        for v in lane.visits
        if v.status in (FAILED, TIMED_OUT, ABORTED) and (error := _attempt_error(v))
    ]
    return min(failed)[2] if failed else None


@dataclass
class MachineCoverage:
    """The parts of one state machine exercised so far."""

    name: str
    hash: str
    definition: Any
    hits: Counter[str] = field(default_factory=Counter)
    # Transitions seen, (from, to) as the drawing names them: the HTML report draws them bold.
    transitions: set[tuple[str, str]] = field(default_factory=set)
    executions: int = 0
    state_tests: int = 0

    @property
    def key(self) -> str:
        return f"{self.name}#{self.hash}"

    def record_trace(self, trace: Trace, judge: ChoiceJudge) -> None:
        from .drawing.overlay import build_overlay

        self.executions += 1
        self.transitions.update(build_overlay(trace).taken)
        specs = _specs(self.definition)
        following: dict[int, Visit] = {}
        lanes: dict[int, list[Visit]] = {}
        for visit in trace.visits:
            lanes.setdefault(id(visit.lane), visit.lane.visits)
        for visits in lanes.values():
            for before, after in zip(visits, visits[1:]):
                following[id(before)] = after
        hits = self.hits
        for visit in trace.visits:
            name = visit.name
            hits[f"state:{name}"] += 1
            spec = specs.get(name, {})
            next_visit = following.get(id(visit))
            target = next_visit.name if next_visit is not None else None
            if visit.type == "Choice" and target is not None:
                rule = _choice_rule(spec, target, visit.input_text, judge)
                if rule is not None:
                    hits[f"choice:{name}:{rule}"] += 1
            for attempt in visit.attempts[:-1]:
                if attempt.outcome in ("failed", "timed_out"):
                    error = attempt.error or (
                        "States.Timeout" if attempt.outcome == "timed_out" else None
                    )
                    index = _first_entry(spec.get("Retry"), error) if error else None
                    if index is not None:
                        hits[f"retry:{name}:{index}"] += 1
            for start in range(1, visit.starts):
                # A Parallel or Map started again: the error of the run that failed that try.
                error = _try_error(visit, start)
                index = _first_entry(spec.get("Retry"), error) if error else None
                if index is not None:
                    hits[f"retry:{name}:{index}"] += 1
            if visit.status == CAUGHT and target is not None:
                error = visit.error or (visit.attempts[-1].error if visit.attempts else None)
                index = _first_entry(spec.get("Catch"), error, target, need_target=True)
                if index is None:  # an error the history does not name: the Next alone
                    index = _first_entry(spec.get("Catch"), None, target, need_target=True)
                if index is not None:
                    hits[f"catch:{name}:{index}"] += 1
            for lane in visit.lanes:
                if lane.kind == "branch":
                    hits[f"branch:{name}:{lane.index}"] += 1
                elif lane.kind == "iteration":
                    hits[f"iterations:{name}"] += 1
            if _is_terminal(spec) and (
                visit.status in (SUCCEEDED, RETRIED)
                or (visit.type == "Fail" and visit.status == FAILED)
            ):
                hits[f"terminal:{name}"] += 1

    def record_state_test(
        self,
        state_name: str,
        input_text: str | None,
        response: Mapping[str, Any],
        judge: ChoiceJudge,
    ) -> None:
        self.state_tests += 1
        spec = _specs(self.definition).get(state_name, {})
        hits = self.hits
        hits[f"state:{state_name}"] += 1
        status = response.get("status")
        target = response.get("nextState")
        error = response.get("error")
        if spec.get("Type") == "Choice" and status == "SUCCEEDED" and target:
            rule = _choice_rule(spec, target, input_text, judge)
            if rule is not None:
                hits[f"choice:{state_name}:{rule}"] += 1
        if status == "RETRIABLE" and error:
            index = _first_entry(spec.get("Retry"), error)
            if index is not None:
                hits[f"retry:{state_name}:{index}"] += 1
        if status == "CAUGHT_ERROR" and target:
            index = _first_entry(spec.get("Catch"), error, target, need_target=True)
            if index is not None:
                hits[f"catch:{state_name}:{index}"] += 1
        if _is_terminal(spec) and (
            (status == "SUCCEEDED" and not target) or (spec.get("Type") == "Fail")
        ):
            hits[f"terminal:{state_name}"] += 1

    # -- the numbers
    def report(self) -> dict[str, Any]:
        items = items_of(self.definition)
        counted = [i for i in items if i.kind != "terminal"]
        states = [i for i in counted if i.kind == "state"]
        branches = [i for i in counted if i.kind != "state"]
        covered = [i for i in counted if self.hits.get(i.id)]
        states_hit = sum(1 for i in states if self.hits.get(i.id))
        branches_hit = sum(1 for i in branches if self.hits.get(i.id))
        total = len(counted)
        return {
            "name": self.name,
            "definition_hash": self.hash,
            "executions": self.executions,
            "state_tests": self.state_tests,
            "states": {"covered": states_hit, "total": len(states)},
            "branches": {"covered": branches_hit, "total": len(branches)},
            "percent": round(100.0 * len(covered) / total, 2) if total else 100.0,
            "missing": [i.label for i in counted if not self.hits.get(i.id)],
            "items": {
                i.id: {"kind": i.kind, "state": i.state, "hits": self.hits.get(i.id, 0)}
                for i in items
            },
            "terminals": {
                i.state: bool(self.hits.get(i.id)) for i in items if i.kind == "terminal"
            },
            "transitions": sorted([_shown(a), _shown(b)] for a, b in self.transitions),
        }


class CoverageData:
    """Coverage of every state machine seen, by name and definition hash."""

    def __init__(self) -> None:
        self.machines: dict[str, MachineCoverage] = {}
        self.judge = ChoiceJudge()

    def machine(self, name: str, definition: Any) -> MachineCoverage:
        digest = definition_hash(definition)
        key = f"{name}#{digest}"
        found = self.machines.get(key)
        if found is None:
            found = self.machines[key] = MachineCoverage(name, digest, definition)
        return found

    def add_trace(self, name: str, definition: Any, trace: Trace) -> None:
        if isinstance(definition, Mapping):
            self.machine(name, definition).record_trace(trace, self.judge)

    def add_state_test(self, request: Mapping[str, Any], response: Mapping[str, Any]) -> None:
        try:
            definition = json.loads(request.get("definition", ""))
        except (TypeError, ValueError):
            return
        if not isinstance(definition, dict):
            return
        state_name = request.get("stateName")
        if "States" not in definition:  # one state alone: a machine of that state
            state_name = state_name or "State"
            definition = {"StartAt": state_name, "States": {state_name: definition}}
        elif not state_name:
            return
        digest = definition_hash(definition)
        # A whole machine tested state by state counts towards that machine when it ran too.
        same = [m for m in self.machines.values() if m.hash == digest]
        target = same[0] if same else self.machine(TEST_STATE_NAME, definition)
        target.record_state_test(str(state_name), request.get("input"), response, self.judge)

    # -- combining (pytest-xdist workers) and reports
    def to_json(self) -> dict[str, Any]:
        return {
            key: {
                "name": m.name,
                "definition": m.definition,
                "hits": dict(m.hits),
                "transitions": sorted(m.transitions),
                "executions": m.executions,
                "state_tests": m.state_tests,
            }
            for key, m in self.machines.items()
        }

    def merge(self, data: Mapping[str, Any]) -> None:
        for entry in data.values():
            machine = self.machine(entry["name"], entry["definition"])
            machine.hits.update(entry["hits"])
            machine.transitions.update((a, b) for a, b in entry["transitions"])
            machine.executions += entry["executions"]
            machine.state_tests += entry["state_tests"]

    def sorted_machines(self) -> list[MachineCoverage]:
        """The machines by name, a whole definition tested by TestState before (or without
        a name for) its executions folded into the named machine of the same definition."""
        named: dict[str, MachineCoverage] = {}
        for machine in self.machines.values():
            if machine.name != TEST_STATE_NAME:
                named.setdefault(machine.hash, machine)
        for key, machine in list(self.machines.items()):
            into = named.get(machine.hash)
            if machine.name == TEST_STATE_NAME and into is not None:
                into.hits.update(machine.hits)
                into.transitions.update(machine.transitions)
                into.state_tests += machine.state_tests
                into.executions += machine.executions
                del self.machines[key]
        return sorted(self.machines.values(), key=lambda m: m.key)

    def reports(self) -> list[dict[str, Any]]:
        return [m.report() for m in self.sorted_machines()]

    def total_percent(self) -> float:
        covered = total = 0
        for report in self.reports():
            for part in ("states", "branches"):
                covered += report[part]["covered"]
                total += report[part]["total"]
        return 100.0 * covered / total if total else 100.0


def text_table(reports: Iterable[Mapping[str, Any]], total: float) -> list[str]:
    """The terminal summary, laid out as coverage.py's."""
    rows = [("Name", "States", "Miss", "Branches", "Miss", "Cover", "Missing")]
    for r in reports:
        states, branches = r["states"], r["branches"]
        rows.append(
            (
                f"{r['name']} ({r['definition_hash'][:8]})",
                str(states["total"]),
                str(states["total"] - states["covered"]),
                str(branches["total"]),
                str(branches["total"] - branches["covered"]),
                f"{r['percent']:.0f}%",
                ", ".join(r["missing"]),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(6)]
    lines = []
    for n, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [row[i].rjust(widths[i]) for i in range(1, 6)]
        lines.append("   ".join(cells) + ("   " + row[6] if row[6] else ""))
        if n == 0:
            lines.append("-" * len(lines[0]))
    lines.append("-" * len(lines[0]))
    lines.append(f"TOTAL {total:.0f}%")
    return lines


def write_json(reports: list[dict[str, Any]], total: float, path: str) -> None:
    payload = {"percent": round(total, 2), "machines": reports}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, indent=2, sort_keys=True)
