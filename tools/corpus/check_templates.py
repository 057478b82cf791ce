#!/usr/bin/env python3
"""How much of a corpus of public SAM/CloudFormation templates `sfnsim.load_template` resolves,
and whether every resolved definition validates.

`templates.tsv` names each template by repository, path and commit (AWS's sample collections:
templates people deploy). The templates and the local definition files they name
(`DefinitionUri`) are read from a mirror laid out `DIR/<owner>/<repo>/<path>` (`--source`), or
fetched from GitHub at that commit into OUT/templates (`--fetch`); nothing of the corpus is kept
in the project. A parameter without a `Default` gets a made-up value, as a tester would pass
one; everything else must resolve from the template itself.

    python3 tools/corpus/check_templates.py --fetch            # network
    python3 tools/corpus/check_templates.py --source DIR [--json report.json]

Prints each machine that does not resolve or does not validate, then the share resolved;
exit status 1 when it is under --min (default 0.95).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.request
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_OUT = Path(os.environ.get("SFNSIM_CORPUS_DIR", Path.home() / ".cache" / "sfnsim-corpus"))
sys.path.insert(0, str(ROOT / "python"))


def read_manifest(path: Path) -> list[dict[str, str]]:
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            repo, file, commit = line.split("\t")[:3]
            entries.append({"repo": repo, "path": file, "commit": commit})
    return entries


def _fetch(repo: str, commit: str, path: str, target: Path) -> bool:
    if target.exists():
        return True
    url = f"https://raw.githubusercontent.com/{repo}/{commit}/{path}"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (fixed host)
            data = response.read()
    except OSError as exc:
        print(f"cannot fetch {url}: {exc}", file=sys.stderr)
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return True


def _local_uris(template: Path) -> list[str]:
    """The local files a template's state machines name (DefinitionUri strings)."""
    from sfnsim.templates.loader import MACHINE_TYPES, read_template

    body = read_template(template)
    uris = []
    for resource in body["Resources"].values():
        if isinstance(resource, dict) and resource.get("Type") in MACHINE_TYPES:
            uri = (resource.get("Properties") or {}).get("DefinitionUri")
            if isinstance(uri, str) and not uri.startswith("s3://"):
                uris.append(uri)
    return uris


def fetch(entries: list[dict[str, str]], out: Path) -> None:
    for entry in entries:
        base = out / entry["repo"]
        if not _fetch(entry["repo"], entry["commit"], entry["path"], base / entry["path"]):
            continue
        folder = Path(entry["path"]).parent
        for uri in _local_uris(base / entry["path"]):
            _fetch(entry["repo"], entry["commit"], str(folder / uri), base / folder / uri)


def _parameters(template: Path) -> dict[str, str]:
    """A value for each parameter without a Default, as a tester passes one."""
    from sfnsim.templates.loader import read_template

    declared = read_template(template).get("Parameters") or {}
    values = {}
    for name, spec in declared.items():
        if isinstance(spec, dict) and "Default" not in spec:
            kind = str(spec.get("Type", "String"))
            values[name] = "1" if kind == "Number" else f"example-{name.lower()}"
    return values


def load_sam(path: Path) -> Any:
    """A template's machines, a parameter without a Default given a made-up value."""
    import sfnsim

    return sfnsim.load_template(path, parameters=_parameters(path))


def check(
    entries: list[dict[str, str]], mirror: Path, load: Callable[[Path], Any] = load_sam
) -> dict[str, Any]:
    """Resolve and validate every machine that ``load`` reads from each entry of the mirror;
    the corpus checks differ only in how they load (templates here, Terraform beside)."""
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
            machines = load(path)
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


def print_report(
    report: dict[str, Any], sources: str, json_path: Path | None, minimum: float
) -> int:
    """Print each problem and the share resolved; the exit status for ``minimum``."""
    for problem in report["problems"]:
        machine = f" ({problem['machine']})" if "machine" in problem else ""
        print(f"{problem['template']}{machine}: {problem['problem']}")
    total = report["machines"] or 1
    share = report["resolved"] / total
    print(
        f"{sources}, {report['machines']} state machines: "
        f"{report['resolved']} resolved ({share:.1%}), {report['valid']} of them validate"
    )
    if json_path:
        json_path.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0 if share >= minimum and report["valid"] == report["resolved"] else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--manifest", type=Path, default=HERE / "templates.tsv")
    parser.add_argument("--source", type=Path, help="a mirror laid out DIR/<owner>/<repo>/<path>")
    parser.add_argument("--fetch", action="store_true", help="fetch from GitHub at each commit")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--json", type=Path, help="also write the report as JSON")
    parser.add_argument("--min", type=float, default=0.95, help="the share that must resolve")
    args = parser.parse_args(argv)
    entries = read_manifest(args.manifest)
    mirror = args.source or args.out / "templates"
    if args.fetch:
        fetch(entries, mirror)
    report = check(entries, mirror)
    return print_report(report, f"{len(entries)} templates", args.json, args.min)


if __name__ == "__main__":
    sys.exit(main())
