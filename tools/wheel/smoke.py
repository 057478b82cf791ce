"""What an installed wheel must do with nothing else present (no build tree, no compiler, no
test extras): import, run a workflow with a task and a Wait on the virtual clock, answer the
client API, and validate a definition. Run by cibuildwheel on every wheel and by
tools/wheel/check.sh in a fresh virtual environment."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import sfnsim

DEFINITION = {
    "StartAt": "Wait",
    "States": {
        "Wait": {"Type": "Wait", "Seconds": 86400, "Next": "Add"},
        "Add": {
            "Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:add",
            "ResultPath": "$.sum",
            "End": True,
        },
    },
}


def main() -> int:
    here = Path(sfnsim.__file__).resolve().parent
    if (here.parents[1] / "pyproject.toml").exists():  # <checkout>/python/sfnsim
        print(f"sfnsim was imported from a source checkout ({here}), not from the wheel")
        return 1
    ex = sfnsim.run(DEFINITION, {"a": 2, "b": 3}, tasks={"add": lambda e: e["a"] + e["b"]})
    assert ex.status == "SUCCEEDED", (ex.status, ex.error, ex.cause)
    assert ex.output == {"a": 2, "b": 3, "sum": 5}, ex.output
    sfn = sfnsim.client()
    arn = sfn.create_state_machine(
        name="smoke", definition=json.dumps(DEFINITION), roleArn="arn:aws:iam::123456789012:role/r"
    )["stateMachineArn"]
    assert sfn.describe_state_machine(stateMachineArn=arn)["status"] == "ACTIVE"
    bad = sfn.validate_state_machine_definition(definition='{"StartAt": "Nowhere", "States": {}}')
    assert bad["result"] == "FAIL", bad
    print(f"sfnsim {sfnsim.__version__} from {here}: smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
