"""``--template`` and ``--machine``: the commands that read a definition can take it from a SAM
or CloudFormation template, a CDK assembly or a Terraform configuration, instead of a
definition file."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from .common import CliError

if TYPE_CHECKING:
    from ..templates import StateMachines, TemplateStateMachine


def add_template_options(p: Any) -> None:
    group = p.add_argument_group("a state machine of a template (instead of FILE)")
    group.add_argument(
        "--template",
        metavar="TEMPLATE",
        help="a SAM or CloudFormation template (YAML or JSON), a CDK assembly (cdk.out), or a "
        "Terraform configuration (a .tf file or its directory)",
    )
    group.add_argument(
        "--machine",
        metavar="NAME",
        help="the template's state machine: logical id, name, CDK construct id or Terraform "
        "address "
        "(default: the only one)",
    )
    group.add_argument(
        "--parameter",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        help="a template parameter's (or Terraform variable's) value (repeatable)",
    )
    group.add_argument(
        "--substitution",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        help="a value for ${NAME} in a definition, or for a reference (repeatable)",
    )


def _pairs(items: list[str], option: str) -> dict[str, str]:
    out = {}
    for item in items:
        name, equals, value = item.partition("=")
        if not equals or not name:
            raise CliError(f"--{option} takes NAME=VALUE, got {item!r}")
        out[name] = value
    return out


def load(args: argparse.Namespace) -> StateMachines | None:
    """The template's state machines when ``--template`` is given; None otherwise (and a
    CliError for template options given without it, or with a FILE too)."""
    from ..templates import MissingExtra, TemplateError, load_template

    if args.template is None:
        for option in ("machine", "parameter", "substitution"):
            if getattr(args, option):
                raise CliError(f"--{option} goes with --template")
        return None
    files = getattr(args, "files", None) or ([args.file] if getattr(args, "file", None) else [])
    if files:
        raise CliError("give a definition FILE or --template, not both")
    try:
        return load_template(
            args.template,
            parameters=_pairs(args.parameter, "parameter"),
            substitutions=_pairs(args.substitution, "substitution"),
        )
    except (TemplateError, MissingExtra) as exc:
        raise CliError(str(exc)) from None


def selected(args: argparse.Namespace, machines: StateMachines) -> list[TemplateStateMachine]:
    """The ``--machine`` asked for; without one, every machine of the template (validate
    checks them all; the other commands ask for one first, see ``machine``)."""
    from ..templates import TemplateError

    try:
        if args.machine:
            return [machines.find(args.machine)]
        return [machines[key] for key in machines]
    except TemplateError as exc:
        raise CliError(str(exc)) from None


def machine(args: argparse.Namespace) -> TemplateStateMachine | None:
    """The one state machine ``--template`` (and ``--machine``) name, or None without
    ``--template``."""
    machines = load(args)
    if machines is None:
        return None
    if not args.machine and len(machines) != 1:
        listed = ", ".join(machines) or "none"
        raise CliError(
            f"{args.template} has {len(machines)} state machines: "
            f"name one with --machine ({listed})"
        )
    return selected(args, machines)[0]


def label(args: argparse.Namespace, chosen: TemplateStateMachine) -> str:
    """How messages name the definition: ``template.yaml (OrderFlow)``."""
    return f"{args.template} ({chosen.logical_id})"
