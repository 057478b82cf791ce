"""``sfnsim.load_template`` on Terraform configurations: ``aws_sfn_state_machine`` resources and
the step-functions module, their definitions evaluated as ``terraform plan`` would
(docs/templates.md, "Terraform"); the CLI's ``--template DIR``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import sfnsim
from sfnsim.cli import main
from sfnsim.templates import MissingExtra, TemplateError, UnknownStateMachine

pytest.importorskip("hcl2")  # the terraform extra: python-hcl2 reads HCL

ORDERS = Path(__file__).resolve().parent / "data" / "templates" / "terraform" / "orders"
ACCOUNT = "123456789012"
EMAIL = {"alerts_email": "ops@example.com"}  # a variable without a default, as -var gives it


def machines(**kwargs: object) -> sfnsim.templates.StateMachines:
    kwargs.setdefault("parameters", EMAIL)
    return sfnsim.load_template(ORDERS, **kwargs)  # type: ignore[arg-type]


def test_every_deployed_machine_is_there_by_address() -> None:
    found = machines()
    # The audit machine's count is 0 (var.enable_audit defaults to false): not deployed.
    assert list(found) == [
        "aws_sfn_state_machine.order_flow",
        "aws_sfn_state_machine.payment",
        "aws_sfn_state_machine.refund",
        "module.reconcile",
    ]
    assert not found.failures
    # By address, by its last part, by the name attribute.
    assert found["order_flow"] is found["aws_sfn_state_machine.order_flow"]
    assert found["orders-prod-flow"] is found["order_flow"]
    with pytest.raises(UnknownStateMachine, match="aws_sfn_state_machine.payment"):
        found["nope"]


def test_heredoc_with_resources_data_sources_tfvars_and_provider_region() -> None:
    flow = machines()["order_flow"]
    states = flow.definition["States"]
    # stage comes from terraform.tfvars; the region from the provider's var.region default.
    assert flow.name == "orders-prod-flow"
    assert flow.arn == f"arn:aws:states:eu-west-1:{ACCOUNT}:stateMachine:orders-prod-flow"
    assert flow.role_arn == f"arn:aws:iam::{ACCOUNT}:role/orders-prod-sfn"
    assert flow.type is None
    assert flow.definition["Comment"] == f"Orders in eu-west-1 for {ACCOUNT}"
    assert states["Validate"]["Resource"] == (
        f"arn:aws:lambda:eu-west-1:{ACCOUNT}:function:orders-prod-validate"
    )
    assert states["Validate"]["Retry"][0]["MaxAttempts"] == 3  # an unquoted number
    assert states["Store"]["Parameters"]["TableName"] == "orders-prod-orders"


def test_templatefile_with_a_for_directive() -> None:
    payment = machines()["payment"]
    params = {name: s.get("Parameters", {}) for name, s in payment.definition["States"].items()}
    assert payment.type == "EXPRESS"
    assert payment.definition["Comment"] == "Payment, steps: reserve capture "
    assert params["Charge"]["FunctionName"].endswith(":function:orders-prod-charge")
    assert params["DeadLetter"]["QueueUrl"] == (
        f"https://sqs.eu-west-1.amazonaws.com/{ACCOUNT}/orders-prod-dlq"
    )
    assert params["Alert"]["TopicArn"] == f"arn:aws:sns:eu-west-1:{ACCOUNT}:orders-prod-alerts"


def test_jsonencode_of_an_hcl_object() -> None:
    refund = machines()["refund"].definition
    assert refund["StartAt"] == "Refund"
    assert refund["States"]["Refund"]["Parameters"] == {
        "FunctionName": "orders-prod-charge",
        "Payload.$": "$",
    }
    assert refund["States"]["Notify"]["Parameters"]["Message"] == (
        "refund issued, alerts to ops@example.com"
    )


def test_the_step_functions_module() -> None:
    reconcile = machines()["module.reconcile"]
    assert reconcile.name == "orders-prod-reconcile"
    assert reconcile.type == "EXPRESS"  # the module upper()s its type
    assert reconcile.role_arn == f"arn:aws:iam::{ACCOUNT}:role/orders-prod-reconcile"
    assert reconcile.run({}).status == "SUCCEEDED"


def test_every_machine_validates_and_runs() -> None:
    for machine in machines().values():
        sfnsim.compile_definition(machine.definition_json, express=machine.type == "EXPRESS")


def test_parameters_override_tfvars_and_region_overrides_the_provider() -> None:
    flow = machines(parameters={**EMAIL, "stage": "dev"}, region="us-west-2")["order_flow"]
    assert flow.name == "orders-dev-flow"
    assert ":us-west-2:" in flow.definition["States"]["Validate"]["Resource"]


def test_a_variable_without_a_value_is_named_with_its_place() -> None:
    found = sfnsim.load_template(ORDERS)
    with pytest.raises(TemplateError, match="var.alerts_email") as caught:
        found["refund"]
    assert ("var.alerts_email (a variable without a default)", "variable.alerts_email") in (
        caught.value.unresolved
    )
    assert found["order_flow"].name == "orders-prod-flow"  # the others stay usable
    assert set(found.failures) == {"aws_sfn_state_machine.refund"}


def write(folder: Path, text: str, name: str = "main.tf") -> Path:
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_references_to_what_the_configuration_lacks_are_errors_naming_them(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        """
resource "aws_sfn_state_machine" "m" {
  name       = "m"
  role_arn   = module.iam.role_arn
  definition = jsonencode({
    StartAt = "A"
    States = { A = { Type = "Task", Resource = aws_lambda_function.missing.arn, End = true } }
  })
}
""",
    )
    with pytest.raises(TemplateError) as caught:
        sfnsim.load_template(tmp_path)["m"]
    names = [what for what, _ in caught.value.unresolved]
    assert "module.iam.role_arn (no such module block in the configuration)" in names
    assert any(n.startswith("aws_lambda_function.missing ") for n in names)
    # Substitutions give them by reference text.
    given = sfnsim.load_template(
        tmp_path,
        substitutions={
            "module.iam.role_arn": "arn:aws:iam::1:role/r",
            "aws_lambda_function.missing.arn": "arn:aws:lambda:us-east-1:1:function:f",
        },
    )["m"]
    assert given.role_arn == "arn:aws:iam::1:role/r"
    assert given.definition["States"]["A"]["Resource"].endswith(":function:f")


def test_file_keeps_placeholders_and_a_missing_templatefile_variable_is_named(
    tmp_path: Path,
) -> None:
    (tmp_path / "flow.json").write_text(
        '{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "${fn}", "End": true}}}'
    )
    write(
        tmp_path,
        """
