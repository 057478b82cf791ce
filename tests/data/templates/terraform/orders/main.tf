locals {
  prefix = "orders-${var.stage}"
  tags = {
    Project = "orders"
  }
}

resource "aws_lambda_function" "validate" {
  function_name = "${local.prefix}-validate"
  handler       = "app.handler"
  runtime       = "python3.12"
  role          = aws_iam_role.lambda.arn
  filename      = "build/validate.zip"
}

resource "aws_lambda_function" "charge" {
  function_name = "${local.prefix}-charge"
  handler       = "app.handler"
  runtime       = "python3.12"
  role          = aws_iam_role.lambda.arn
  filename      = "build/charge.zip"
}

resource "aws_dynamodb_table" "orders" {
  name         = "${local.prefix}-orders"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "orderId"
}

resource "aws_sqs_queue" "dead_letters" {
  name = "${local.prefix}-dlq"
}

resource "aws_sns_topic" "alerts" {
  name = "${local.prefix}-alerts"
}

resource "aws_iam_role" "lambda" {
  name = "${local.prefix}-lambda"
}

resource "aws_iam_role" "sfn" {
  name = "${local.prefix}-sfn"
}

# A heredoc definition with interpolations.
resource "aws_sfn_state_machine" "order_flow" {
  name     = "${local.prefix}-flow"
  role_arn = aws_iam_role.sfn.arn

  definition = <<EOF
{
  "Comment": "Orders in ${data.aws_region.current.name} for ${data.aws_caller_identity.current.account_id}",
  "StartAt": "Validate",
  "States": {
    "Validate": {
      "Type": "Task",
      "Resource": "${aws_lambda_function.validate.arn}",
      "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": ${var.max_attempts}}],
      "Next": "Store"
    },
    "Store": {
      "Type": "Task",
      "Resource": "arn:aws:states:::dynamodb:putItem",
      "Parameters": {
        "TableName": "${aws_dynamodb_table.orders.name}",
        "Item": {"orderId": {"S.$": "$.orderId"}}
      },
      "End": true
    }
  }
}
EOF
}

# A definition file rendered with templatefile().
resource "aws_sfn_state_machine" "payment" {
  name     = "${local.prefix}-payment"
  role_arn = aws_iam_role.sfn.arn
  type     = "EXPRESS"

  definition = templatefile("${path.module}/statemachines/payment.asl.json", {
    charge_function_arn = aws_lambda_function.charge.arn
    dlq_url             = aws_sqs_queue.dead_letters.url
    topic_arn           = aws_sns_topic.alerts.arn
    steps               = ["reserve", "capture"]
  })
}

# A definition written in HCL and encoded with jsonencode().
resource "aws_sfn_state_machine" "refund" {
  name     = "${local.prefix}-refund"
  role_arn = aws_iam_role.sfn.arn

  definition = jsonencode({
    Comment = "Refunds"
    StartAt = "Refund"
    States = {
      Refund = {
        Type     = "Task"
        Resource = "arn:aws:states:::lambda:invoke"
        Parameters = {
          FunctionName = aws_lambda_function.charge.function_name
          "Payload.$"  = "$"
        }
        Next = "Notify"
      }
      Notify = {
        Type     = "Task"
        Resource = "arn:aws:states:::sns:publish"
        Parameters = {
          TopicArn  = aws_sns_topic.alerts.arn
          "Message" = "refund issued, alerts to ${var.alerts_email}"
        }
        End = true
      }
    }
  })
}

# Not deployed: count is 0 unless auditing is on.
resource "aws_sfn_state_machine" "audit" {
  count    = var.enable_audit ? 1 : 0
  name     = "${local.prefix}-audit"
  role_arn = aws_iam_role.sfn.arn
  definition = jsonencode({
    StartAt = "Done"
    States  = { Done = { Type = "Succeed" } }
  })
}

# The terraform-aws-modules/step-functions module.
module "reconcile" {
  source  = "terraform-aws-modules/step-functions/aws"
  version = "~> 4.0"

  name = "${local.prefix}-reconcile"
  type = "express"

  definition = jsonencode({
    StartAt = "Wait"
    States = {
      Wait = { Type = "Wait", Seconds = 5, Next = "Done" }
      Done = { Type = "Succeed" }
    }
  })

  service_integrations = {
    lambda = {
      lambda = [aws_lambda_function.charge.arn]
    }
  }

  tags = local.tags
}
