#!/usr/bin/env python3
"""Rebuilds the real-world corpus of state machines outside the project.

Public sample repositories (AWS's own: step-functions-workflows-collection, serverless-patterns,
aws-stepfunctions-examples) hold state machines that were deployed on AWS, so AWS accepts them.
`manifest.tsv` (ours) names each file by repository, path and commit (a fourth column,
"reject: why", marks a file that AWS itself would refuse at that commit); this script reads each
file (from a local mirror with --source, or from GitHub at that commit with --fetch), takes the
definitions out of it (a whole `*.asl.json` or `*.asl.yaml` file, or the definitions of a JSON
CloudFormation/SAM template), fills the template placeholders (`${LambdaArn}`, `${AWS::Region}`,
`{{resolve:...}}`, Serverless Framework's `${self:custom.x}`) with plausible values, and writes one
JSON line per definition to OUT/corpus.jsonl.

Nothing of the corpus is kept in the project: OUT defaults to ~/.cache/sfnsim-corpus
($SFNSIM_CORPUS_DIR overrides). check_corpus.py then validates and runs each definition.

    tools/corpus/build_corpus.py [--source DIR] [--fetch] [--out DIR]

The mirror layout is DIR/<owner>/<repo>/<path>. A file found neither in the mirror nor (with
--fetch) on GitHub is reported and skipped.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = Path(os.environ.get("SFNSIM_CORPUS_DIR", Path.home() / ".cache" / "sfnsim-corpus"))
REGION = "us-east-1"
ACCOUNT = "123456789012"

# ${Name} (SAM DefinitionSubstitutions, Terraform templatefile, CDK), ${AWS::Region} (Fn::Sub),
# ${file(serverless.yml):custom.fooArn} and ${opt:stage, 'dev'} (Serverless Framework variables)
PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9_:.\-]+|[A-Za-z]+:[^{}\"]*|file\([^{}\"]*)\}")
RESOLVE = re.compile(r"\{\{resolve:[^}]*\}\}")


def read_manifest(path: Path) -> list[dict[str, str]]:
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        entry = {"repo": fields[0], "path": fields[1], "commit": fields[2]}
        if len(fields) > 3 and fields[3].strip():
            # "reject: why": the file at that commit cannot deploy (AWS refuses it too).
            entry["expect"] = fields[3].strip()
        entries.append(entry)
    return entries


def read_source(entry: dict[str, str], source: Path | None, fetch: bool) -> str | None:
    if source is not None:
        local = source / entry["repo"] / entry["path"]
        if local.is_file():
            return local.read_text(encoding="utf-8")
    if fetch:
        url = f"https://raw.githubusercontent.com/{entry['repo']}/{entry['commit']}/{entry['path']}"
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (fixed host)
            return response.read().decode("utf-8")
    return None


def _arn_for(name: str) -> str:
    """A plausible ARN for a placeholder whose name says what it names."""
    low = name.lower()
    if "statemachine" in low or "state_machine" in low:
        return f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{name}"
    if "activity" in low:
        return f"arn:aws:states:{REGION}:{ACCOUNT}:activity:{name}"
    if "topic" in low or "sns" in low:
        return f"arn:aws:sns:{REGION}:{ACCOUNT}:{name}"
    if "queue" in low or "sqs" in low:
        return f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"
    if "table" in low:
        return f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{name}"
    if "role" in low:
        return f"arn:aws:iam::{ACCOUNT}:role/{name}"
    if "bucket" in low:
        return f"arn:aws:s3:::{name.lower()}"
    if "bus" in low:
        return f"arn:aws:events:{REGION}:{ACCOUNT}:event-bus/{name}"
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"


# ASL's integer and number fields: an unquoted placeholder there stands for a number.
NUMERIC_FIELDS = frozenset(
    (
        "TimeoutSeconds",
        "HeartbeatSeconds",
        "Seconds",
        "IntervalSeconds",
        "MaxAttempts",
        "BackoffRate",
        "MaxDelaySeconds",
        "MaxConcurrency",
        "ToleratedFailurePercentage",
        "ToleratedFailureCount",
        "MaxItems",
        "MaxItemsPerBatch",
        "MaxInputBytesPerBatch",
    )
)


def placeholder_value(name: str, overrides: dict[str, str], context: str) -> str:
    """The value a deployment would have put in place of ${name}. `context` is the JSON key the
    placeholder's string belongs to ("Resource", "FunctionName", ...), or "" when unknown."""
    if name in overrides:
        return overrides[name]
    # The part after the last ':' names the thing: `AWS::Region`; Serverless Framework variables
    # `${self:provider.region}`, `${aws:accountId}`, `${file(serverless.yml):custom.fooArn}`,
    # `${opt:stage, 'dev'}` (its default).
    words = [w for w in re.split(r"[:\s,()']+", name) if w]
    name = words[-1] if words else name
    low = name.lower()
    last = low.split(".")[-1]
    if last in ("partition", "awspartition", "aws_partition"):
        return "aws"
    if last in ("region", "awsregion", "aws_region"):
        return REGION
    if last in ("accountid", "account", "account_id", "awsaccountid"):
        return ACCOUNT
    if low in ("urlsuffix",):
        return "amazonaws.com"
    # Fn::Sub's `${Logical.Arn}` (GetAtt syntax) names the resource `Logical`.
    if "." in name and name.rsplit(".", 1)[1].lower() in ("arn", "name"):
        name = name.rsplit(".", 1)[0] + name.rsplit(".", 1)[1]
        low = name.lower()
    if context == "Resource":
        if "activity" in low:
            return _arn_for(name)
        return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"
    if context in ("FunctionName",):
        return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"
    if context in ("StateMachineArn",):
        return f"arn:aws:states:{REGION}:{ACCOUNT}:stateMachine:{name}"
    if context in ("TopicArn",):
        return f"arn:aws:sns:{REGION}:{ACCOUNT}:{name}"
    if context in ("QueueUrl",) or "url" in low:
        return f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{name}"
    if low.endswith("arn"):
        return _arn_for(name)
    numeric = ("seconds", "timeout", "count", "limit", "number", "size", "concurrency", "hours")
    if any(word in low for word in numeric) or context in NUMERIC_FIELDS:
        return "5"
    if "bucket" in low:
        return name.lower().replace("_", "-")
    return name