resource "aws_sfn_state_machine" "raw" {
  name = "raw"
  role_arn = "arn:aws:iam::123456789012:role/r"
  definition = file("${path.module}/flow.json")
}
resource "aws_sfn_state_machine" "templated" {
  name_prefix = "tpl-"
  role_arn = "arn:aws:iam::123456789012:role/r"
  definition = templatefile("flow.json", {})
}
""",
    )
    found = sfnsim.load_template(tmp_path / "main.tf")
    with pytest.raises(TemplateError, match=r"\$\{fn\} at /States/A/Resource"):
        found["raw"]  # file() does not interpolate: the placeholder is left over
    with pytest.raises(TemplateError, match="fn \\(a template variable not given\\)"):
        found["templated"]
    fn = "arn:aws:lambda:us-east-1:1:function:f"
    found = sfnsim.load_template(tmp_path, substitutions={"fn": fn})
    assert found["raw"].definition["States"]["A"]["Resource"] == fn
    assert found["templated"].name.startswith("tpl-")
    assert found["templated"].definition["States"]["A"]["Resource"] == fn


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ('"${upper("a")}-${lower("B")}"', "A-b"),
        ('format("%s-%03d", "x", 7)', "x-007"),
        ('join(",", concat(["a"], ["b"]))', "a,b"),
        ('replace("a-b-c", "-", "_")', "a_b_c"),
        ('replace("a1b22", "/[0-9]+/", "#")', "a#b#"),
        ('lookup({a = 1}, "b", 2)', 2),
        ("merge({a = 1}, {b = 2})", {"a": 1, "b": 2}),
        ('[for s in ["a", "b"] : upper(s) if s != "b"]', ["A"]),
        ("{for k, v in {a = 1} : k => v + 1}", {"a": 2}),
        ("true && !false ? 1 + 2 * 3 : 0", 7),
        ('coalesce("", null, "x")', "x"),
        ('try(local.missing, "fallback")', "fallback"),
        ('jsonencode({b = 1, a = "<&>"})', '{"a":"\\u003c\\u0026\\u003e","b":1}'),
        ('"a %%{x} $$b"', "a %{x} $$b"),
        ('"%{ if 1 == 1 }yes%{ else }no%{ endif }"', "yes"),
        ('length(split(",", "a,b,c"))', 3),
        ('element(["a", "b"], 3)', "b"),
        ('[{n = "x"}, {n = "y"}][*].n', ["x", "y"]),
    ],
)
def test_expressions_evaluate_as_terraform_evaluates_them(
    tmp_path: Path, expression: str, value: object
) -> None:
    write(
        tmp_path,
        f"""
