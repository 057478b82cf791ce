"""``pytest --sfn-cov``: the plugin object that collects workflow coverage for a session.

Registered by ``sfnsim.pytest_plugin`` only when asked, so a session without ``--sfn-cov``
adds no hook and no watcher: runs cost what they cost without it. Collects from:

- ``sfnsim.run``: each execution when it ends (``observe.Watcher.execution_finished``);
- clients, ``mock_aws`` and ``patch_client``: the engines they answer from, read after each
  test (every closed execution of every state machine, once), and again at the session's end;
- TestState calls through a client or ``mock_aws``.

Under pytest-xdist each worker sends its data to the controller, which reports.
"""

from __future__ import annotations

import json
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from . import observe
from .workflow_coverage import CoverageData, machine_name, text_table, write_json


class CoveragePlugin:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.data = CoverageData()
        self.seen: set[str] = set()  # execution ARNs read
        # Engines of the running test, held until read; earlier ones weakly (session fixtures).
        self.fresh: list[tuple[Any, str, str]] = []
        self.known: list[tuple[weakref.ref[Any], str, str]] = []
        # Per thread: this plugin's own work (reading an engine, testing a Choice rule) makes
        # clients and TestState calls that are not the suite's. One lock for the data: tests
        # may run executions from several threads.
        self._local = threading.local()
        self._lock = threading.RLock()
        self.total: float | None = None
        reports = config.option.sfn_cov_report or []
        self.reports: list[tuple[str, str]] = []
        for spec in reports:
            kind, _, path = spec.partition(":")
            if kind not in ("html", "json") or not path:
                raise pytest.UsageError(
                    f"--sfn-cov-report={spec}: give html:DIRECTORY or json:FILE"
                )
            self.reports.append((kind, path))
        self.is_worker = hasattr(config, "workerinput")
        observe.add_watcher(self)

    @property
    def busy(self) -> bool:
        return getattr(self._local, "busy", False)

    @contextmanager
    def _working(self) -> Iterator[None]:
        with self._lock:
            self._local.busy = True
            try:
                yield
            finally:
                self._local.busy = False

    # -- observe.Watcher
    def execution_finished(self, execution: Any) -> None:
        if self.busy:
            return
        with self._working():
            self.data.add_trace(
                machine_name(execution.state_machine_arn),
                execution.definition_dict,
                execution.history.trace,
            )

    def engine_used(self, engine: Any, region: str, account_id: str) -> None:
        if self.busy:
            return
        key = (id(engine), region, account_id)
        with self._lock:
            if not any((id(e), r, a) == key for e, r, a in self.fresh):
                self.fresh.append((engine, region, account_id))

    def state_tested(self, request: dict[str, Any], response: dict[str, Any]) -> None:
        if self.busy:
            return
        with self._working():
            self.data.add_state_test(request, response)

    # -- reading engines
    def _sweep(self, engine: Any, region: str, account_id: str) -> None:
        from .client import client
        from .history import History

        sfn: Any = client(region_name=region, account_id=account_id, engine=engine)
        machines = [
            m
            for page in sfn.get_paginator("list_state_machines").paginate()
            for m in page["stateMachines"]
        ]
        for machine in machines:
            if machine.get("type") == "EXPRESS":
                continue  # Express executions are not kept once they end
            try:
                executions = [
                    e
                    for page in sfn.get_paginator("list_executions").paginate(
                        stateMachineArn=machine["stateMachineArn"]
                    )
                    for e in page["executions"]
                ]
            except Exception:  # noqa: BLE001 - deleted meanwhile
                continue
            for execution in executions:
                arn = execution["executionArn"]
                if arn in self.seen or execution["status"] == "RUNNING":
                    continue
                self.seen.add(arn)
                described = sfn.describe_state_machine_for_execution(executionArn=arn)

                definition = json.loads(described["definition"])
                events = [
                    event
                    for page in sfn.get_paginator("get_execution_history").paginate(
                        executionArn=arn
                    )
                    for event in page["events"]
                ]
                trace = History(events, definition).trace
                self.data.add_trace(described["name"], definition, trace)

    def _read_engines(self, *, all_known: bool) -> None:
        with self._working():
            targets = list(self.fresh)
            if all_known:
                targets += [(ref(), r, a) for ref, r, a in self.known]
            for engine, region, account_id in targets:
                if engine is not None:
                    self._sweep(engine, region, account_id)
            for engine, region, account_id in self.fresh:
                self.known.append((weakref.ref(engine), region, account_id))
            self.fresh = []

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_teardown(self, item: pytest.Item, nextitem: Any) -> Any:
        yield
        self._read_engines(all_known=False)

    # -- the end
    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self._read_engines(all_known=True)
        observe.remove_watcher(self)
        if self.is_worker:
            self.config.workeroutput["sfnsim_coverage"] = self.data.to_json()  # type: ignore[attr-defined]
            return
        self.total = self.data.total_percent()
        reports = self.data.reports()
        for kind, path in self.reports:
            if kind == "json":
                write_json(reports, self.total, path)
            else:
                from .drawing.coverage_page import write_html

                definitions = [m.definition for m in self.data.sorted_machines()]
                write_html(reports, definitions, self.total, path)
        under = self.config.option.sfn_cov_fail_under
        if under is not None and self.total < under and session.exitstatus == 0:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """pytest-xdist: a worker's data, combined into the controller's."""
        data = getattr(node, "workeroutput", {}).get("sfnsim_coverage")
        if data:
            self.data.merge(data)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.is_worker:
            return
        total = self.total if self.total is not None else self.data.total_percent()
        terminalreporter.section("sfnsim workflow coverage")
        reports = self.data.reports()
        if not reports:
            terminalreporter.write_line("No state machine ran.")
        for line in text_table(reports, total):
            terminalreporter.write_line(line)
        for kind, path in self.reports:
            terminalreporter.write_line(f"{kind.upper()} report written to {path}")
        under = self.config.option.sfn_cov_fail_under
        if under is not None:
            if total < under:
                terminalreporter.write_line(
                    f"FAIL Required workflow coverage of {under:g}% not reached. "
                    f"Total coverage: {total:.2f}%",
                    red=True,
                )
            else:
                terminalreporter.write_line(
                    f"Required workflow coverage of {under:g}% reached. "
                    f"Total coverage: {total:.2f}%"
                )
