"""The pytest plugin, loaded through the ``pytest11`` entry point ``sfnsim``.

Importing it costs nothing: the engine is loaded only when a test asks for one of the fixtures,
no fixture is autouse, and nothing is patched unless a test asks (``sfn_mock_aws``). Disable it
with ``-p no:sfnsim``.

Fixtures (all prefixed ``sfn_``):

- ``sfn_run``: runs a definition with ``sfnsim.run()``, under the test's settings;
- ``sfn_client``: a fresh in-process Step Functions client for each test, using ``sfn_clock``
  and ``sfn_mocks`` when the test asks for them too, and the default client of the
  ``sfnsim.testing`` helpers during the test;
- ``sfn_mocks``: the test's mocks (``sfnsim.Mocks``), loaded from ``mock_config`` if set;
- ``sfn_services``: the test's in-memory service fakes (``sfnsim.MemoryServices``, the
  ``services`` setting or all of them), which the other fixtures' tasks then use;
- ``sfn_clock``: a ``sfnsim.ManualClock`` that moves only when the test advances it;
- ``sfn_mock_aws``: routes every boto3 Step Functions client created in the test to sfnsim;
- ``sfn_state_test``: ``sfn_state_test(definition, state_name)``, a ``sfnsim.StateTest`` of one
  state on the test's ``sfn_client``;
- ``sfn_template``: the state machines of the ``template`` setting (``sfnsim.load_template``
  of a SAM/CloudFormation template or CDK assembly, relative to the test file);
- ``sfn_options``: the settings in force.

Settings come from the ``sfn`` marker (closest wins: test over class over module), then the
ini options ``sfn_region``, ``sfn_account_id``, ``sfn_mock_config``, ``sfn_services``,
``sfn_template``, ``sfn_strict_mocks``::

    @pytest.mark.sfn(mock_config="MockConfigFile.json", test_case="HappyPath")
    def test_order(sfn_client): ...

With a template, ``sfn_run`` and ``sfn_state_test`` take a ``machine=`` instead of a
definition (or use the ``machine`` setting)::

    @pytest.mark.sfn(template="../template.yaml", machine="OrderFlow")
    def test_order(sfn_run):
        assert sfn_run(input={"orderId": "o-1"}).status == "SUCCEEDED"

``--sfn-cov`` (and ``--sfn-cov-report``, ``--sfn-cov-fail-under``) registers the workflow
coverage collector of ``sfnsim.coverage_plugin``; without them it is not loaded at all.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import pytest

MARKER_HELP = (
    "sfn(*, region='us-east-1', account_id='123456789012', mock_config=None, test_case=None, "
    "start_time=None, tasks=None, seed=None, services=None, passthrough=None, template=None, "
    "machine=None, template_parameters=None, template_substitutions=None, strict_mocks=False): "
    "settings of the sfnsim fixtures for this test"
)
DEFAULT_START = datetime(2024, 1, 1, tzinfo=timezone.utc)


@dataclasses.dataclass(frozen=True)
class SfnOptions:
    """The settings of the ``sfn_*`` fixtures for one test."""

    region: str = "us-east-1"
    account_id: str = "123456789012"
    mock_config: str | None = (
        None  # a Step Functions Local MockConfigFile, relative to the test file
    )
    test_case: str | None = None  # the MockConfigFile test case executions use
    start_time: datetime | None = None  # the clock's start (sfn_clock, sfn_run)
    tasks: Mapping[str, Callable[[Any], Any]] | None = None  # Task handlers for sfn_run
    seed: int | None = None
    # In-memory service fakes: "memory" or service names (sfn_services).
    services: str | Sequence[str] | None = None
    # A boto3 session the tasks nothing else answers are sent to (docs/passthrough.md).
    passthrough: Any = None
    # A SAM/CloudFormation template or CDK assembly, relative to the test file (sfn_template),
    # the state machine of it sfn_run and sfn_state_test use, and what load_template gets.
    template: str | None = None
    machine: str | None = None
    template_parameters: Mapping[str, Any] | None = None
    template_substitutions: Mapping[str, Any] | None = None
    # Mock entries no state can use raise sfnsim.UnusedMockError instead of warning.
    strict_mocks: bool = False

    def mock_config_path(self, base: Path) -> Path | None:
        if self.mock_config is None:
            return None
        path = Path(self.mock_config)
        return path if path.is_absolute() else base / path


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "sfn_region", "region of the sfnsim fixtures (default us-east-1)", default="us-east-1"
    )
    parser.addini("sfn_account_id", "account id of the sfnsim fixtures", default="123456789012")
    parser.addini("sfn_mock_config", "default MockConfigFile of sfn_mocks / sfn_client", default="")
    parser.addini(
        "sfn_strict_mocks",
        "mock entries no state can use are an error (sfnsim.UnusedMockError), not a warning",
        type="bool",
        default=False,
    )
    parser.addini(
        "sfn_template",
        "default SAM/CloudFormation template or CDK assembly of sfn_template / sfn_run",
        default="",
    )
    group = parser.getgroup("sfnsim", "sfnsim workflow coverage")
    group.addoption(
        "--sfn-cov",
        action="store_true",
        default=False,
        help="report which states, Choice rules, Retry/Catch entries, Parallel branches and "
        "Map iterations of each state machine the session's executions exercised",
    )
    group.addoption(
        "--sfn-cov-report",
        action="append",
        default=[],
        metavar="TYPE:PATH",
        help="also write html:DIR or json:FILE (may be repeated; implies --sfn-cov)",
    )
    group.addoption(
        "--sfn-cov-fail-under",
        type=float,
        default=None,
        metavar="N",
        help="fail the session when total workflow coverage is under N percent",
    )
    parser.addini(
        "sfn_services",
        "in-memory service fakes of the sfnsim fixtures: 'memory' or service names",
        type="args",
        default=[],
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER_HELP)
    opts = config.option
    if opts.sfn_cov or opts.sfn_cov_report or opts.sfn_cov_fail_under is not None:
        from .coverage_plugin import CoveragePlugin

        config.pluginmanager.register(CoveragePlugin(config), "sfnsim-coverage")


@pytest.fixture
def sfn_options(request: pytest.FixtureRequest) -> SfnOptions:
    """The settings in force: the ``sfn`` markers merged closest-first over the ini options."""
    merged: dict[str, Any] = {}
    for marker in request.node.iter_markers("sfn"):
        if marker.args:
            raise TypeError(
                "the sfn marker takes keyword arguments only, "
                "e.g. @pytest.mark.sfn(region='eu-west-1')"
            )
        merged = {**marker.kwargs, **merged}
    ini = request.config
    defaults = {
        "region": ini.getini("sfn_region") or "us-east-1",
        "account_id": ini.getini("sfn_account_id") or "123456789012",
        "mock_config": ini.getini("sfn_mock_config") or None,
        "services": ini.getini("sfn_services") or None,
        "template": ini.getini("sfn_template") or None,
        "strict_mocks": bool(ini.getini("sfn_strict_mocks")),
    }
    try:
        return SfnOptions(**{**defaults, **merged})
    except TypeError as exc:
        fields = ", ".join(f.name for f in dataclasses.fields(SfnOptions))
        raise TypeError(f"@pytest.mark.sfn: {exc}; it takes: {fields}") from None


def _test_dir(request: pytest.FixtureRequest) -> Path:
    return Path(str(request.node.path)).parent


@pytest.fixture
def sfn_clock(sfn_options: SfnOptions) -> Any:
    """A manual clock: executions waiting on it stay RUNNING until ``sfn_clock.advance(...)``."""
    import sfnsim

    return sfnsim.ManualClock(start=sfn_options.start_time or DEFAULT_START)


@pytest.fixture
def sfn_mocks(request: pytest.FixtureRequest, sfn_options: SfnOptions) -> Any:
    """The test's mocks: ``sfnsim.Mocks()``, or the ``mock_config`` file loaded."""
    import sfnsim

    path = sfn_options.mock_config_path(_test_dir(request))
    if path is None:
        return sfnsim.Mocks()
    # The file is loaded whole; the marker's test_case picks the TestCases entry per run
    # (sfn_run), as `<stateMachineArn>#<TestCase>` does for the clients.
    return sfnsim.load_mock_config(path)


