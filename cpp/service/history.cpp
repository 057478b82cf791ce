// GetExecutionHistory: the engine's events in the API's wire shape, a page at a time.
#include "service/lookup.h"
#include "service/operations.h"
#include "service/pagination.h"

namespace sfn::service {

Response get_execution_history(Core& core, const Json& request, const CallContext&) {
  const std::string& arn = *get_string(request, "executionArn");
  auto found = lookup_any_execution(core, arn);
  if (!found.ok()) return std::move(found).error();
  ExecutionRef ref = std::move(found.value());
  const ExecutionPtr& record = ref.record;
  engine::RenderOptions options;
  options.include_execution_data = get_bool(request, "includeExecutionData", true);
  bool reverse = get_bool(request, "reverseOrder", false);

  // Reading waits for the execution's current step; a task handler reading its own
  // execution's history holds the (recursive) lock already.
  std::lock_guard lock(record->engine_mutex);
  const auto& events =
      ref.child ? record->engine->child_execution(*ref.child).history : record->engine->history();
  auto page = paginate_positions(events.size(), request,
                                 std::string(reverse ? "HistoryReverse:" : "History:") + arn);
  if (!page.ok()) return std::move(page).error();
  Json out_events = Json::array();
  for (std::size_t i = page->begin; i < page->end; ++i) {
    std::size_t index = reverse ? events.size() - 1 - i : i;
    out_events.push_back(engine::to_api_json(events[index], options));
  }
  Json out = Json{{"events", std::move(out_events)}};
  if (page->next_token) out["nextToken"] = *page->next_token;
  return out;
}

}  // namespace sfn::service