def fill_placeholders(text: str, overrides: dict[str, str]) -> str:
    """Textual substitution, as the deployment tools do it: a placeholder outside a JSON string
    (`"TimeoutSeconds": ${Timeout}`) becomes a number or a quoted string, one inside a string
    the value its key suggests ("Resource", "FunctionName", ...)."""
    starts = {m.start(): m for m in PLACEHOLDER.finditer(text)}
    out: list[str] = []
    in_string = escaped = False
    string_start = 0
    last_string = ""  # the last complete string: the key when followed by ':'
    key = ""
    i = 0
    while i < len(text):
        match = starts.get(i)
        if match is not None:
            # Only a placeholder that is the whole string stands for what its key names (an ARN
            # for "Resource"); one inside a longer string is a part of it (a name, a region).
            whole = (
                in_string and text[i - 1 : i] == '"' and text[match.end() : match.end() + 1] == '"'
            )
            value = placeholder_value(
                match.group(1), overrides, key if whole or not in_string else ""
            )
            # Outside a string a placeholder stands for a JSON value: a number, a literal, or
            # (Terraform's `"Subnets": ${SUBNETS}`) a list or object given in substitutions.json.
            literal = re.fullmatch(r"-?\d+(\.\d+)?|true|false|null", value)
            if not in_string and not literal and not value.startswith(("[", "{")):
                value = json.dumps(value)
            out.append(value)
            i = match.end()
            continue
        c = text[i]
        out.append(c)
        if in_string:
            if escaped:
                escaped = False
            elif c == "\\":
                escaped = True
            elif c == '"':
                in_string = False
                last_string = text[string_start:i]
        elif c == '"':
            in_string = True
            string_start = i + 1
        elif c == ":":
            key = last_string
        elif c in ",{}[]":
            key = ""
        i += 1
    return RESOLVE.sub("resolved-value", "".join(out))


def yaml_as_json(text: str) -> str:
    """A YAML file (`*.asl.yaml`, the form SAM's DefinitionUri also takes) as JSON text, so that
    placeholders are filled the same way. CloudFormation's short tags (`!Sub`, `!GetAtt`) are
    read as the mapping, list or string they tag."""
    import yaml  # only YAML files need it (PyYAML)

    class Loader(yaml.SafeLoader):
        pass

    def untagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
        if isinstance(node, yaml.MappingNode):
            return loader.construct_mapping(node, deep=True)
        if isinstance(node, yaml.SequenceNode):
            return loader.construct_sequence(node, deep=True)
        return loader.construct_scalar(node)

    Loader.add_multi_constructor("!", untagged)
    try:
        return json.dumps(yaml.load(text, Loader=Loader))  # noqa: S506 (SafeLoader subclass)
    except yaml.YAMLError as exc:
        raise ValueError(f"not YAML: {exc}") from exc


