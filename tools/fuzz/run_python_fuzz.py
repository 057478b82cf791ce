"""sfnsim's Python fuzz suite, for long runs.

    python tools/fuzz/run_python_fuzz.py --seconds 600            # every surface, in turn
    python tools/fuzz/run_python_fuzz.py --surface api --cases 500
    python tools/fuzz/run_python_fuzz.py --seed 7 --surface cli --case 42   # replay one case

Each case runs in a forked child capped at --time-cap seconds and --memory-cap MiB of address
space. A case fails when the child crashes, hangs, lets an undocumented exception out of
sfnsim, or sees the API answer InternalFailure; each failure is printed with the command that
replays it. Prints per surface: cases run, crashes, hangs, tracebacks, InternalFailures. Exits
1 if anything failed.

Runs against the sfnsim that `import sfnsim` finds; --tree runs against this checkout's Python
sources instead (with the installed compiled module), for a worktree beside an editable install.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--surface", action="append", help="a surface (repeatable; default all)")
    parser.add_argument("--seed", type=int, default=None, help="default: from the clock")
    parser.add_argument("--seconds", type=float, default=None, help="run for this long")
    parser.add_argument("--cases", type=int, default=None, help="cases per surface")
    parser.add_argument("--case", type=int, default=None, help="replay this one case")
    parser.add_argument("--time-cap", type=float, default=10.0)
    parser.add_argument("--memory-cap", type=int, default=2048, help="MiB")
    parser.add_argument("--tree", action="store_true", help="use this checkout's python/")
    parser.add_argument("-v", "--verbose", action="store_true", help="print failure details")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = _parse(argv)
    # Cases hold lone surrogates and control characters; a report must still print.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    if args.tree:
        sys.path.insert(0, str(HERE))
        from tree_import import use_tree

        use_tree(HERE.parent.parent / "python")
    sys.path.insert(0, str(HERE))
    import sfnsim
    from pyfuzz.known import KNOWN
    from pyfuzz.runner import Failure, fuzz
    from pyfuzz.surfaces import SURFACES

    surfaces = args.surface or list(SURFACES)
    unknown = [s for s in surfaces if s not in SURFACES]
    if unknown:
        print(f"unknown surface(s): {', '.join(unknown)}; known: {', '.join(SURFACES)}")
        return 2
    seed = args.seed if args.seed is not None else int(time.time())
    print(f"sfnsim from {Path(sfnsim.__file__).parent}; seed {seed}", flush=True)

    def show(failure: Failure) -> None:
        print(f"\n{failure.outcome.kind.upper()} [{failure.surface}] {failure.reproduce()}")
        print(f"  case: {failure.description[:2000]}")
        detail = failure.outcome.detail
        print("  " + (detail if args.verbose else detail[-1500:]).replace("\n", "\n  "), flush=True)

    if args.case is not None:
        report = fuzz(surfaces, seed, cases=1, first_case=args.case, time_cap=args.time_cap,
                      memory_cap=args.memory_cap << 20, on_failure=show)  # fmt: skip
    else:
        cases = args.cases if args.cases is not None or args.seconds is not None else 50
        report = fuzz(surfaces, seed, cases=cases, seconds=args.seconds, time_cap=args.time_cap,
                      memory_cap=args.memory_cap << 20, on_failure=show)  # fmt: skip
    print()
    print(report.table())
    seen = {cause for tally in report.tallies.values() for cause in tally.known}
    for known in KNOWN:
        if known.name in seen:
            print(f"\nknown {known.name}: {known.reproduce}")
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
