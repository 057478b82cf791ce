"""The Step Functions awsJson1_0 endpoint: an operation name and a request body in, an HTTP
status, headers and body out, as AWS answers them. ``sfnsim.mock_aws()`` (botocore's requests
in-process) and ``sfnsim serve`` (HTTP) both answer through it, so the two agree.

The C++ service reads the body and words every error (``dispatch_text``); what is left here is
what lives outside the body: the region a request is for, the request id, and Step Functions
Local's ``<stateMachineArn>#<TestCase>`` selection of a MockConfigFile test case.
"""

from __future__ import annotations

import json
import random
import re
import threading
import uuid
from typing import Any, Callable

from . import _core
from .client import definition_of, select_test_case
from .engine import Engine
from .progress import ClientBars, watching
from .services.aws_models import output_shape

TARGET_PREFIX = "AWSStepFunctions"
CONTENT_TYPE = "application/x-amz-json-1.0"
# SigV4's credential scope: Credential=<key>/<date>/<region>/<service>/aws4_request
_SCOPE_REGION = re.compile(r"Credential=[^/,\s]+/\d{8}/([a-z0-9-]+)/")


def operation_of(target: str) -> str | None:
    """``AWSStepFunctions.StartExecution`` -> ``StartExecution``; None for another service's
    target (or none)."""
    prefix, _, operation = target.partition(".")
    return operation if prefix == TARGET_PREFIX and operation else None


def region_of_host(host: str) -> str | None:
    """The region of ``states.<region>.amazonaws.com`` (or ``sync-states...``), else None."""
    parts = host.split(":", 1)[0].split(".")
    if len(parts) >= 3 and parts[0] in ("states", "sync-states"):
        return parts[1]
    return None


def region_of_signature(authorization: str) -> str | None:
    """The region a SigV4-signed request was signed for (what a client configured)."""
    found = _SCOPE_REGION.search(authorization)
    return found.group(1) if found else None


class Endpoint:
    """Answers Step Functions API requests from ``engine`` for ``account_id``, running tasks
    with ``handler``."""

    def __init__(
        self,
        engine: Engine,
        account_id: str,
        handler: Callable[[dict[str, Any]], dict[str, Any]],
        progress: ClientBars | None = None,
    ) -> None:
        self.engine = engine
        self.progress = progress  # mock_aws(progress=True): bars per Map state
        self.account_id = account_id
        self.handler = handler
        self.invoker: Callable[[dict[str, Any]], dict[str, Any]] = handler  # what the engine calls
        self._contexts: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._ids = random.Random()  # request ids (seeded from the system's randomness)

    # Operations whose body may name a MockConfigFile test case (``<arn>#<TestCase>``): with a
    # '#' in the body they are answered by ``answer`` here, which selects the case.
    TEST_CASE_OPERATIONS = ("StartExecution", "StartSyncExecution")

    def direct_operations(self) -> frozenset[str] | None:
        """The operations ``answer`` hands to the service unchanged (``dispatch_text`` with the
        region's ``_context``), which an HTTP front may therefore send to the service itself,
        without Python in between (``TEST_CASE_OPERATIONS`` with a '#' in the body aside).
        None: every operation."""
        return None

    def answer(self, operation: str, body: bytes, region: str) -> tuple[int, dict[str, str], bytes]:
        """The status, headers and body AWS would send for ``operation`` with ``body``."""
        if operation in self.TEST_CASE_OPERATIONS and b"#" in body:
            body = self._select_test_case(body)
        with watching(self.progress, operation):
            status, payload = self.engine._service.dispatch_text(
                operation, body or b"{}", self._context(region)
            )
        return status, self._headers(payload), payload

    def _headers(self, payload: bytes) -> dict[str, str]:
        return {
            "Content-Type": CONTENT_TYPE,
            # A request id needs to be unique, not unpredictable: drawn from the endpoint's own
            # generator, not os.urandom (a system call, 5-20 us of each journalled request).
            "x-amzn-RequestId": str(uuid.UUID(int=self._ids.getrandbits(128), version=4)),
            "Content-Length": str(len(payload)),
        }

    def _context(self, region: str) -> Any:
        context = self._contexts.get(region)
        if context is None:
            with self._lock:
                context = self._contexts.get(region)
                if context is None:
                    context = _core.CallContext(
                        region,
                        self.account_id,
                        self.invoker,
                        output_shape=output_shape,
                        progress=self.progress.board if self.progress else None,
                    )
                    self._contexts[region] = context
        return context

    def _select_test_case(self, body: bytes) -> bytes:
        try:
            params = json.loads(body)
        except ValueError:
            return body  # the service answers the malformed request
        if not isinstance(params, dict):
            return body
        arn = params.get("stateMachineArn")
        region = arn.split(":")[3] if isinstance(arn, str) and arn.count(":") > 3 else ""
        selected = select_test_case(
            self.handler, params, definition_of(self.engine, self._context(region))
        )
        return body if selected is params else json.dumps(selected).encode("utf-8")
