"""A state machine resource's definition, built as CloudFormation's Step Functions resource
provider builds it (aws-cloudformation-resource-providers-stepfunctions,
``DefinitionProcessor``), then checked for placeholders left over.

| property | what becomes the definition text |
|---|---|
| ``Definition`` (object) | the object, intrinsic functions evaluated, written as JSON (SAM: |
| | each function's value as a string, as SAM passes it through a substitution) |
| ``DefinitionString`` | the string (``Fn::Sub``, ``Fn::Join``, ... evaluated) |
| ``DefinitionUri`` (SAM) | the file's text, a local path read relative to the template |
| ``DefinitionS3Location`` | a CDK asset's file in the assembly; any other S3 object: an error |

Then each ``${key}`` of ``DefinitionSubstitutions`` (and of the caller's ``substitutions``) is
replaced in the text, repeatedly, as ``StringUtils.replaceEachRepeatedly`` does: a value may
itself hold a placeholder. The text is read as JSON; a file's text that is not JSON is read as
YAML, as the provider does for an S3 definition. A ``${...}`` left over is an error naming it:
AWS would deploy it as written, where it is almost always a substitution forgotten.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .cfn_yaml import load_yaml
from .intrinsics import NO_VALUE, Resolver, is_intrinsic, text_of
from .model import TemplateError

PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")
SOURCES = ("Definition", "DefinitionString", "DefinitionUri", "DefinitionS3Location")


def definition_text(
    logical_id: str,
    props: Mapping[str, Any],
    resolver: Resolver,
    base: Path,
    assets: Mapping[str, Path],
    *,
    sam: bool = False,
) -> tuple[str, bool]:
    """The definition's text before substitution, and whether it came from a file (which may
    be YAML)."""
    where = f"Resources/{logical_id}/Properties"
    given = [key for key in SOURCES if key in props]
    if len(given) != 1:
        problem = "has none of" if not given else "has more than one of"
        raise TemplateError(f"{logical_id} {problem} {', '.join(SOURCES)}")
    key = given[0]
    location = f"{where}/{key}"
    if key == "Definition":
        if sam:
            definition = _sam_definition(props[key], resolver, location)
        else:
            definition = resolver.resolve(props[key], location)
        return json.dumps(definition, indent=2, ensure_ascii=False), False
    if key == "DefinitionString":
        return text_of(resolver.resolve(props[key], location)), False
    uri = resolver.resolve(props[key], location)
    s3 = _s3_location(uri)
    if s3 is not None:
        asset = assets.get(s3[1])
        if asset is None:
            raise TemplateError(
                f"{logical_id}: {key} is in S3 (s3://{s3[0]}/{s3[1]}), which sfnsim does not "
                "read: give a local file path (DefinitionUri: statemachine/flow.asl.json), "
                f"or the definition itself ({location})"
            )
        return _read(asset, logical_id), True
    path = base / text_of(uri)
    return _read(path, logical_id), True


def _sam_definition(value: Any, resolver: Resolver, location: str) -> Any:
    """A SAM ``Definition``: SAM replaces each intrinsic function in it by a
    ``${definition_substitution_N}`` string and passes the function's value as a
    DefinitionSubstitution, so the value lands as text in a JSON string (samtranslator's
    StateMachineGenerator)."""
    if is_intrinsic(value):
        resolved = resolver.resolve(value, location)
        return resolved if resolved is NO_VALUE else text_of(resolved)
    if isinstance(value, dict):
        out = {k: _sam_definition(v, resolver, f"{location}/{k}") for k, v in value.items()}
        return {k: v for k, v in out.items() if v is not NO_VALUE}
    if isinstance(value, list):
        items = [_sam_definition(v, resolver, f"{location}/{i}") for i, v in enumerate(value)]
        return [v for v in items if v is not NO_VALUE]
    return resolver.resolve(value, location)


def _s3_location(uri: Any) -> tuple[str, str] | None:
    """(bucket, key) of an S3 location, as an object or an ``s3://`` URI."""
    if isinstance(uri, dict):
        return text_of(uri.get("Bucket", "")), text_of(uri.get("Key", ""))
    text = text_of(uri)
    if text.startswith("s3://"):
        bucket, _, key = text[len("s3://") :].partition("/")
        return bucket, key.split("?", 1)[0]
    return None


def _read(path: Path, logical_id: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise TemplateError(
            f"{logical_id}: cannot read its definition {path}: {exc.strerror or exc}"
        ) from None


def substitute(text: str, substitutions: Mapping[str, str], logical_id: str) -> str:
    """Every ``${key}`` replaced by its value, again and again while one is replaced (a
    value that brings its own key back is an error, as it is for the provider)."""
    if not substitutions:
        return text
    for _ in range(64):
        replaced = PLACEHOLDER.sub(lambda m: substitutions.get(m.group(1), m.group(0)), text)
        if replaced == text:
            return text
        text = replaced
    raise TemplateError(f"{logical_id}: DefinitionSubstitutions refer to each other in a cycle")


def parse(text: str, from_file: bool, logical_id: str, source: str) -> dict[str, Any]:
    """The definition object, with a TemplateError naming any placeholder left over."""
    from ..definition_json import definition_value

    try:
        value = definition_value(text)
    except ValueError as json_error:
        left = _left_in_text(text)
        if left:
            raise _unresolved(logical_id, source, left) from None
        if not from_file:
            raise TemplateError(f"{logical_id}: its definition is not JSON: {json_error}") from None
        value = load_yaml(text, f"{logical_id}'s definition ({source})")
    if not isinstance(value, dict):
        raise TemplateError(f"{logical_id}: its definition is not a JSON object")
    left = list(_left_in_value(value, ""))
    if left:
        raise _unresolved(logical_id, source, left)
    return value


def _unresolved(logical_id: str, source: str, left: list[tuple[str, str]]) -> TemplateError:
    names = ", ".join(f"${{{name}}} at {where}" for name, where in left)
    return TemplateError(
        f"{logical_id}: placeholders without a value in its definition ({source}): {names}; "
        "give them in DefinitionSubstitutions or as substitutions",
        left,
    )


def _left_in_text(text: str) -> list[tuple[str, str]]:
    out = []
    for found in PLACEHOLDER.finditer(text):
        line = text.count("\n", 0, found.start()) + 1
        column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
        out.append((found.group(1), f"line {line}, column {column}"))
    return out


def _left_in_value(value: Any, pointer: str) -> Any:
    if isinstance(value, dict):
        for key, item in value.items():
            escaped = str(key).replace("~", "~0").replace("/", "~1")
            yield from _left_in_value(item, f"{pointer}/{escaped}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _left_in_value(item, f"{pointer}/{i}")
    elif isinstance(value, str):
        for found in PLACEHOLDER.finditer(value):
            yield found.group(1), pointer or "/"
