#include "service/retention.h"

#include <algorithm>

namespace sfn::service {

namespace {

void compact(Registry& registry, const std::string& machine_arn) {
  auto evicted = registry.evicted_by_machine.find(machine_arn);
  auto listed = registry.executions_by_machine.find(machine_arn);
  if (evicted == registry.evicted_by_machine.end() ||
      listed == registry.executions_by_machine.end()) {
    return;
  }
  // Tombstones are skipped by the listing; dropping them when they are half of the list keeps
  // eviction O(1) amortised and the list's order (ListExecutions pages by position).
  if (evicted->second * 2 < listed->second.size()) return;
  std::erase_if(listed->second, [](const ExecutionPtr& e) { return e->evicted; });
  registry.evicted_by_machine.erase(evicted);
  if (listed->second.empty()) registry.executions_by_machine.erase(listed);
}

void evict(Registry& registry, ExecutionRecord& record) {
  if (record.evicted) return;
  record.evicted = true;
  auto found = registry.executions.find(record.arn);
  if (found != registry.executions.end() && found->second.get() == &record) {
    registry.executions.erase(found);
  }
  if (record.machine_deleted) return;  // no longer listed under its state machine
  ++registry.evicted_by_machine[record.state_machine_arn];
  compact(registry, record.state_machine_arn);
}

}  // namespace

void record_closed(Core& core, const ExecutionPtr& record, std::int64_t stop_ms) {
  if (record->express || record->closed) return;
  record->closed = true;
  ++record->closings;
  if (record->machine_deleted) {
    evict(core.registry, *record);
    return;
  }
  core.registry.closed.push_back(Registry::Closed{record, stop_ms, record->closings});
  enforce_retention(core);
}

void record_reopened(ExecutionRecord& record) { record.closed = false; }

void enforce_retention(Core& core) {
  const Retention& keep = core.options.retention;
  Registry& registry = core.registry;
  std::int64_t oldest_kept = core.now_ms() - keep.max_age_ms;
  while (!registry.closed.empty()) {
    const Registry::Closed& first = registry.closed.front();
    ExecutionPtr record = first.record.lock();
    // A redriven record's earlier closings are stale: it is listed again when it closes again.
    bool stale = !record || record->evicted || !record->closed || record->closings != first.closing;
    bool too_many =
        keep.max_closed_executions > 0 && registry.closed.size() > keep.max_closed_executions;
    if (!stale && !too_many && first.stop_ms >= oldest_kept) break;
    if (record && !stale) evict(registry, *record);
    registry.closed.pop_front();
  }
}

void forget_executions_of(Core& core, const std::string& state_machine_arn) {
  Registry& registry = core.registry;
  auto listed = registry.executions_by_machine.find(state_machine_arn);
  if (listed == registry.executions_by_machine.end()) return;
  std::vector<ExecutionPtr> records = std::move(listed->second);
  registry.executions_by_machine.erase(listed);
  registry.evicted_by_machine.erase(state_machine_arn);
  for (const ExecutionPtr& record : records) {
    record->machine_deleted = true;
    if (record->closed && !record->evicted) {
      record->evicted = true;
      auto found = registry.executions.find(record->arn);
      if (found != registry.executions.end() && found->second == record) {
        registry.executions.erase(found);
      }
    }
  }
}

}  // namespace sfn::service