@pytest.fixture
def sfn_template(request: pytest.FixtureRequest, sfn_options: SfnOptions) -> Any:
    """The state machines of the ``template`` setting, by logical id (``sfnsim.StateMachines``:
    ``sfn_template["OrderFlow"]``, ``.find(name)``); each ``TemplateStateMachine`` has its
    ``definition`` and ``create_request()`` for ``sfn_client.create_state_machine(**...)``."""
    import sfnsim

    if sfn_options.template is None:
        raise pytest.UsageError(
            "sfn_template needs a template: @pytest.mark.sfn(template='template.yaml') "
            "or the sfn_template ini option"
        )
    path = Path(sfn_options.template)
    if not path.is_absolute():
        # The ini option is relative to the rootdir, the marker to the test file.
        from_ini = request.config.getini("sfn_template") == sfn_options.template
        path = (request.config.rootpath if from_ini else _test_dir(request)) / path
    return sfnsim.load_template(
        path,
        parameters=sfn_options.template_parameters,
        substitutions=sfn_options.template_substitutions,
        region=sfn_options.region,
        account_id=sfn_options.account_id,
    )


def _template_machine(
    request: pytest.FixtureRequest, options: SfnOptions, definition: Any, machine: str | None
) -> Any:
    """The TemplateStateMachine a call means: given as ``definition``, named by ``machine=``,
    or the ``machine`` setting when no definition is given; None for a plain definition."""
    from sfnsim.templates import TemplateStateMachine

    if isinstance(definition, TemplateStateMachine):
        return definition
    name = machine or (options.machine if definition is None else None)
    if name is None:
        if definition is None:
            raise TypeError("give a definition, or machine= with the template setting")
        return None
    if definition is not None:
        raise TypeError("give a definition or machine=, not both")
    return request.getfixturevalue("sfn_template").find(name)


