"""State machines where users keep them: SAM and CloudFormation templates, CDK assemblies.

``sfnsim.load_template(path)`` returns a template's state machines by logical id, each a
:class:`TemplateStateMachine` with its definition resolved (docs/templates.md)."""

from __future__ import annotations

from .loader import load_template
from .model import (
    MissingExtra,
    StateMachines,
    TemplateError,
    TemplateStateMachine,
    UnknownStateMachine,
)

__all__ = [
    "MissingExtra",
    "StateMachines",
    "TemplateError",
    "TemplateStateMachine",
    "UnknownStateMachine",
    "load_template",
]
