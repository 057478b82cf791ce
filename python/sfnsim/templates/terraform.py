"""The state machines of a Terraform configuration: its ``aws_sfn_state_machine`` resources and
its ``terraform-aws-modules/step-functions/aws`` module blocks, their definitions evaluated as
``terraform plan`` would (``terraform_eval``).

A ``.tf`` file stands for its directory: Terraform reads every ``.tf`` file of a directory as
one module. Variables take ``parameters``, else ``terraform.tfvars`` and ``*.auto.tfvars``
(later ones win, as in Terraform), else their ``default``. The region is the ``aws`` provider's
``region`` when it evaluates (else ``region``, else ``us-east-1``).

The blocks read, and the name, type and role each gives, are tabled in docs/templates.md
("Terraform").

A block whose ``count`` is 0 (or ``create = false`` for the module) is not deployed, so not
there.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import hcl
from .definitions import parse, substitute
from .model import StateMachines, TemplateError, TemplateStateMachine
from .resources import TYPES, Env
from .terraform_eval import Evaluator, Module, text, truth
from .tf_resources import generated_name

MACHINE = "aws_sfn_state_machine"
STEP_FUNCTIONS_MODULE = "terraform-aws-modules/step-functions/aws"


def is_terraform(path: Path) -> bool:
    if path.is_dir():
        return any(path.glob("*.tf"))
    return path.suffix == ".tf"


def read_module(folder: Path) -> Module:
    module = Module(folder)
    files = sorted(folder.glob("*.tf"))
    if not files:
        raise TemplateError(f"{folder} has no Terraform files (*.tf)")
    for file in files:
        body = hcl.parse_file(_read(file), file.name)
        for block in body.blocks:
            _add(module, block)
    tfvars = [folder / "terraform.tfvars"] + sorted(folder.glob("*.auto.tfvars"))
    for file in tfvars:
        if file.is_file():
            module.tfvars.update(hcl.parse_file(_read(file), file.name).attributes)
    return module


def _read(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise TemplateError(f"cannot read {file}: {exc.strerror or exc}") from None


def _add(module: Module, block: hcl.Block) -> None:
    labels = block.labels
    if block.type == "variable" and labels:
        module.variables[labels[0]] = block
    elif block.type == "locals":
        module.locals.update(block.attributes)
    elif block.type == "resource" and len(labels) == 2:
        module.resources[(labels[0], labels[1])] = block
    elif block.type == "data" and len(labels) == 2:
        module.data[(labels[0], labels[1])] = block
    elif block.type == "module" and labels:
        module.modules[labels[0]] = block
    elif block.type == "provider" and labels == ["aws"]:
        module.providers.append(block)
    elif block.type == "output" and labels:
        module.outputs[labels[0]] = block


def load_terraform(
    path: Path,
    *,
    substitutions: Mapping[str, Any],
    parameters: Mapping[str, Any],
    region: str | None,
    account_id: str | None,
    default_region: str,
    default_account: str,
) -> StateMachines:
    folder = path if path.is_dir() else path.parent
    module = read_module(folder)
    env = Env(region or default_region, account_id or default_account, folder.resolve().name)
    if region is None:
        env = Env(
            _provider_region(module, env, parameters, substitutions) or env.region,
            env.account_id,
            env.stack_name,
        )
    entries: dict[str, TemplateStateMachine | TemplateError] = {}
    for (tf_type, name), block in module.resources.items():
        if tf_type == MACHINE:
            _collect(
                entries, f"{MACHINE}.{name}", block, module, env, parameters, substitutions, path
            )
    for name, block in module.modules.items():
        source = block.attributes.get("source")
        if isinstance(source, hcl.Template) and source.source.split("?")[0].rstrip("/").startswith(
            STEP_FUNCTIONS_MODULE
        ):
            _collect(entries, f"module.{name}", block, module, env, parameters, substitutions, path)
    return StateMachines(entries, path)


def _provider_region(
    module: Module, env: Env, parameters: Mapping[str, Any], substitutions: Mapping[str, Any]
) -> str | None:
    """The default ``aws`` provider's region (one without ``alias``), when it has a value."""
    for block in module.providers:
        if "alias" in block.attributes or "region" not in block.attributes:
            continue
        ev = Evaluator(module, env, parameters, substitutions)
        try:
            value = ev.value(block.attributes["region"], "provider.aws/region")
        except TemplateError:
            return None
        return value if isinstance(value, str) and not ev.problems else None
    return None


def _collect(
    entries: dict[str, TemplateStateMachine | TemplateError],
    address: str,
    block: hcl.Block,
    module: Module,
    env: Env,
    parameters: Mapping[str, Any],
    substitutions: Mapping[str, Any],
    path: Path,
) -> None:
    """One entry per instance Terraform creates: ``count`` makes ``x[0]``, ``x[1]``, ...;
    ``for_each`` makes ``x["key"]`` with ``each.key``/``each.value``; none when ``count`` is 0
    (or the module's ``create`` is false). A count or for_each without a value is read as one
    instance, so that the definition's own error names what is missing."""
    probe = Evaluator(module, env, parameters, substitutions)
    try:
        instances = _instances(probe, block, address, address.startswith("module."))
    except TemplateError as exc:
        entries[address] = exc
        return
    for instance, scope in instances:
        ev = Evaluator(module, env, parameters, substitutions)
        try:
            entries[instance] = _machine(ev, instance, block, path, scope)
        except TemplateError as exc:
            entries[instance] = exc


