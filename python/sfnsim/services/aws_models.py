"""botocore's output shapes, for TestState's ``mock.fieldValidationMode``.

The core checks a mocked Task result against the output shape of the API its integration calls
(the rules are in ``cpp/service/mock_validation.h``); the shapes are botocore's, which only
Python has. The core asks for them by the names the Task's resource uses: ``("lambda",
"invoke")``, ``("aws-sdk:s3", "getObject")``, ``("states", "describeExecution")`` for a
``startExecution.sync`` job.

botocore is optional for sfnsim: without it (or without a model of the operation) the answer is
None, and the core says that it cannot check the mock.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from .aws_names import (
    boto_service_name,
    operation_name,
    optimised_api,
    optimised_service_name,
    service_ids_on_disk,
)

# What the core reads of a shape; botocore's documentation and wire details are left out.
_KEPT = ("type", "required", "min", "max", "enum")
_REFERENCES = ("member", "key", "value")


def output_shape(service: str, operation: str) -> dict[str, Any] | None:
    """``{"shape": <root>, "shapes": {<name>: <shape>}}``: the operation's output shape and
    every shape it reaches, in botocore's layout; None when botocore or its model of the
    operation is missing. An operation without output has an empty structure."""
    return _output_shape(service, operation)


@functools.lru_cache(maxsize=512)  # a constant of the installed botocore
def _output_shape(service: str, operation: str) -> dict[str, Any] | None:
    try:
        loader = _loader()
    except ImportError:
        return None
    names = _boto_names(service, operation, loader)
    if names is None:
        return None
    model = loader.load_service_model(names[0], "service-2")
    name = operation_name(names[1], model.get("operations", {}))
    if name is None:
        return None
    output = model["operations"][name].get("output")
    if not isinstance(output, Mapping) or "shape" not in output:
        return {"type": "structure", "members": {}}
    return {"shape": output["shape"], "shapes": _reachable(output["shape"], model["shapes"])}


def _boto_names(service: str, operation: str, loader: Any) -> tuple[str, str] | None:
    """(botocore service, operation) of a resource's service and operation."""
    available = _available(loader)
    if service.startswith("aws-sdk:"):
        boto = boto_service_name(service.split(":", 1)[1], available, service_ids_on_disk)
        return (boto, operation) if boto is not None else None
    renamed = optimised_api(service, operation)
    if renamed is not None:
        return renamed if renamed[0] in available else None
    boto = optimised_service_name(service)
    return (boto, operation) if boto in available else None


def _reachable(root: str, shapes: Mapping[str, Any]) -> dict[str, Any]:
    """The shapes ``root`` reaches (recursive ones included once), trimmed to what the core
    reads."""
    out: dict[str, Any] = {}
    pending = [root]
    while pending:
        name = pending.pop()
        if name in out or name not in shapes:
            continue
        shape = shapes[name]
        kept: dict[str, Any] = {k: shape[k] for k in _KEPT if k in shape}
        refs: list[str] = []
        for key in _REFERENCES:
            if isinstance(shape.get(key), Mapping) and "shape" in shape[key]:
                kept[key] = {"shape": shape[key]["shape"]}
                refs.append(shape[key]["shape"])
        members = shape.get("members")
        if isinstance(members, Mapping):
            kept["members"] = {m: {"shape": ref["shape"]} for m, ref in members.items()}
            refs.extend(ref["shape"] for ref in members.values())
        out[name] = kept
        pending.extend(refs)
    return out


@functools.lru_cache(maxsize=1)
def _loader() -> Any:
    import botocore.session

    return botocore.session.get_session().get_component("data_loader")


@functools.lru_cache(maxsize=1)
def _available(loader: Any) -> frozenset[str]:
    return frozenset(loader.list_available_services("service-2"))