@pytest.fixture
def sfn_services(sfn_options: SfnOptions) -> Any:
    """The test's in-memory service fakes (fresh per test): the ``services`` setting, or all."""
    from .services import memory_services

    return memory_services(sfn_options.services or "memory")


def _services_kwargs(request: pytest.FixtureRequest, options: SfnOptions) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if "sfn_services" in request.fixturenames or options.services is not None:
        kwargs["services"] = request.getfixturevalue("sfn_services")
    if options.passthrough is not None:
        kwargs["passthrough"] = options.passthrough
    return kwargs


def _client_kwargs(request: pytest.FixtureRequest, options: SfnOptions) -> dict[str, Any]:
    """What ``sfnsim.client`` and ``sfnsim.mock_aws`` (same keywords) get from the settings."""
    kwargs: dict[str, Any] = {"region_name": options.region, "account_id": options.account_id}
    if "sfn_clock" in request.fixturenames:
        kwargs["clock"] = request.getfixturevalue("sfn_clock")
    if "sfn_mocks" in request.fixturenames or options.mock_config is not None:
        kwargs["mocks"] = request.getfixturevalue("sfn_mocks")
    if options.seed is not None:
        kwargs["seed"] = options.seed
    if options.tasks is not None:
        kwargs["tasks"] = options.tasks
    if options.strict_mocks:
        kwargs["strict_mocks"] = True
    kwargs.update(_services_kwargs(request, options))
    return kwargs


@pytest.fixture
def sfn_client(request: pytest.FixtureRequest, sfn_options: SfnOptions) -> Iterator[Any]:
    """A fresh in-process Step Functions client (the boto3 client's methods and answers)."""
    import sfnsim
    from sfnsim.testing import reset_client, use_client

    client = sfnsim.client(**_client_kwargs(request, sfn_options))
    token = use_client(client)
    try:
        yield client
    finally:
        reset_client(token)


