"""Built-in answers for the Task states no mock claims.

Two kinds of layer sit behind the user's mocks, consulted in this order:

- :class:`MemoryServices`: stateful in-memory fakes of the services data pipelines use most
  (DynamoDB, SQS, SNS, EventBridge, S3) and nested Step Functions executions, enabled with
  ``services="memory"``, a list of service names, or an instance you keep to inspect them.
- :class:`Passthrough`: an opt-in pass-through of ``aws-sdk:*`` and optimised integrations to a
  real boto3 session (``passthrough=boto3.Session()``; under moto's ``mock_aws`` everything
  stays local).

A layer answers a task request (the dict the engine hands to the task handler) with the
engine's reply dict, or ``None`` when the task is not its business.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol, Union

from .memory import SERVICE_NAMES, MemoryServices
from .passthrough import Passthrough

Reply = dict[str, Any]

ServicesLike = Union[str, Iterable[str], MemoryServices, None]

__all__ = [
    "SERVICE_NAMES",
    "MemoryServices",
    "Passthrough",
    "ServiceLayer",
    "ServicesLike",
    "memory_services",
    "service_layers",
]


class ServiceLayer(Protocol):
    def answer(self, request: Mapping[str, Any]) -> Reply | None: ...


def memory_services(services: ServicesLike) -> MemoryServices | None:
    """``services=`` as given to ``sfnsim.client``/``run``/``mock_aws``: ``"memory"`` (every
    fake), service names (``["dynamodb", "sqs"]``), a :class:`MemoryServices`, or ``None``."""
    if services is None or isinstance(services, MemoryServices):
        return services
    if isinstance(services, str):
        if services == "memory":
            return MemoryServices()
        return MemoryServices([services])
    return MemoryServices(list(services))


def service_layers(services: ServicesLike, passthrough: Any = None) -> list[ServiceLayer]:
    """The layers consulted after the mocks: in-memory fakes, then the pass-through."""
    layers: list[ServiceLayer] = []
    memory = memory_services(services)
    if memory is not None:
        layers.append(memory)
    if passthrough is not None:
        layers.append(
            passthrough if isinstance(passthrough, Passthrough) else Passthrough(passthrough)
        )
    return layers
