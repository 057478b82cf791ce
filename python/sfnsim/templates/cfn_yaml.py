"""Reading CloudFormation's YAML: the short forms of the intrinsic functions (``!Sub``,
``!GetAtt A.B``, ...) become their long JSON forms, as CloudFormation reads them.

PyYAML is an optional dependency (``sfnsim[templates]``), imported only when a YAML template or
definition is read."""

from __future__ import annotations

from typing import Any

from .model import MissingExtra

EXTRA_HINT = "reading YAML templates needs PyYAML: pip install 'sfnsim[templates]'"

# The tags whose long form is not ``Fn::<Tag>``.
_LONG_FORMS = {"Ref": "Ref", "Condition": "Condition"}


def _yaml() -> Any:
    try:
        import yaml
    except ImportError:
        raise MissingExtra(EXTRA_HINT) from None
    return yaml


def _loader() -> Any:
    """A SafeLoader that knows CloudFormation's tags and reads dates as text: CloudFormation
    passes ``2024-01-01`` on as the string it is (an ASL timestamp must stay text)."""
    yaml = _yaml()
    loader: Any = type("CloudFormationLoader", (yaml.SafeLoader,), {})
    loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def intrinsic(self: Any, tag_suffix: str, node: Any) -> dict[str, Any]:
        if isinstance(node, yaml.ScalarNode):
            value: Any = self.construct_scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            value = self.construct_sequence(node, deep=True)
        else:
            value = self.construct_mapping(node, deep=True)
        if tag_suffix == "GetAtt" and isinstance(value, str):
            # !GetAtt Resource.Attribute: the attribute may hold dots itself (Outputs.Name).
            value = value.split(".", 1)
        return {_LONG_FORMS.get(tag_suffix, f"Fn::{tag_suffix}"): value}

    loader.add_multi_constructor("!", intrinsic)
    return loader


def load_yaml(text: str, what: str) -> Any:
    """The value of a YAML document; a ValueError names ``what`` and the place when it is not
    YAML."""
    yaml = _yaml()
    try:
        return yaml.load(text, Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ValueError(f"{what} is not YAML: {' '.join(str(exc).split())}") from None
