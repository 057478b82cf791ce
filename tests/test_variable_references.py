"""variableReferences in DescribeStateMachine and DescribeStateMachineForExecution."""

from __future__ import annotations

import json

import sfnsim

ROLE = "arn:aws:iam::123456789012:role/r"

# JSONPath machine with JSONata states: AWS lets a state upgrade the language, not downgrade it.
DEFINITION = {
    "StartAt": "Remember",
    "States": {
        "Remember": {
            "Type": "Pass",
            "QueryLanguage": "JSONata",
            "Assign": {"total": 3, "who": "x"},
            "Next": "Use",
        },
        "Use": {
            "Type": "Pass",
            "QueryLanguage": "JSONata",
            "Output": "{% {'t': $total, 'w': $who, 'n': $count([1])} %}",
            "Next": "Legacy",
        },
        "Legacy": {
            "Type": "Pass",
            "Parameters": {"t.$": "$total"},
            "End": True,
        },
    },
}


def test_describe_lists_the_variables_each_state_reads() -> None:
    sfn = sfnsim.client()
    arn = sfn.create_state_machine(name="vars", definition=json.dumps(DEFINITION), roleArn=ROLE)[
        "stateMachineArn"
    ]
    refs = sfn.describe_state_machine(stateMachineArn=arn)["variableReferences"]
    assert refs == {"Use": ["total", "who"], "Legacy": ["total"]}
    ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    assert sfn.describe_execution(executionArn=ex)["status"] == "SUCCEEDED"
    assert json.loads(sfn.describe_execution(executionArn=ex)["output"]) == {"t": 3}
    described = sfn.describe_state_machine_for_execution(executionArn=ex)
    assert described["variableReferences"] == refs


def test_left_out_when_no_state_reads_a_variable() -> None:
    sfn = sfnsim.client()
    plain = {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}
    arn = sfn.create_state_machine(name="plain", definition=json.dumps(plain), roleArn=ROLE)[
        "stateMachineArn"
    ]
    assert "variableReferences" not in sfn.describe_state_machine(stateMachineArn=arn)
