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
import json
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "python"))

_VARIABLE = re.compile(r"^var\.([A-Za-z_][\w-]*) \(")


def read_manifest(path: Path) -> list[dict[str, str]]:
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            repo, folder, commit = line.split("\t")[:3]
            entries.append({"repo": repo, "path": folder, "commit": commit})
    return entries


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


def check(entries: list[dict[str, str]], mirror: Path) -> dict[str, Any]:
    import sfnsim
    from sfnsim.templates import TemplateError

    report: dict[str, Any] = {"machines": 0, "resolved": 0, "valid": 0, "problems": []}
    for entry in entries:
        path = mirror / entry["repo"] / entry["path"]
        where = f"{entry['repo']}/{entry['path']}"
        if not path.exists():
            report["problems"].append({"template": where, "problem": "missing from the mirror"})
            continue
        try:
            machines = sfnsim.load_template(path)
            given = _made_up(machines, path if path.is_dir() else path.parent)
            if given:
                machines = sfnsim.load_template(path, parameters=given)
        except (TemplateError, ValueError) as exc:
            report["problems"].append({"template": where, "problem": str(exc)})
            continue
        for key in machines:
            report["machines"] += 1
            try:
                machine = machines[key]
            except TemplateError as exc:
                report["problems"].append({"template": where, "machine": key, "problem": str(exc)})
                continue
            report["resolved"] += 1
            try:
                sfnsim.compile_definition(
                    machine.definition_json, express=machine.type == "EXPRESS"
                )
            except sfnsim.InvalidDefinition as exc:
                problem = f"resolved, but does not validate: {exc}"
                report["problems"].append({"template": where, "machine": key, "problem": problem})
                continue
            report["valid"] += 1
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--manifest", type=Path, default=HERE / "terraform.tsv")
    parser.add_argument("--source", type=Path, required=True, help="DIR/<owner>/<repo>/<dir>")
    parser.add_argument("--json", type=Path, help="also write the report as JSON")
    parser.add_argument("--min", type=float, default=0.95, help="the share that must resolve")
    args = parser.parse_args(argv)
    entries = read_manifest(args.manifest)
    report = check(entries, args.source)
    for problem in report["problems"]:
        machine = f" ({problem['machine']})" if "machine" in problem else ""
        print(f"{problem['template']}{machine}: {problem['problem']}")
    total = report["machines"] or 1
    share = report["resolved"] / total
    print(
        f"{len(entries)} configurations, {report['machines']} state machines: "
        f"{report['resolved']} resolved ({share:.1%}), {report['valid']} of them validate"
    )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0 if share >= args.min and report["valid"] == report["resolved"] else 1


if __name__ == "__main__":
    sys.exit(main())