def _instances(
    ev: Evaluator, block: hcl.Block, address: str, is_module: bool
) -> list[tuple[str, dict[str, Any]]]:
    def known(argument: str) -> tuple[bool, Any]:
        saved = list(ev.problems)
        value = ev.value(block.attributes[argument], f"{address}/{argument}")
        unknown = len(ev.problems) > len(saved)
        ev.problems = saved
        return not unknown, value

    single = [(address, {"count": {"index": 0}, "each": {"key": None, "value": None}})]
    attrs = block.attributes
    if is_module and "create" in attrs:
        ok, value = known("create")
        if ok and not truth(value):
            return []
    if "for_each" in attrs:
        ok, value = known("for_each")
        if not ok:
            return single
        items = sorted(value.items()) if isinstance(value, dict) else [(v, v) for v in value]
        return [
            (f"{address}[{json.dumps(key)}]", {"each": {"key": key, "value": item}})
            for key, item in items
        ]
    if "count" in attrs:
        ok, value = known("count")
        if not ok:
            return single
        return [(f"{address}[{i}]", {"count": {"index": i}}) for i in range(int(value))]
    return single


def _machine(
    ev: Evaluator, address: str, block: hcl.Block, path: Path, scope: dict[str, Any]
) -> TemplateStateMachine:
    is_module = address.startswith("module.")
    attrs = block.attributes

    def get(name: str) -> Any:
        return ev.value(attrs[name], f"{address}/{name}", scope) if name in attrs else None

    if "definition" not in attrs:
        raise TemplateError(f"{address} has no definition")
    definition_text = get("definition")
    if not isinstance(definition_text, str):
        raise TemplateError(
            f"{address}: its definition is a {type(definition_text).__name__}, not text "
            "(jsonencode() it)"
        )
    name = get("name")
    if name is None and "name_prefix" in attrs:
        name = generated_name(address, text(get("name_prefix"), address))
    name = text(name, address) if name is not None else generated_name(address)
    type_value = get("type")
    machine_type = text(type_value, address).upper() if type_value is not None else None
    role = _module_role(ev, address, attrs, get, name) if is_module else get("role_arn")
    if is_module and machine_type is None:
        machine_type = "STANDARD"
    if ev.problems:
        listed = "; ".join(f"{what} (at {where})" for what, where in ev.problems)
        raise TemplateError(
            f"{address}: references without a value: {listed}; give their values as "
            "parameters (variables) or substitutions (by reference: "
            "'aws_lambda_function.charge.arn')",
            list(ev.problems),
        )
    caller = {
        k: text(v, address) for k, v in ev.substitutions.items() if not isinstance(v, (dict, list))
    }
    definition = parse(
        substitute(definition_text, caller, address), False, address, f"{address}/definition"
    )
    arn = TYPES["AWS::StepFunctions::StateMachine"].ref(name, ev.env, {})
    return TemplateStateMachine(
        logical_id=address,
        name=name,
        definition=definition,
        type=machine_type,
        role_arn=text(role, address) if role is not None else None,
        arn=str(arn),
        stack_name=ev.env.stack_name,
        template=path,
        construct_path=None,
        substitutions=caller,
    )


def _module_role(ev: Evaluator, address: str, attrs: Mapping[str, Any], get: Any, name: str) -> Any:
    """The step-functions module's role: ``role_arn`` with ``use_existing_role``, else the
    role it creates, ``role_name`` (default: the machine's name) under ``role_path``."""
    if "use_existing_role" in attrs and truth(get("use_existing_role")):
        return get("role_arn")
    if "create_role" in attrs and not truth(get("create_role")):
        return get("role_arn")
    role_name = get("role_name") or name
    role_path = get("role_path") or "/"
    return f"arn:{ev.env.partition}:iam::{ev.env.account_id}:role{role_path}{role_name}"


def _is_step_functions(source: str) -> bool:
    return source.split("?")[0].rstrip("/").startswith(STEP_FUNCTIONS_MODULE)


def step_functions_output(
    ev: Evaluator, name: str, block: hcl.Block, source: str, output: str
) -> Any:
    """The step-functions module's outputs that name its machine (its outputs.tf)."""
    if not _is_step_functions(source) or output not in (
        "state_machine_arn",
        "state_machine_id",
        "state_machine_name",
    ):
        return None
    given = (
        ev.value(block.attributes["name"], f"module.{name}/name")
        if "name" in block.attributes
        else ""
    )
    machine = text(given, f"module.{name}")
    if output == "state_machine_name":
        return machine
    return TYPES["AWS::StepFunctions::StateMachine"].ref(machine, ev.env, {})