@pytest.fixture
def sfn_mock_aws(request: pytest.FixtureRequest, sfn_options: SfnOptions) -> Iterator[Any]:
    """Routes every boto3 ``stepfunctions`` client created during the test to sfnsim."""
    import sfnsim

    with sfnsim.mock_aws(**_client_kwargs(request, sfn_options)) as routed:
        yield routed


@pytest.fixture
def sfn_run(request: pytest.FixtureRequest, sfn_options: SfnOptions) -> Callable[..., Any]:
    """``sfn_run(definition, input, **kwargs)``: ``sfnsim.run()`` with the test's settings
    (region, account, start time, ``tasks`` from the marker unless given). With a template,
    ``sfn_run(input=..., machine="OrderFlow")`` runs that machine of it (name, type, role)."""
    import sfnsim

    def run(
        definition: Any = None, input: Any = None, *, machine: str | None = None, **kwargs: Any
    ) -> Any:
        chosen = _template_machine(request, sfn_options, definition, machine)
        if chosen is not None:
            definition = chosen.definition
            kwargs.setdefault("state_machine_name", chosen.name)
            kwargs.setdefault("state_machine_type", chosen.type or "STANDARD")
            if chosen.role_arn is not None:
                kwargs.setdefault("role_arn", chosen.role_arn)
        if isinstance(definition, Path) or (
            isinstance(definition, str) and definition.endswith(".json")
        ):
            path = Path(definition)
            if not path.is_absolute():
                path = _test_dir(request) / path
            definition = path.read_text(encoding="utf-8")
        kwargs.setdefault("region", sfn_options.region)
        kwargs.setdefault("account_id", sfn_options.account_id)
        kwargs.setdefault("start_time", sfn_options.start_time or DEFAULT_START)
        if sfn_options.tasks is not None:
            kwargs.setdefault("tasks", sfn_options.tasks)
        if sfn_options.mock_config is not None or "sfn_mocks" in request.fixturenames:
            kwargs.setdefault("mocks", request.getfixturevalue("sfn_mocks"))
        if sfn_options.test_case is not None and isinstance(kwargs.get("mocks"), sfnsim.MockConfig):
            kwargs.setdefault("test_case", sfn_options.test_case)
        if sfn_options.seed is not None:
            kwargs.setdefault("seed", sfn_options.seed)
        if sfn_options.strict_mocks:
            kwargs.setdefault("strict_mocks", True)
        for key, value in _services_kwargs(request, sfn_options).items():
            kwargs.setdefault(key, value)
        if input is None:
            return sfnsim.run(definition, **kwargs)
        return sfnsim.run(definition, input, **kwargs)

    return run


@pytest.fixture
def sfn_state_test(request: pytest.FixtureRequest, sfn_options: SfnOptions) -> Callable[..., Any]:
    """``sfn_state_test(definition, state_name=None, **kwargs)``: a ``sfnsim.StateTest`` (a
    TestState call built fluently). ``definition`` may be a dict, JSON text, a path relative
    to the test file, or (with a template) ``machine="OrderFlow"`` in its place; the requests
    go to the test's ``sfn_client`` unless ``client=`` (or ``tasks=``, ``mocks=``,
    ``services=`` for a client of their own) is given."""
    from sfnsim.state_test import StateTest, definition_text

    def make(
        definition: Any = None,
        state_name: str | None = None,
        *,
        machine: str | None = None,
        **kwargs: Any,
    ) -> StateTest:
        chosen = _template_machine(request, sfn_options, definition, machine)
        if chosen is not None:
            definition = chosen.definition
            if chosen.role_arn is not None:
                kwargs.setdefault("role_arn", chosen.role_arn)
        text = definition_text(definition, base=_test_dir(request))
        own_client = any(kwargs.get(key) is not None for key in ("tasks", "mocks", "services"))
        if kwargs.get("client") is None and not own_client:
            kwargs["client"] = request.getfixturevalue("sfn_client")
        return StateTest(text, state_name, **kwargs)

    return make