locals {{
  result = {expression}
}}
resource "aws_sfn_state_machine" "m" {{
  name = "m"
  role_arn = "arn:aws:iam::123456789012:role/r"
  definition = jsonencode({{StartAt = "P", States = {{P = {{
    Type = "Pass", Result = {{v = local.result}}, End = true
  }}}}}})
}}
""",
    )
    result = sfnsim.load_template(tmp_path)["m"].definition["States"]["P"]["Result"]
    assert result == {"v": value}


@pytest.mark.parametrize(
    ("reference", "value"),
    [
        ("aws_lambda_function.f.arn", "arn:aws:lambda:us-east-1:123456789012:function:fn"),
        ("aws_lambda_function.f.function_name", "fn"),
        ("aws_lambda_function.f.handler", "app.handler"),  # an argument is an attribute
        ("aws_sqs_queue.q.url", "https://sqs.us-east-1.amazonaws.com/123456789012/queue"),
        ("aws_sqs_queue.q.arn", "arn:aws:sqs:us-east-1:123456789012:queue"),
        ("aws_sns_topic.t.arn", "arn:aws:sns:us-east-1:123456789012:topic"),
        ("aws_dynamodb_table.d.arn", "arn:aws:dynamodb:us-east-1:123456789012:table/table"),
        ("aws_s3_bucket.b.arn", "arn:aws:s3:::bucket"),
        ("aws_cloudwatch_log_group.l.arn", "arn:aws:logs:us-east-1:123456789012:log-group:/x"),
        ("aws_lambda_alias.live.arn", "arn:aws:lambda:us-east-1:123456789012:function:fn:live"),
        (
            "aws_ecs_task_definition.td.arn",
            "arn:aws:ecs:us-east-1:123456789012:task-definition/fam:1",
        ),
        (
            "aws_sfn_state_machine.child.arn",
            "arn:aws:states:us-east-1:123456789012:stateMachine:child",
        ),
        ("aws_glue_job.g[0].name", "job-0"),
        ('aws_sqs_queue.each["a"].name', "q-a"),
        ("data.aws_partition.current.partition", "aws"),
        (
            "data.aws_lambda_function.existing.arn",
            "arn:aws:lambda:us-east-1:123456789012:function:legacy",
        ),
        ("data.template_file.t.rendered", "hi fn"),
        ("aws_cloudwatch_event_bus.bus.arn", "arn:aws:events:us-east-1:123456789012:event-bus/bus"),
    ],
)
def test_references_by_resource_type(tmp_path: Path, reference: str, value: str) -> None:
    write(
        tmp_path,
        f"""
