"""``sfnsim.mock_aws()``: real ``boto3.client("stepfunctions")`` calls answered in-process.

botocore serialises each request as usual; a ``before-call`` handler hands the awsJson body to
the engine and parses its reply with botocore's own parser, exactly as one from AWS (datetimes,
modeled exceptions, paginators); nothing is sent. No network, no credentials.

Inside the block every Step Functions client is routed, whenever and from whichever session it
was made: a client made before the block (a module-level ``boto3.client("stepfunctions")``, a
fixture's) would otherwise send its calls to AWS, with whatever credentials the environment
holds. The pass-through's clients for other services (``passthrough=``) are the only calls that
leave; its ``aws-sdk:sfn:*`` tasks reach the simulator, where the machines they name are.

>>> import boto3, sfnsim
>>> with sfnsim.mock_aws():
...     sfn = boto3.client("stepfunctions", region_name="us-east-1")
...     sfn.list_state_machines()["stateMachines"]
[]
"""

from __future__ import annotations

import json
import os
import weakref
from collections.abc import Iterator
from typing import Any

from . import observe
from .client import MocksLike, Tasks, make_handler
from .endpoint import Endpoint, operation_of, region_of_host
from .engine import Clock, Engine, engine_for
from .executors import check_executor
from .progress import ClientBars
from .services import ServicesLike, memory_services

_FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "sfnsim-testing",
    "AWS_SECRET_ACCESS_KEY": "sfnsim-testing",
    "AWS_SESSION_TOKEN": "sfnsim-testing",
}


