"""Task parameters to boto3 arguments, and boto3 results back to what Step Functions returns.

Both walk the operation's botocore shapes. In: members are matched case-insensitively
(Step Functions takes PascalCase, some services model camelCase; ``EqualsValue`` stands for
``Equals``), a JSON value given where the service takes a string or a payload is sent as its
compact JSON text (recorded: ``sfn:startExecution`` with an object ``Input``; a streamed body
is JSON text even for a string, see ``_blob_in``), a null member is left out. Out:
``ResponseMetadata`` dropped, structure members capitalised and sorted, timestamps as ISO-8601
UTC text (AWS SDK integrations) or epoch milliseconds (optimised ones, on the Java 1.x SDK),
streamed and payload bodies as text, other blobs base64.
"""

from __future__ import annotations

import base64
import binascii
import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ._common import compact

_MAX_DEPTH = 200  # shapes can be recursive; JSON input is bounded by the engine anyway


def _payload_member(shape: Any) -> str | None:
    return shape.serialization.get("payload") if shape is not None else None


def to_boto(value: Any, shape: Any, *, is_payload: bool = False, depth: int = 0) -> Any:
    """``value`` (task parameters) as botocore accepts it for ``shape``."""
    if shape is None or depth > _MAX_DEPTH:
        return value
    kind = shape.type_name
    if kind == "structure" and isinstance(value, Mapping):
        members = shape.members
        by_lower = {name.lower(): name for name in members}
        payload = _payload_member(shape)
        out: dict[str, Any] = {}
        for key, item in value.items():
            if item is None:
                continue  # the Java SDK sends no null member: the service reports it missing
            name = by_lower.get(str(key).lower())
            if name is None and str(key).endswith("Value"):
                name = by_lower.get(str(key)[: -len("Value")].lower())
            if name is None:
                out[key] = item  # botocore reports the unknown parameter
                continue
            out[name] = to_boto(item, members[name], is_payload=name == payload, depth=depth + 1)
        return out
    if kind == "list" and isinstance(value, list):
        return [to_boto(v, shape.member, depth=depth + 1) for v in value]
    if kind == "map" and isinstance(value, Mapping):
        return {k: to_boto(v, shape.value, depth=depth + 1) for k, v in value.items()}
    if kind == "string" and not isinstance(value, str) and value is not None:
        return compact(value)
    if kind == "blob" and value is not None:
        return _blob_in(
            value, streaming=bool(shape.serialization.get("streaming")), is_payload=is_payload
        )
    return value


def _blob_in(value: Any, *, streaming: bool, is_payload: bool) -> bytes:
    """A streamed body (``s3:putObject``'s ``Body``) is always the value's JSON text, a string
    included: AWS stored ``"text data"`` with its quotes (recorded ETags). Another payload
    (``lambda:invoke``'s ``Payload``) is a string as written, JSON text otherwise. Any other
    blob is base64 text, as the same field comes out of a previous task (``kms:encrypt`` then
    ``kms:decrypt``)."""
    if streaming or not isinstance(value, str):
        return compact(value).encode()
    if not is_payload:
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            pass
    return value.encode()


def iso_instant(value: datetime.datetime) -> str:
    """``java.time.Instant.toString()``: UTC, the fraction in groups of three digits as needed."""
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    micros = value.microsecond
    if micros:
        text += f".{micros // 1000:03d}" if micros % 1000 == 0 else f".{micros:06d}"
    return text + "Z"


def epoch_millis(value: datetime.datetime) -> int:
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return int(round(value.timestamp() * 1000))


def from_boto(
    value: Any, shape: Any, *, optimised: bool, is_payload: bool = False, depth: int = 0
) -> Any:
    """A boto3 result value rendered as Step Functions returns it."""
    if depth > _MAX_DEPTH:
        return None
    if hasattr(value, "read"):  # a StreamingBody
        value = value.read()
    if isinstance(value, (bytes, bytearray)):
        streamed = is_payload or (shape is not None and bool(shape.serialization.get("streaming")))
        if streamed:
            return bytes(value).decode("utf-8", "replace")
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime.datetime):
        return epoch_millis(value) if optimised else iso_instant(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    kind = shape.type_name if shape is not None else None
    if isinstance(value, Mapping):
        if kind == "structure":
            members = shape.members
            payload = _payload_member(shape)
            # Step Functions writes a response's properties in alphabetical order (recorded:
            # Count, Items, ScannedCount); maps keep theirs.
            out = {
                _capitalised(k): from_boto(
                    v,
                    members.get(k),
                    optimised=optimised,
                    is_payload=k == payload,
                    depth=depth + 1,
                )
                for k, v in value.items()
                if k != "ResponseMetadata"
            }
            return {k: out[k] for k in sorted(out)}
        inner = shape.value if kind == "map" else None
        return {
            k: from_boto(v, inner, optimised=optimised, depth=depth + 1) for k, v in value.items()
        }
    if isinstance(value, (list, tuple)):
        inner = shape.member if kind == "list" else None
        return [from_boto(v, inner, optimised=optimised, depth=depth + 1) for v in value]
    return value


def _capitalised(key: str) -> str:
    return key[:1].upper() + key[1:]
