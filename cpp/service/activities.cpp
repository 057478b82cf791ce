// Activities and task tokens: CreateActivity, DescribeActivity, DeleteActivity,
// ListActivities, GetActivityTask, SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat.
#include <algorithm>

#include "service/errors.h"
#include "service/lookup.h"
#include "service/operations.h"
#include "service/pagination.h"
#include "service/runner.h"

namespace sfn::service {

namespace {

// Tokens this service hands out: "AQ" and 150 base64 characters.
bool looks_like_token(const std::string& token) {
  if (token.size() != 152 || !token.starts_with("AQ")) return false;
  return std::all_of(token.begin(), token.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/';
  });
}

// The execution waiting on `token`: InvalidToken for text that is no token, TaskTimedOut for a
// token whose task has ended.
Expected<ExecutionPtr, ServiceError> waiting_on(Core& core, const std::string& token) {
  if (!looks_like_token(token)) return invalid_token();
  std::shared_lock lock(core.registry.mutex);
  auto it = core.registry.tokens.find(token);
  if (it == core.registry.tokens.end()) return task_timed_out();
  ExecutionPtr record = it->second.lock();
  if (!record) return task_timed_out();
  return record;
}

Response complete(Core& core, const std::string& token, engine::TaskOutcome outcome) {
  if (!looks_like_token(token)) return invalid_token();
  return submit_completion(core, token, std::move(outcome));
}

Expected<Arn, ServiceError> activity_arn_of(const std::string& text) {
  return parse_typed_arn(text, "activity");
}

}  // namespace

Response create_activity(Core& core, const Json& request, const CallContext& context) {
  const std::string& name = *get_string(request, "name");
  if (!is_valid_resource_name(name)) return invalid_name(name);
  std::string arn = activity_arn(context.region, context.account, name);
  std::unique_lock lock(core.registry.mutex);
  auto it = core.registry.activities.find(arn);
  if (it == core.registry.activities.end()) {
    Activity activity;
    activity.arn = arn;
    activity.name = name;
    activity.creation_ms = core.now_ms();
    if (auto tags = request.find("tags"); tags != request.end() && tags->is_array()) {
      for (const auto& tag : *tags) {
        if (tag.is_object())
          activity.tags.emplace_back(tag.value("key", ""), tag.value("value", ""));
      }
    }
    if (auto e = request.find("encryptionConfiguration"); e != request.end() && e->is_object()) {
      activity.encryption = *e;
    }
    it = core.registry.activities.emplace(arn, std::move(activity)).first;
  }
  return Json{{"activityArn", it->second.arn}, {"creationDate", timestamp(it->second.creation_ms)}};
}

Response describe_activity(Core& core, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "activityArn");
  auto parsed = activity_arn_of(arn);
  if (!parsed.ok()) return std::move(parsed).error();
  std::shared_lock lock(core.registry.mutex);
  auto it = core.registry.activities.find(arn);
  if (it == core.registry.activities.end()) return activity_does_not_exist(arn);
  Json out = Json{{"activityArn", it->second.arn},
                  {"name", it->second.name},
                  {"creationDate", timestamp(it->second.creation_ms)}};
  if (!it->second.encryption.is_null()) out["encryptionConfiguration"] = it->second.encryption;
  return out;
}

Response delete_activity(Core& core, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "activityArn");
  auto parsed = activity_arn_of(arn);
  if (!parsed.ok()) return std::move(parsed).error();
  std::unique_lock lock(core.registry.mutex);
  core.registry.activities.erase(arn);
  return Json::object();
}

Response list_activities(Core& core, const Json& request, const CallContext& context) {
  std::shared_lock lock(core.registry.mutex);
  std::vector<const Activity*> activities;
  for (const auto& [arn, activity] : core.registry.activities) activities.push_back(&activity);
  std::sort(activities.begin(), activities.end(),
            [](const auto* a, const auto* b) { return a->name < b->name; });
  std::vector<std::string> keys;
  for (const auto* a : activities) keys.push_back(a->name);
  auto page = paginate(keys, request, "ListActivities:" + context.region);
  if (!page.ok()) return std::move(page).error();
  Json items = Json::array();
  for (std::size_t i = page->begin; i < page->end; ++i) {
    items.push_back(Json{{"activityArn", activities[i]->arn},
                         {"name", activities[i]->name},
                         {"creationDate", timestamp(activities[i]->creation_ms)}});
  }
  Json out = Json{{"activities", std::move(items)}};
  if (page->next_token) out["nextToken"] = *page->next_token;
  return out;
}

Response get_activity_task(Core& core, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "activityArn");
  auto parsed = activity_arn_of(arn);
  if (!parsed.ok()) return std::move(parsed).error();
  // In-process there is no point in a long poll: an empty queue answers at once, as AWS does
  // when its 60-second poll ends without work.
  while (true) {
    ActivityTask task;
    ExecutionPtr record;
    {
      std::unique_lock lock(core.registry.mutex);
      auto it = core.registry.activities.find(arn);
      if (it == core.registry.activities.end()) return activity_does_not_exist(arn);
      auto& queue = it->second.queue;
      while (!queue.empty() && !record) {
        task = std::move(queue.front());
        queue.pop_front();
        record = task.execution.lock();
      }
      if (!record) return Json::object();
    }
    // The worker took it: ActivityStarted{workerName}, and the heartbeat clock starts. A task
    // that timed out while queued is skipped.
    PendingOp op;
    op.kind = PendingOp::Kind::StartActivity;
    op.token = task.token;
    if (const std::string* worker = get_string(request, "workerName")) op.worker_name = *worker;
    if (submit(core, record, std::move(op))) {
      return Json{{"taskToken", task.token}, {"input", task.input}};
    }
  }
}

Response send_task_success(Core& core, const Json& request, const CallContext&) {
  const std::string& token = *get_string(request, "taskToken");
  const std::string& output = *get_string(request, "output");
  // The token is read before the output: a call with no valid token is InvalidToken whatever
  // its output (recorded: aws-sdk:sfn:sendTaskSuccess with the output "ParameterOutput").
  if (!looks_like_token(token)) return invalid_token();
  Json value;
  std::string error;
  if (!parse_text(output, value, error)) {
    return invalid_output_text(output, error);
  }
  return complete(core, token, engine::TaskOutcome::success(std::move(value)));
}

Response send_task_failure(Core& core, const Json& request, const CallContext&) {
  const std::string& token = *get_string(request, "taskToken");
  const std::string* error = get_string(request, "error");
  const std::string* cause = get_string(request, "cause");
  auto outcome = engine::TaskOutcome::failed(error ? *error : "", cause ? *cause : "");
  outcome.failure.has_error = error != nullptr;
  outcome.failure.has_cause = cause != nullptr;
  return complete(core, token, std::move(outcome));
}

Response send_task_heartbeat(Core& core, const Json& request, const CallContext&) {
  const std::string& token = *get_string(request, "taskToken");
  auto record = waiting_on(core, token);
  if (!record.ok()) return std::move(record).error();
  // Restarts the task's HeartbeatSeconds clock; a task that already ended is TaskTimedOut.
  PendingOp op;
  op.kind = PendingOp::Kind::Heartbeat;
  op.token = token;
  if (!submit(core, *record, std::move(op))) return task_timed_out();
  return Json::object();
}

}  // namespace sfn::service