class _Body:
    """The raw body botocore reads from: it calls ``stream()`` (and ``read()`` for errors)."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data

    def read(self, *_: Any) -> bytes:
        return self._data


def _aws_response() -> Any:
    from botocore.awsrequest import AWSResponse  # botocore is optional for sfnsim itself

    return AWSResponse


class Router:
    """Step Functions requests to an engine: ``before_call`` for ``before-call.sfn`` (what
    ``mock_aws`` and ``patch_client`` register), the instance itself for ``before-send.sfn``."""

    def __init__(
        self,
        engine: Engine,
        account_id: str,
        region_name: str,
        tasks: Tasks,
        mocks: MocksLike = None,
        services: ServicesLike = None,
        passthrough: Any = None,
        strict_mocks: bool = False,
        executor: Any = None,
        progress: bool = False,
    ) -> None:
        self.engine = engine
        self.account_id = account_id
        self.region_name = region_name
        self.active = True
        self.services = memory_services(services)
        # Adapted once (a Dask cluster gets one client, closed when the router is collected)
        # rather than per block: a decorated function enters the block again and again.
        self.executor = check_executor(executor)
        handler = make_handler(
            tasks,
            mocks,
            self.services,
            passthrough,
            executor=self.executor,
            strict_mocks=strict_mocks,
        )
        self.endpoint = Endpoint(engine, account_id, handler, ClientBars() if progress else None)
        for watcher in observe.watchers():
            watcher.engine_used(engine, region_name, account_id)

    def __call__(self, request: Any, **_: Any) -> Any:
        """As a ``before-send`` handler: the HTTP response to ``request``."""
        if not self.active:
            return None
        return self._respond(request.url, request.headers, request.body)

    def before_call(self, model: Any, params: dict[str, Any], **_: Any) -> Any:
        """As a ``before-call`` handler: the response, already parsed, so that botocore sends
        nothing. A ``before-send`` answer would not do under moto's ``mock_aws``: botocore calls
        every ``before-send`` handler and only uses the first answer, so moto's would still act
        on the request (and run the execution's tasks a second time when it executes machines).
        """
        if not self.active:
            return None
        http = self._respond(params.get("url", ""), params.get("headers", {}), params.get("body"))
        if http is None:
            return None
        from botocore.endpoint import convert_to_response_dict
        from botocore.parsers import create_parser

        protocol = getattr(model.service_model, "resolved_protocol", None)
        parser = create_parser(protocol or model.metadata["protocol"])
        response = convert_to_response_dict(http, model)
        parsed = parser.parse(response, model.output_shape)
        # What botocore's Endpoint adds: an error's modeled members, the retry count.
        code = parsed.get("Error", {}).get("Code") if http.status_code >= 300 else None
        error_shape = model.service_model.shape_for_error_code(code) if code else None
        if error_shape is not None:
            parsed.update(parser.parse(response, error_shape))
        parsed.setdefault("ResponseMetadata", {})["RetryAttempts"] = 0
        return http, parsed

    def _respond(self, url: str, request_headers: Any, body: Any) -> Any:
        target = request_headers.get("X-Amz-Target", b"")
        if isinstance(target, bytes):
            target = target.decode("ascii", "replace")
        operation = operation_of(target)
        if operation is None:
            return None
        body = body or b"{}"
        if isinstance(body, str):
            body = body.encode("utf-8")
        elif not isinstance(body, bytes):
            body = bytes(body.read()) if hasattr(body, "read") else bytes(body)
        host = url.split("://", 1)[-1].split("/", 1)[0]
        region = region_of_host(host) or self.region_name
        status, headers, payload = self.endpoint.answer(operation, body, region)
        if operation == "TestState" and status == 200:
            for watcher in observe.watchers():
                watcher.state_tested(json.loads(body), json.loads(payload))
        return _aws_response()(url, status, headers, _Body(payload))


class mock_aws:  # noqa: N801 - named like moto's decorator/context manager
    """Routes every ``boto3.client("stepfunctions")`` to an engine for the time of the block.

    Takes the same keyword arguments as :func:`sfnsim.client`, ``executor=`` included (the
    mocks' and tasks' Python handlers run on it; docs/executors.md) and ``progress=`` (a bar
    per Map state of each execution started inside the block). Clients made before the
    block are routed too, from their first call inside it; after the block they are left as
    they were. Step Functions calls never leave the process inside the block, the
    pass-through's included; its other services' calls go where ``passthrough=`` sends them.
    Credentials are not needed: fake ones are set for the duration if none are configured, and
    ``region_name`` becomes the default region if none is.
    """

    def __init__(
        self,
        region_name: str = "us-east-1",
        account_id: str = "123456789012",
        *,
        clock: Clock = None,
        engine: Engine | None = None,
        tasks: Tasks = None,
        mocks: MocksLike = None,
        services: ServicesLike = None,
        passthrough: Any = None,
        seed: int | None = None,
        keep_executions: int | None = None,
        strict_mocks: bool = False,
        executor: Any = None,
        progress: bool = False,
    ) -> None:
        engine = engine_for(engine, clock, seed, keep_executions)
        self.engine = engine
        self.router = Router(
            engine,
            account_id,
            region_name,
            tasks,
            mocks,
            services,
            passthrough,
            strict_mocks,
            executor,
            progress,
        )
        #: The in-memory service fakes the routed executions' tasks use (``services=``).
        self.services = self.router.services
        self._unique_id = f"sfnsim.mock_aws.{id(self)}"
        self._routed: weakref.WeakSet[Any] = weakref.WeakSet()
        self._saved_call: Any = None
        self._our_call: Any = None
        self._saved_session: Any = None
        self._saved_env: dict[str, str | None] = {}

    def route(self, client: Any) -> None:
        """Answers ``client``'s Step Functions calls in-process from now on (while active)."""
        client.meta.events.register_first(
            "before-call.sfn", self.router.before_call, unique_id=self._unique_id
        )
        self._routed.add(client)

    def __enter__(self) -> mock_aws:
        import boto3
        from botocore.client import BaseClient

        self.router.active = True
        # Every client's API call passes through BaseClient._make_api_call, whichever session
        # made it and whenever: the one place that sees the clients made before the block.
        # Each Step Functions client gets the router as its first before-call handler (on
        # Step Functions only, before the request is sent: moto's catch-all before-send
        # handler never sees it, and every other service is left alone).
        original = BaseClient._make_api_call
        mock = self

        def _make_api_call(client: Any, operation_name: str, api_params: Any) -> Any:
            if (
                mock.router.active
                and client not in mock._routed
                and client.meta.service_model.service_name == "stepfunctions"
            ):
                mock.route(client)
            return original(client, operation_name, api_params)

        self._saved_call, self._our_call = original, _make_api_call
        BaseClient._make_api_call = _make_api_call
        # A fresh default session inside the block: it reads the fake credentials and region.
        self._saved_session = boto3.DEFAULT_SESSION
        boto3.DEFAULT_SESSION = None
        fake = {}
        if not (os.environ.get("AWS_ACCESS_KEY_ID") or os.environ.get("AWS_PROFILE")):
            fake.update(_FAKE_CREDENTIALS)
        if not (os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION")):
            fake["AWS_DEFAULT_REGION"] = self.router.region_name
        for key, value in fake.items():
            self._saved_env[key] = os.environ.get(key)
            os.environ[key] = value
        return self

    def __exit__(self, *exc: Any) -> None:
        import boto3
        from botocore.client import BaseClient

        self.router.active = False
        # Restored only if nothing wrapped it since (blocks left out of order); an inactive
        # wrapper left in place just calls on.
        if BaseClient._make_api_call is self._our_call:
            BaseClient._make_api_call = self._saved_call
        for client in list(self._routed):
            client.meta.events.unregister(
                "before-call.sfn", self.router.before_call, unique_id=self._unique_id
            )
        self._routed = weakref.WeakSet()
        boto3.DEFAULT_SESSION = self._saved_session
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._saved_env = {}

    def __call__(self, func: Any) -> Any:
        """Use as a decorator: the function runs inside the block."""
        import functools

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self:
                return func(*args, **kwargs)

        return wrapper


def patch_client(client: Any, engine: Engine | None = None, **kwargs: Any) -> mock_aws:
    """Routes one existing boto3 Step Functions client to an engine, for good (no block).
    Returns the mock whose ``engine`` answers it."""
    mock = mock_aws(engine=engine, **kwargs)
    client.meta.events.register_first("before-call.sfn", mock.router.before_call)
    return mock
