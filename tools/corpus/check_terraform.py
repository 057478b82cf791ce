#!/usr/bin/env python3
"""How much of a corpus of public Terraform configurations with state machines
`sfnsim.load_template` resolves, and whether every resolved definition validates.

`terraform.tsv` names each configuration by repository, directory and commit. The files are
read from a mirror laid out `DIR/<owner>/<repo>/<directory>` (`--source`); nothing of the corpus
is kept in the project. A variable the configuration leaves without a value (no default, no
tfvars, or declared in a file the mirror does not hold) gets a made-up value, as a tester
passes `-var`; every other reference must resolve from the configuration itself.

    python3 tools/corpus/check_terraform.py --source DIR [--json report.json]

Prints each machine that does not resolve or does not validate, then the share resolved;
exit status 1 when it is under --min (default 0.95).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "python"))
sys.path.insert(0, str(HERE))

from check_templates import check, print_report, read_manifest  # noqa: E402 (beside this file)

_VARIABLE = re.compile(r"^var\.([A-Za-z_][\w-]*) \(")


def _made_up(machines: Any, folder: Path) -> dict[str, str]:
    """A value for each variable that a machine's error names as without one, of the
    variable's declared type (a number 1, a bool true, else text)."""
    from sfnsim.templates.terraform import read_module

    declared = read_module(folder).variables
    values = {}
    for error in machines.failures.values():
        for what, _ in error.unresolved:
            found = _VARIABLE.match(what)
            if not found:
                continue
            name = found.group(1)
            kind = declared[name].attributes.get("type") if name in declared else None
            kind_name = getattr(kind, "name", "")
            values[name] = {"number": "1", "bool": "true"}.get(kind_name, f"example-{name}")
    return values


def load_terraform(path: Path) -> Any:
    """A configuration's machines; a second load gives each variable left without a value a
    made-up one."""
    import sfnsim

    machines = sfnsim.load_template(path)
    given = _made_up(machines, path if path.is_dir() else path.parent)
    return sfnsim.load_template(path, parameters=given) if given else machines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--manifest", type=Path, default=HERE / "terraform.tsv")
    parser.add_argument("--source", type=Path, required=True, help="DIR/<owner>/<repo>/<dir>")
    parser.add_argument("--json", type=Path, help="also write the report as JSON")
    parser.add_argument("--min", type=float, default=0.95, help="the share that must resolve")
    args = parser.parse_args(argv)
    entries = read_manifest(args.manifest)
    report = check(entries, args.source, load_terraform)
    return print_report(report, f"{len(entries)} configurations", args.json, args.min)


if __name__ == "__main__":
    sys.exit(main())
