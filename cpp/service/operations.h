// Every operation of the Step Functions API, one handler each, grouped by file.
#pragma once

#include <functional>
#include <optional>

#include "service/core.h"

namespace sfn::service {

// state_machines.cpp
Response create_state_machine(Core&, const Json&, const CallContext&);
Response describe_state_machine(Core&, const Json&, const CallContext&);
Response update_state_machine(Core&, const Json&, const CallContext&);
Response delete_state_machine(Core&, const Json&, const CallContext&);
Response list_state_machines(Core&, const Json&, const CallContext&);
Response validate_state_machine_definition(Core&, const Json&, const CallContext&);

// versions_aliases.cpp
Response publish_state_machine_version(Core&, const Json&, const CallContext&);
Response list_state_machine_versions(Core&, const Json&, const CallContext&);
Response delete_state_machine_version(Core&, const Json&, const CallContext&);
Response create_state_machine_alias(Core&, const Json&, const CallContext&);
Response describe_state_machine_alias(Core&, const Json&, const CallContext&);
Response update_state_machine_alias(Core&, const Json&, const CallContext&);
Response delete_state_machine_alias(Core&, const Json&, const CallContext&);
Response list_state_machine_aliases(Core&, const Json&, const CallContext&);

// executions.cpp
Response start_execution(Core&, const Json&, const CallContext&);
// StartExecution's work, giving the execution started (or, for an idempotent repeat, the one
// already running). `before_start` sees a new execution published but not yet run.
struct StartOptions {
  std::optional<std::int64_t> start_ms;  // the start time, instead of the clock's
  std::function<void(const ExecutionPtr&)> before_start;
};
Expected<ExecutionPtr, ServiceError> start_execution_record(Core&, const Json& request,
                                                            const CallContext&,
                                                            const StartOptions&);
Response start_sync_execution(Core&, const Json&, const CallContext&);
Response stop_execution(Core&, const Json&, const CallContext&);
Response describe_execution(Core&, const Json&, const CallContext&);
Response describe_state_machine_for_execution(Core&, const Json&, const CallContext&);
Response list_executions(Core&, const Json&, const CallContext&);
Response redrive_execution(Core&, const Json&, const CallContext&);

// history.cpp
Response get_execution_history(Core&, const Json&, const CallContext&);

// activities.cpp
Response create_activity(Core&, const Json&, const CallContext&);
Response describe_activity(Core&, const Json&, const CallContext&);
Response delete_activity(Core&, const Json&, const CallContext&);
Response list_activities(Core&, const Json&, const CallContext&);
Response get_activity_task(Core&, const Json&, const CallContext&);
Response send_task_success(Core&, const Json&, const CallContext&);
Response send_task_failure(Core&, const Json&, const CallContext&);
Response send_task_heartbeat(Core&, const Json&, const CallContext&);

// tags.cpp
Response tag_resource(Core&, const Json&, const CallContext&);
Response untag_resource(Core&, const Json&, const CallContext&);
Response list_tags_for_resource(Core&, const Json&, const CallContext&);

// test_state.cpp
Response test_state(Core&, const Json&, const CallContext&);

// map_runs.cpp
Response list_map_runs(Core&, const Json&, const CallContext&);
Response describe_map_run(Core&, const Json&, const CallContext&);
Response update_map_run(Core&, const Json&, const CallContext&);

}  // namespace sfn::service
