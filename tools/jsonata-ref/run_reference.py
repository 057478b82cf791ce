#!/usr/bin/env python3
"""Runs JSON-line cases through golden.js (jsonata-js) with a watchdog.

    python3 gen_cases.py COUNT SEED | python3 run_reference.py [--timeout S] > golden.jsonl

jsonata-js loops forever on a few inputs (for example `$formatNumber(0, "00.0e0")`): a case
without an answer within the timeout is printed with "expect": {"hang": true}, and node is
restarted for the next case. The cases are fed one at a time, so a hang is pinned to its case.
"""

import json
import os
import select
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def start():
    return subprocess.Popen(
        ["node", os.path.join(HERE, "golden.js")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        bufsize=1,
    )


def main(argv):
    timeout = float(argv[argv.index("--timeout") + 1]) if "--timeout" in argv else 3.0
    node = start()
    for line in sys.stdin:
        if not line.strip():
            continue
        node.stdin.write(line.rstrip("\n") + "\n")
        node.stdin.flush()
        ready, _, _ = select.select([node.stdout], [], [], timeout)
        answer = node.stdout.readline() if ready else ""
        if not answer:
            node.kill()
            node.wait()
            case = json.loads(line)
            case["expect"] = {"hang": True}
            answer = json.dumps(case, ensure_ascii=False) + "\n"
            node = start()
        sys.stdout.write(answer)
    node.stdin.close()
    node.wait()


if __name__ == "__main__":
    main(sys.argv)