resource "aws_lambda_function" "f" {{
  function_name = "fn"
  handler = "app.handler"
}}
resource "aws_lambda_alias" "live" {{
  name = "live"
  function_name = aws_lambda_function.f.function_name
}}
resource "aws_sqs_queue" "q" {{ name = "queue" }}
resource "aws_sqs_queue" "each" {{
  for_each = toset(["a", "b"])
  name = "q-${{each.key}}"
}}
resource "aws_sns_topic" "t" {{ name = "topic" }}
resource "aws_dynamodb_table" "d" {{ name = "table" }}
resource "aws_s3_bucket" "b" {{ bucket = "bucket" }}
resource "aws_cloudwatch_log_group" "l" {{ name = "/x" }}
resource "aws_ecs_task_definition" "td" {{ family = "fam" }}
resource "aws_glue_job" "g" {{
  count = 2
  name = "job-${{count.index}}"
}}
resource "aws_cloudwatch_event_bus" "bus" {{ name = "bus" }}
data "aws_partition" "current" {{}}
data "aws_lambda_function" "existing" {{ function_name = "legacy" }}
data "template_file" "t" {{
  template = "hi $${{f}}"
  vars = {{ f = aws_lambda_function.f.function_name }}
}}
resource "aws_sfn_state_machine" "child" {{
  name = "child"
  role_arn = "arn:aws:iam::123456789012:role/r"
  definition = jsonencode({{StartAt = "P", States = {{P = {{Type = "Pass", End = true}}}}}})
}}
resource "aws_sfn_state_machine" "m" {{
  name = "m"
  role_arn = "arn:aws:iam::123456789012:role/r"
  definition = jsonencode({{StartAt = "P", States = {{P = {{
    Type = "Pass", Result = {reference}, End = true
  }}}}}})
}}
""",
    )
    assert sfnsim.load_template(tmp_path)["m"].definition["States"]["P"]["Result"] == value


def test_a_generated_name_is_the_same_on_every_load(tmp_path: Path) -> None:
    write(
        tmp_path,
        """
resource "aws_sqs_queue" "q" {}
resource "aws_sfn_state_machine" "m" {
  role_arn = "arn:aws:iam::123456789012:role/r"
  definition = jsonencode({StartAt = "P", States = {P = {
    Type = "Pass", Result = aws_sqs_queue.q.name, End = true
  }}})
}
""",
    )
    first = sfnsim.load_template(tmp_path)["m"]
    assert first.name.startswith("terraform-") and len(first.name) == len("terraform-") + 26
    assert first.definition == sfnsim.load_template(tmp_path)["m"].definition


def test_cli_validate_a_terraform_machine(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["validate", "--template", str(ORDERS), "--parameter", "alerts_email=ops@example.com"]
    assert main([*argv, "--machine", "payment"]) == 0
    assert "OK" in capsys.readouterr().out
    assert main(argv) == 0
    assert capsys.readouterr().out.count("OK") == 4


def test_without_python_hcl2_the_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "hcl2", None)  # import hcl2 raises ImportError
    with pytest.raises(MissingExtra, match=r"sfnsim\[terraform\]"):
        sfnsim.load_template(ORDERS)


def test_outputs_of_local_modules_and_of_the_step_functions_module(tmp_path: Path) -> None:
    (tmp_path / "modules" / "fn").mkdir(parents=True)
    write(
        tmp_path / "modules" / "fn",
        """
variable "name" { type = string }
variable "env" { type = map(string) }
resource "aws_lambda_function" "this" { function_name = "${var.name}-fn" }
output "arn" { value = aws_lambda_function.this.arn }
""",
    )
    write(
        tmp_path,
        """
