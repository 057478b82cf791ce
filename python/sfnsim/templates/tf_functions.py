"""Terraform's built-in functions that state machine definitions use, as Terraform defines
them (developer.hashicorp.com/terraform/language/functions). A function not listed here is an
error that names it.

``jsonencode`` writes what Terraform's does: object keys sorted (an HCL object's attributes are
kept sorted), no spaces, and ``<``, ``>``, ``&``, U+2028, U+2029 escaped as Go's encoder does;
whole numbers without a fraction. ``file`` and ``templatefile`` read paths relative to the
configuration's directory (where ``terraform`` runs).
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import hcl
from .model import TemplateError
from .terraform_eval import number, text

if TYPE_CHECKING:
    from .terraform_eval import Evaluator


def call(ev: Evaluator, e: hcl.Call, scope: dict[str, Any], where: str) -> Any:
    name = e.name.split("::")[-1]
    if name == "try":  # the first argument that evaluates without an error
        for arg in e.args:
            saved = list(ev.problems)
            try:
                value = ev.value(arg, where, scope)
            except TemplateError:
                ev.problems = saved
                continue
            if len(ev.problems) == len(saved):
                return value
            ev.problems = saved
        raise TemplateError(f"{where}: no argument of try() has a value")
    if name == "can":
        saved = list(ev.problems)
        try:
            ev.value(e.args[0], where, scope)
        except TemplateError:
            return False
        finally:
            ok = len(ev.problems) == len(saved)
            ev.problems = saved
        return ok
    function = FUNCTIONS.get(name)
    if function is None:
        raise TemplateError(f"{where}: the function {e.name}() is not evaluated by sfnsim")
    args = [ev.value(a, where, scope) for a in e.args]
    if e.expand_last and args and isinstance(args[-1], list):
        args = args[:-1] + args[-1]
    if any(isinstance(a, str) and a.startswith("${") and a.endswith("}") for a in args):
        if name not in ("jsonencode", "format", "join", "replace", "merge", "concat", "tostring"):
            return next(a for a in args if isinstance(a, str) and a.startswith("${"))
    try:
        if name in ("file", "templatefile", "fileexists", "filebase64"):
            return function(ev, where, *args)
        return function(*args)
    except TemplateError:
        raise
    except (TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
        raise TemplateError(f"{where}: {e.name}(): {exc}") from None


def jsonencode(value: Any) -> str:
    out = json.dumps(
        _plain_numbers(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        out = out.replace(char, escape)
    return out.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _plain_numbers(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _plain_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_numbers(v) for v in value]
    return value


def _read(ev: Evaluator, where: str, path: Any) -> str:
    file = Path(text(path, where))
    full = file if file.is_absolute() else ev.module.folder / file
    try:
        return full.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise TemplateError(f"{where}: cannot read {file}: {exc.strerror or exc}") from None


def _file(ev: Evaluator, where: str, path: Any) -> str:
    return _read(ev, where, path)


def _templatefile(ev: Evaluator, where: str, path: Any, variables: Any = None) -> Any:
    content = _read(ev, where, path)
    return ev.render_file(
        content, variables if isinstance(variables, dict) else {}, f"{where} ({text(path, where)})"
    )


def _fileexists(ev: Evaluator, where: str, path: Any) -> bool:
    return (ev.module.folder / text(path, where)).is_file()


def _filebase64(ev: Evaluator, where: str, path: Any) -> str:
    return base64.b64encode(_read(ev, where, path).encode()).decode()


def _format(spec: Any, *args: Any) -> str:
    """Terraform's format(): %s %d %f %q %v %% (with widths), a subset of Go's fmt."""
    values = list(args)

    def one(m: re.Match[str]) -> str:
        flags, verb = m.group(1), m.group(2)
        if verb == "%":
            return "%"
        value = values.pop(0)
        if verb == "q":
            return json.dumps(text(value, "format"))
        if verb == "v" or verb == "s":
            return ("%" + flags + "s") % (
                value
                if isinstance(value, str)
                else jsonencode(value)
                if isinstance(value, (dict, list))
                else text(value, "format")
            )
        if verb == "d":
            return ("%" + flags + "d") % int(number(value))
        return ("%" + flags + verb) % float(number(value))

    return re.sub(r"%([-+ 0#]*\d*(?:\.\d+)?)([sdfqveEgG%])", one, text(spec, "format"))


def _replace(value: Any, search: Any, replacement: Any) -> str:
    s, old, new = text(value, "replace"), text(search, "replace"), text(replacement, "replace")
    if len(old) > 1 and old.startswith("/") and old.endswith("/"):
        return re.sub(old[1:-1], re.sub(r"\$\{?(\w+)\}?", r"\\g<\1>", new), s)
    return s.replace(old, new)


def _merge(*maps: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for m in maps:
        if m is not None:
            out.update(m)
    return out


def _lookup(m: Any, key: Any, *default: Any) -> Any:
    if isinstance(m, dict) and key in m:
        return m[key]
    if default:
        return default[0]
    raise KeyError(f"no key {key!r}")


def _coalesce(*values: Any) -> Any:
    for v in values:
        if v is not None and v != "":
            return v
    raise ValueError("no non-null, non-empty argument")


def _flatten(value: Any) -> list[Any]:
    out: list[Any] = []
    for item in value:
        out.extend(_flatten(item) if isinstance(item, list) else [item])
    return out


def _yamldecode(value: Any) -> Any:
    from .cfn_yaml import _yaml

    return _yaml().safe_load(text(value, "yamldecode"))


def _tonumber(value: Any) -> Any:
    return None if value is None else number(value)


def _tobool(value: Any) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ValueError(f"{value!r} is no bool")


def _regex(pattern: Any, s: Any) -> Any:
    found = re.search(text(pattern, "regex"), text(s, "regex"))
    if found is None:
        raise ValueError("the pattern does not match")
    if found.groupdict():
        return found.groupdict()
    return list(found.groups()) if found.groups() else found.group(0)


def _one(lst: Any) -> Any:
    if len(lst) > 1:
        raise ValueError("more than one element")
    return lst[0] if lst else None


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "jsonencode": jsonencode,
    "jsondecode": lambda s: json.loads(text(s, "jsondecode")),
    "yamldecode": _yamldecode,
    "file": _file,
    "templatefile": _templatefile,
    "fileexists": _fileexists,
    "filebase64": _filebase64,
    "format": _format,
    "formatlist": lambda spec, *lists: [_format(spec, *row) for row in zip(*lists)],
    "replace": _replace,
    "lower": lambda s: text(s, "lower").lower(),
    "upper": lambda s: text(s, "upper").upper(),
    "title": lambda s: re.sub(r"\b\w", lambda m: m.group(0).upper(), text(s, "title")),
    "trimspace": lambda s: text(s, "trimspace").strip(),
    "trim": lambda s, chars: text(s, "trim").strip(text(chars, "trim")),
    "trimprefix": lambda s, p: text(s, "trimprefix").removeprefix(text(p, "trimprefix")),
    "trimsuffix": lambda s, p: text(s, "trimsuffix").removesuffix(text(p, "trimsuffix")),
    "chomp": lambda s: text(s, "chomp").rstrip("\r\n"),
    "indent": lambda n, s: text(s, "indent").replace("\n", "\n" + " " * int(n)),
    "substr": lambda s, o, n: text(s, "substr")[int(o) : (None if int(n) < 0 else int(o) + int(n))],
    "split": lambda sep, s: text(s, "split").split(text(sep, "split")),
    "join": lambda sep, *lists: text(sep, "join").join(
        text(x, "join") for lst in lists for x in lst
    ),
    "concat": lambda *lists: [x for lst in lists for x in lst],
    "merge": _merge,
    "lookup": _lookup,
    "element": lambda lst, i: lst[int(i) % len(lst)],
    "length": len,
    "keys": sorted,
    "values": lambda m: [m[k] for k in sorted(m)],
    "contains": lambda lst, v: v in lst,
    "distinct": lambda lst: [json.loads(x) for x in dict.fromkeys(json.dumps(v) for v in lst)],
    "flatten": _flatten,
    "compact": lambda lst: [x for x in lst if x not in (None, "")],
    "reverse": lambda lst: list(reversed(lst)),
    "sort": lambda lst: sorted(text(x, "sort") for x in lst),
    "slice": lambda lst, a, b: lst[int(a) : int(b)],
    "index": lambda lst, v: lst.index(v),
    "zipmap": lambda ks, vs: dict(zip((text(k, "zipmap") for k in ks), vs)),
    "one": _one,
    "coalesce": _coalesce,
    "coalescelist": lambda *lists: next((x for x in lists if x), []),
    "tostring": lambda v: None if v is None else text(v, "tostring"),
    "tonumber": _tonumber,
    "tobool": _tobool,
    "tolist": list,
    "toset": lambda lst: sorted(set(lst), key=str),
    "tomap": dict,
    "abs": lambda n: abs(number(n)),
    "ceil": lambda n: math.ceil(number(n)),
    "floor": lambda n: math.floor(number(n)),
    "max": lambda *ns: max(number(n) for n in ns),
    "min": lambda *ns: min(number(n) for n in ns),
    "startswith": lambda s, p: text(s, "startswith").startswith(text(p, "startswith")),
    "endswith": lambda s, p: text(s, "endswith").endswith(text(p, "endswith")),
    "strcontains": lambda s, p: text(p, "strcontains") in text(s, "strcontains"),
    "base64encode": lambda s: base64.b64encode(text(s, "base64encode").encode()).decode(),
    "base64decode": lambda s: base64.b64decode(text(s, "base64decode")).decode(),
    "md5": lambda s: hashlib.md5(text(s, "md5").encode()).hexdigest(),  # noqa: S324 - Terraform's md5
    "sha1": lambda s: hashlib.sha1(text(s, "sha1").encode()).hexdigest(),  # noqa: S324
    "sha256": lambda s: hashlib.sha256(text(s, "sha256").encode()).hexdigest(),
    "basename": lambda p: Path(text(p, "basename")).name,
    "dirname": lambda p: str(Path(text(p, "dirname")).parent),
    "abspath": lambda p: text(p, "abspath"),
    "range": lambda *a: list(range(*(int(number(x)) for x in a))),
    "regex": _regex,
}
