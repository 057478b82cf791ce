"""``load_template``: the state machines of a SAM or CloudFormation template, or of a CDK
cloud assembly (``cdk.out``), with their definitions resolved."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

from .cfn_yaml import load_yaml
from .definitions import definition_text, parse, substitute
from .intrinsics import Resolver, text_of
from .model import StateMachines, TemplateError, TemplateStateMachine
from .resources import TYPES, Env, physical_name
from .terraform import is_terraform, load_terraform

PathLike = Union[str, "os.PathLike[str]"]
MACHINE_TYPES = ("AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine")
DEFAULT_REGION = "us-east-1"
DEFAULT_ACCOUNT = "123456789012"
_MAX_NESTING = 5  # CloudFormation allows deeper nesting; CDK apps rarely go past two


def load_template(
    path: PathLike,
    *,
    substitutions: Mapping[str, Any] | None = None,
    parameters: Mapping[str, Any] | None = None,
    region: str | None = None,
    account_id: str | None = None,
    stack_name: str | None = None,
) -> StateMachines:
    """The state machines of the template at ``path`` by logical id.

    ``path`` is a SAM or CloudFormation template (YAML, with the short forms ``!Sub``,
    ``!Ref``, ``!GetAtt``, ...; or JSON), or a CDK cloud assembly directory (``cdk.out``, or
    its ``manifest.json``). Each definition is resolved as a deployment would resolve it:
    ``Definition``, ``DefinitionString`` or ``DefinitionUri`` (a local file, relative to the
    template), then ``DefinitionSubstitutions``. Intrinsic functions see ``parameters`` (else
    each parameter's ``Default``), the pseudo parameters of ``region``, ``account_id`` and
    ``stack_name``, and the template's resources, whose ``Ref`` and ``Fn::GetAtt`` give
    plausible names and ARNs for their type. ``substitutions`` give or override values by
    name: a ``${key}`` of the definition, a ``Ref`` target, ``"Resource.Attribute"``.

    A machine whose definition keeps a placeholder without a value raises
    :class:`sfnsim.TemplateError` naming each (and where it is) when it is looked up; so does
    a definition kept in S3. YAML needs PyYAML (``pip install 'sfnsim[templates]'``).
    """
    source = Path(path)
    options = _Options(dict(substitutions or {}), dict(parameters or {}), region, account_id)
    if is_terraform(source) and not (source.is_dir() and (source / "manifest.json").exists()):
        return load_terraform(
            source,
            substitutions=options.substitutions,
            parameters=options.parameters,
            region=region,
            account_id=account_id,
            default_region=DEFAULT_REGION,
            default_account=DEFAULT_ACCOUNT,
        )
    if source.is_dir() or source.name == "manifest.json":
        return _load_assembly(source if source.is_dir() else source.parent, options, stack_name)
    body = read_template(source)
    env = Env(
        region or DEFAULT_REGION,
        account_id or DEFAULT_ACCOUNT,
        stack_name or _stack_name_from(source),
    )
    return StateMachines(_machines(body, env, options, source, {}), source)


@dataclass
class _Options:
    substitutions: dict[str, Any]
    parameters: dict[str, Any]
    region: str | None
    account_id: str | None


def read_template(source: Path) -> dict[str, Any]:
    """A template file's body: JSON, or YAML with CloudFormation's tags."""
    try:
        text = source.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise TemplateError(f"cannot read {source}: {exc.strerror or exc}") from None
    try:
        if source.suffix.lower() == ".json" or text.lstrip().startswith("{"):
            body = json.loads(text)
        else:
            body = load_yaml(text, str(source))
    except ValueError as exc:
        raise TemplateError(f"{source} is not a template: {exc}") from None
    if not isinstance(body, dict) or not isinstance(body.get("Resources"), dict):
        raise TemplateError(f"{source} is not a CloudFormation template (it has no Resources)")
    return body


def _stack_name_from(source: Path) -> str:
    """A stack name for a template deployed without one named: its project directory's name,
    as ``sam init`` names the stack after the project (``sam-app``)."""
    folder = source.resolve().parent.name
    name = re.sub(r"[^A-Za-z0-9-]", "-", folder).strip("-")
    return name if name[:1].isalpha() else f"stack-{name}".rstrip("-")


def _machines(
    body: dict[str, Any],
    env: Env,
    options: _Options,
    source: Path,
    assets: Mapping[str, Path],
) -> dict[str, TemplateStateMachine | TemplateError]:
    """Each state machine of the template, or the error that keeps it from resolving."""
    resolver = Resolver(body, env, options.parameters, options.substitutions)
    machines: dict[str, TemplateStateMachine | TemplateError] = {}
    for logical_id, resource in body["Resources"].items():
        if not isinstance(resource, dict) or resource.get("Type") not in MACHINE_TYPES:
            continue
        condition = resource.get("Condition")
        where = f"Resources/{logical_id}/Condition"
        if isinstance(condition, str) and not resolver.condition(condition, where):
            continue  # not created in this deployment
        try:
            machines[logical_id] = _machine(logical_id, resource, resolver, options, source, assets)
        except TemplateError as exc:
            machines[logical_id] = exc
    return machines


def _machine(
    logical_id: str,
    resource: dict[str, Any],
    resolver: Resolver,
    options: _Options,
    source: Path,
    assets: Mapping[str, Path],
) -> TemplateStateMachine:
    sam = resource["Type"] == "AWS::Serverless::StateMachine"
    props = resource.get("Properties")
    props = props if isinstance(props, dict) else {}
    where = f"Resources/{logical_id}/Properties"
    resolver.problems = []
    text, from_file = definition_text(logical_id, props, resolver, source.parent, assets, sam=sam)
    declared = resolver.resolve(
        props.get("DefinitionSubstitutions") or {}, f"{where}/DefinitionSubstitutions"
    )
    substitutions = {
        str(k): text_of(v) for k, v in (declared if isinstance(declared, dict) else {}).items()
    }
    substitutions.update({k: text_of(v) for k, v in options.substitutions.items()})
    type_value = resolver.resolve(props.get("Type" if sam else "StateMachineType"), f"{where}/Type")
    role_key = "Role" if sam else "RoleArn"
    role: Any = resolver.resolve(props.get(role_key), f"{where}/{role_key}")
    if role is None and sam:
        role = resolver.implicit_role_arn(logical_id)
    name = resolver.physical_name(logical_id)
    if resolver.problems:
        raise _problems(logical_id, resolver.problems)
    definition = parse(substitute(text, substitutions, logical_id), from_file, logical_id, where)
    metadata = resource.get("Metadata")
    construct = metadata.get("aws:cdk:path") if isinstance(metadata, dict) else None
    arn = TYPES["AWS::StepFunctions::StateMachine"].ref(name, resolver.env, props)
    return TemplateStateMachine(
        logical_id=logical_id,
        name=name,
        definition=definition,
        type=text_of(type_value).upper() if type_value is not None else None,
        role_arn=text_of(role) if role is not None else None,
        arn=str(arn),
        stack_name=resolver.env.stack_name,
        template=source,
        construct_path=construct if isinstance(construct, str) else None,
        substitutions=substitutions,
    )


def _problems(logical_id: str, problems: list[tuple[str, str]]) -> TemplateError:
    listed = "; ".join(f"{what} (at {where})" for what, where in problems)
    return TemplateError(
        f"{logical_id}: references without a value: {listed}; give their values as "
        "parameters or substitutions",
        list(problems),
    )


# -- CDK cloud assemblies --------------------------------------------------------------------


def _load_assembly(folder: Path, options: _Options, stack_name: str | None) -> StateMachines:
    """Every stack of a cloud assembly (nested assemblies of CDK stages too). A logical id
    found in two stacks is keyed ``Stack/LogicalId``."""
    found: list[tuple[str, str, TemplateStateMachine | TemplateError]] = []
    _read_assembly(folder, options, stack_name, found)
    counts: dict[str, int] = {}
    for _, lid, _ in found:
        counts[lid] = counts.get(lid, 0) + 1
    entries = {(lid if counts[lid] == 1 else f"{stack}/{lid}"): item for stack, lid, item in found}
    return StateMachines(entries, folder)


def _read_assembly(
    folder: Path,
    options: _Options,
    stack_name: str | None,
    found: list[tuple[str, str, Any]],
) -> None:
    manifest_path = folder / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TemplateError(
            f"{folder} is no CDK cloud assembly: cannot read {manifest_path}: {exc.strerror or exc}"
        ) from None
    except ValueError as exc:
        raise TemplateError(f"{manifest_path} is not JSON: {exc}") from None
    artifacts = manifest.get("artifacts") if isinstance(manifest, dict) else None
    artifacts = artifacts if isinstance(artifacts, dict) else {}
    for artifact_id, artifact in artifacts.items():
        if not isinstance(artifact, dict):
            continue
        props = artifact.get("properties") or {}
        if artifact.get("type") == "cdk:cloud-assembly" and props.get("directoryName"):
            _read_assembly(folder / props["directoryName"], options, stack_name, found)
        if artifact.get("type") != "aws:cloudformation:stack" or not props.get("templateFile"):
            continue
        stack = stack_name or props.get("stackName") or artifact_id
        account, region = _environment(artifact.get("environment"))
        env = Env(
            options.region or region or DEFAULT_REGION,
            options.account_id or account or DEFAULT_ACCOUNT,
            stack,
        )
        assets = _assets(folder, artifacts, artifact_id)
        _read_stack(folder / props["templateFile"], env, options, assets, found)


def _read_stack(
    template: Path,
    env: Env,
    options: _Options,
    assets: Mapping[str, Path],
    found: list[tuple[str, str, Any]],
    depth: int = 0,
) -> None:
    """A stack's machines, and those of its nested stacks (CDK's ``NestedStack``: an
    ``AWS::CloudFormation::Stack`` whose template is the file ``aws:asset:path`` names). A
    nested stack gets its parameters from the parent's ``Parameters``, evaluated there, and a
    name as CloudFormation generates it."""
    body = read_template(template)
    machines = _machines(body, env, options, template, assets)
    found.extend((env.stack_name, lid, item) for lid, item in machines.items())
    if depth >= _MAX_NESTING:
        return
    resolver = Resolver(body, env, options.parameters, options.substitutions)
    for logical_id, resource in body["Resources"].items():
        if not isinstance(resource, dict) or resource.get("Type") != "AWS::CloudFormation::Stack":
            continue
        metadata = resource.get("Metadata")
        asset = metadata.get("aws:asset:path") if isinstance(metadata, dict) else None
        nested = template.parent / str(asset)
        if not isinstance(asset, str) or not nested.is_file():
            continue
        where = f"Resources/{logical_id}/Properties/Parameters"
        props = resource.get("Properties")
        given = resolver.resolve(props.get("Parameters") if isinstance(props, dict) else {}, where)
        passed = {str(k): text_of(v) for k, v in (given if isinstance(given, dict) else {}).items()}
        nested_env = Env(env.region, env.account_id, physical_name(None, logical_id, env))
        nested_options = _Options(
            options.substitutions,
            {**options.parameters, **passed},
            options.region,
            options.account_id,
        )
        _read_stack(nested, nested_env, nested_options, assets, found, depth + 1)


def _environment(value: Any) -> tuple[str | None, str | None]:
    """(account, region) of ``aws://123456789012/eu-west-1``; None for CDK's ``unknown-*``."""
    if not isinstance(value, str) or not value.startswith("aws://"):
        return None, None
    account, _, region = value[len("aws://") :].partition("/")
    return (
        None if account.startswith("unknown") else account,
        None if region.startswith("unknown") else region,
    )


def _assets(folder: Path, artifacts: Mapping[str, Any], stack_id: str) -> dict[str, Path]:
    """The files a stack's asset manifest uploads, by their S3 object key: a definition CDK
    put in S3 (``DefinitionBody.fromFile``) is one of them, kept beside the template."""
    out: dict[str, Path] = {}
    for artifact in artifacts.values():
        if not isinstance(artifact, dict) or artifact.get("type") != "cdk:asset-manifest":
            continue
        file = (artifact.get("properties") or {}).get("file")
        if not file or not str(file).startswith(stack_id):
            continue
        try:
            assets = json.loads((folder / file).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for asset in (assets.get("files") or {}).values():
            source = (asset.get("source") or {}).get("path")
            for destination in (asset.get("destinations") or {}).values():
                key = destination.get("objectKey")
                if source and key:
                    out[str(key)] = folder / source
    return out