# CloudFormation's intrinsic functions, left in a definition file that a deployment tool resolves
# (Serverless Framework's step-functions plugin resolves `{"Fn::GetAtt": [...]}` in
# `definition: ${file(...)}`; CloudFormation does in a template's `Definition`).
INTRINSIC_KEYS = frozenset(("Fn::GetAtt", "Ref", "Fn::Sub", "Fn::Join", "Fn::ImportValue"))


def resolve_intrinsics(node: Any, overrides: dict[str, str], key: str = "") -> Any:
    """`node` with each one-key intrinsic object replaced by the string a deployment would put
    there (an ARN for a "Resource" or "FunctionName", as for ${Name} placeholders)."""
    if isinstance(node, list):
        return [resolve_intrinsics(item, overrides, key) for item in node]
    if not isinstance(node, dict):
        return node
    if len(node) == 1 and next(iter(node)) in INTRINSIC_KEYS:
        ((function, argument),) = node.items()
        if function == "Fn::Join" and isinstance(argument, list) and len(argument) == 2:
            parts = resolve_intrinsics(argument[1], overrides, "")
            return str(argument[0]).join(str(part) for part in parts)
        if function == "Fn::Sub":
            text = argument[0] if isinstance(argument, list) else argument
            return json.loads(fill_placeholders(json.dumps(str(text)), overrides))
        if function == "Fn::GetAtt" and isinstance(argument, list):
            argument = "".join(str(part) for part in argument)
        elif function == "Fn::GetAtt":
            argument = str(argument).replace(".", "")
        return placeholder_value(str(argument), overrides, key)
    return {k: resolve_intrinsics(v, overrides, k) for k, v in node.items()}


def definitions_in(text: str, path: str) -> Iterator[tuple[str, Any]]:
    """(pointer, definition) for each state machine definition in a file's text."""
    document = json.loads(text)
    if isinstance(document, dict) and "States" in document and "StartAt" in document:
        yield "", document
        return
    yield from _template_definitions(document, "")


def _template_definitions(node: Any, pointer: str) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{pointer}/{key}"
            if (
                key in ("Definition", "definition")
                and isinstance(value, dict)
                and "States" in value
            ):
                yield here, value
            elif key in ("DefinitionString", "definitionString") and isinstance(value, str):
                try:
                    parsed = json.loads(value)
                except ValueError:
                    continue
                if isinstance(parsed, dict) and "States" in parsed:
                    yield here, parsed
            else:
                yield from _template_definitions(value, here)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _template_definitions(value, f"{pointer}/{index}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--manifest", type=Path, default=HERE / "manifest.tsv")
    parser.add_argument("--substitutions", type=Path, default=HERE / "substitutions.json")
    parser.add_argument("--source", type=Path, help="local mirror: DIR/<owner>/<repo>/<path>")
    parser.add_argument("--fetch", action="store_true", help="read missing files from GitHub")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    source = args.source or (args.out / "raw")
    overrides = json.loads(args.substitutions.read_text(encoding="utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    written = missing = broken = 0
    with (args.out / "corpus.jsonl").open("w", encoding="utf-8") as out:
        for entry in read_manifest(args.manifest):
            text = read_source(entry, source, args.fetch)
            if text is None:
                missing += 1
                print(f"missing: {entry['repo']} {entry['path']}", file=sys.stderr)
                continue
            try:
                if entry["path"].endswith((".yaml", ".yml")):
                    text = yaml_as_json(text)
                found = list(definitions_in(fill_placeholders(text, overrides), entry["path"]))
            except ValueError as exc:
                broken += 1
                print(f"not JSON after filling: {entry['path']}: {exc}", file=sys.stderr)
                continue
            for pointer, written_as in found:
                definition = resolve_intrinsics(written_as, overrides)
                record = dict(entry, pointer=pointer, definition=definition)
                record["sha256"] = hashlib.sha256(
                    json.dumps(definition, sort_keys=True).encode()
                ).hexdigest()
                out.write(json.dumps(record) + "\n")
                written += 1
    print(f"{written} definitions written to {args.out / 'corpus.jsonl'}", file=sys.stderr)
    print(f"{missing} files missing, {broken} not JSON", file=sys.stderr)
    return 0 if written else 1


if __name__ == "__main__":
    sys.exit(main())