module "charge" {
  source = "./modules/fn"
  name   = "charge"
  env    = { TOPIC = aws_sns_topic.missing.arn }  # not needed by the output: not evaluated
}
module "child" {
  source = "terraform-aws-modules/step-functions/aws"
  name   = "child-flow"
  definition = jsonencode({StartAt = "P", States = {P = {Type = "Pass", End = true}}})
}
resource "aws_sfn_state_machine" "m" {
  name = "m"
  role_arn = "arn:aws:iam::123456789012:role/r"
  definition = jsonencode({StartAt = "C", States = {
    C = {Type = "Task", Resource = module.charge.arn, Next = "S"}
    S = {Type = "Task", Resource = "arn:aws:states:::states:startExecution.sync:2",
         Parameters = {StateMachineArn = module.child.state_machine_arn}, End = true}
  }})
}
""",
    )
    states = sfnsim.load_template(tmp_path)["m"].definition["States"]
    assert states["C"]["Resource"] == "arn:aws:lambda:us-east-1:123456789012:function:charge-fn"
    assert states["S"]["Parameters"]["StateMachineArn"] == (
        "arn:aws:states:us-east-1:123456789012:stateMachine:child-flow"
    )


def test_count_and_for_each_make_one_machine_per_instance(tmp_path: Path) -> None:
    write(
        tmp_path,
        """
locals {
  flows = { orders = 3, refunds = 5 }
}
resource "aws_sfn_state_machine" "per_flow" {
  for_each = local.flows
  name     = "${each.key}-flow"
  role_arn = "arn:aws:iam::123456789012:role/r"
  definition = jsonencode({StartAt = "W", States = {
    W = {Type = "Wait", Seconds = each.value, End = true}
  }})
}
resource "aws_sfn_state_machine" "shard" {
  count    = 2
  name     = "shard-${count.index}"
  role_arn = "arn:aws:iam::123456789012:role/r"
  definition = jsonencode({StartAt = "P", States = {P = {Type = "Pass", End = true}}})
}
""",
    )
    found = sfnsim.load_template(tmp_path)
    assert list(found) == [
        'aws_sfn_state_machine.per_flow["orders"]',
        'aws_sfn_state_machine.per_flow["refunds"]',
        "aws_sfn_state_machine.shard[0]",
        "aws_sfn_state_machine.shard[1]",
    ]
    assert found['per_flow["refunds"]'].definition["States"]["W"]["Seconds"] == 5
    assert found["shard-1"].logical_id == "aws_sfn_state_machine.shard[1]"
    with pytest.raises(UnknownStateMachine, match="names several"):
        found["shard"]


def test_pytest_fixtures_take_a_terraform_configuration(pytester: pytest.Pytester) -> None:
    from test_pytest_plugin import run

    pytester.makepyfile(
        test_flow=f"""
import pytest

@pytest.mark.sfn(
    template={str(ORDERS)!r}, machine="reconcile",
    template_parameters={{"alerts_email": "ops@example.com"}},
)
def test_run(sfn_run, sfn_template):
    assert "aws_sfn_state_machine.payment" in sfn_template
    ex = sfn_run(input={{}})
    assert ex.status == "SUCCEEDED"
    assert ex.state_machine_arn.endswith(":stateMachine:orders-prod-reconcile")
""",
    )
    result = run(pytester)
    result.assert_outcomes(passed=1)


def test_a_variable_given_as_text_takes_its_declared_type(tmp_path: Path) -> None:
    write(
        tmp_path,
        """
variable "wait" { type = number }
variable "strict" { type = bool }
resource "aws_sfn_state_machine" "m" {
  name = "m"
  role_arn = "arn:aws:iam::123456789012:role/r"
  definition = jsonencode({StartAt = "W", States = {W = {
    Type = "Wait", Seconds = var.wait * 2, Comment = var.strict ? "strict" : "lax", End = true
  }}})
}
""",
    )
    given = {"wait": "15", "strict": "true"}  # as --parameter gives them: text
    state = sfnsim.load_template(tmp_path, parameters=given)["m"].definition["States"]["W"]
    assert state["Seconds"] == 30
    assert state["Comment"] == "strict"
