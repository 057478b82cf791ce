// The AWS SDK integration with Step Functions itself (`arn:aws:states:::aws-sdk:sfn:<action>`)
// for the calls that answer a task token: a Task whose handler delegated it calls the service's
// own SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat, as the integration calls AWS's.
#pragma once

#include "engine/task_invoker.h"
#include "service/core.h"

namespace sfn::service {

// A call of the service refused, as the AWS SDK v2 integration reports it (recorded:
// "Sfn.InvalidTokenException", "Invalid Token: 'Invalid token' (Service: Sfn, Status Code: 400,
// Request ID: <id>)").
engine::TaskOutcome sdk_failure(Core& core, const ServiceError& error);

// `arn:aws:states:::aws-sdk:sfn:sendTaskSuccess` and its siblings (request-response only).
bool is_sdk_task_token_call(const asl::Resource& resource);

// Performs the call for `parent`'s task: `{}` on success, sdk_failure when the service refuses.
engine::TaskOutcome perform_sdk_task_token_call(Core& core, const ExecutionPtr& parent,
                                                const engine::TaskRequest& request);

}  // namespace sfn::service
