"""A soak of many executions through one client: the memory they hold with and without
``keep_executions``, and what listing them costs (ListExecutions pages cost their size).

    python benchmarks/python/bench_retention.py [--executions 100000] [--keep 1000]

Memory is the process's resident set, before and after (Linux ``/proc/self/statm``).
"""

from __future__ import annotations

import argparse
import gc
import json
import time

import sfnsim

WORKFLOW = json.dumps(
    {
        "StartAt": "Price",
        "States": {
            "Price": {
                "Type": "Pass",
                "Result": {"ok": True},
                "ResultPath": "$.priced",
                "Next": "Done",
            },
            "Done": {"Type": "Pass", "End": True},
        },
    }
)


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 1e6


def soak(executions: int, keep: int | None) -> None:
    sfn = sfnsim.client(keep_executions=keep)
    arn = sfn.create_state_machine(
        name="soak", definition=WORKFLOW, roleArn="arn:aws:iam::123456789012:role/r"
    )["stateMachineArn"]
    gc.collect()
    before = resident_mb()
    started = time.perf_counter()
    for i in range(executions):
        sfn.start_execution(stateMachineArn=arn, input=json.dumps({"order": i}))
    spent = time.perf_counter() - started
    gc.collect()
    grown = resident_mb() - before

    pages, token, page_times = 0, None, []
    listing = time.perf_counter()
    while True:
        extra = {"nextToken": token} if token else {}
        page_start = time.perf_counter()
        page = sfn.list_executions(stateMachineArn=arn, maxResults=100, **extra)
        page_times.append(time.perf_counter() - page_start)
        pages += 1
        token = page.get("nextToken")
        if not token:
            break
    listed = time.perf_counter() - listing
    kept = "all" if keep is None else f"{keep:,}"
    print(
        f"keep {kept:>7}: {executions:,} executions in {spent:.1f} s "
        f"({executions / spent:,.0f}/s); resident +{grown:,.0f} MB "
        f"({grown * 1e6 / executions:,.0f} B each); listed in {pages:,} pages of 100, "
        f"{listed:.2f} s (first page {page_times[0] * 1e3:.2f} ms, "
        f"last {page_times[-1] * 1e3:.2f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--executions", type=int, default=100_000)
    parser.add_argument("--keep", type=int, default=1000)
    args = parser.parse_args()
    soak(args.executions, None)
    soak(args.executions, args.keep)


if __name__ == "__main__":
    main()
