// Redriving a Distributed Map's run with its parent execution: docs/semantics/distributed-map.md
// R1-R10 (AWS, "Redriving Map Runs", and the RedriveExecution, DescribeMapRun and
// MapRunRedrivenEventDetails API references).
#include "engine/map_redrive.h"

#include "engine/context_object.h"
#include "engine/map_iterations.h"

namespace sfn::engine {

namespace {

// R9: AWS's hard limit of redrives of one map run; past it the Map state fails with
// States.Runtime.
constexpr std::int64_t kMaxMapRunRedrives = 1000;

// The child's ExecutionInfo, for its context object (X2), as start_child_execution makes it.
ExecutionInfo redriven_child_info(const Runtime& rt, const MapRunRecord& run,
                                  const ChildExecution& ex) {
  ExecutionInfo info = rt.info;
  info.execution_arn = ex.arn;
  info.name = ex.name;
  info.state_machine_arn = run.state_machine_arn;
  info.state_machine_name = run.state_machine_arn.substr(run.state_machine_arn.rfind(':') + 1);
  info.start_time_ms = ex.start_ms;
  info.redrive_count = ex.redrive_count;
  info.express = false;
  info.synchronous = false;
  return info;
}

void renew_context(Runtime& rt, const MapRunRecord& run, ChildExecution& ex) {
  ex.context = make_context_object(redriven_child_info(rt, run, ex), ex.input, false);
  ex.context_stamp = ContextStamp{};
  ex.context_stamp.has_input = false;
}

}  // namespace

void park_map_run(Runtime& rt, Thread& map_thread) {
  std::unique_ptr<Fanout> fanout = std::move(map_thread.fanout);
  if (!fanout || !fanout->distributed || map_thread.parent >= 0) return;
  // R3: a run that started no child (its ItemReader failed) is started anew.
  if (rt.map_runs[fanout->map_run].child_executions.empty()) return;
  rt.parked_run = Runtime::ParkedRun{map_thread.state, std::move(fanout)};
}

void note_child_resume(Thread& child_root) {
  if (!child_root.child_execution || child_root.state < 0) return;
  child_root.child_execution->resume =
      ChildExecution::ResumePoint{child_root.state, child_root.state_input, child_root.variables};
}

bool redrive_parked_run(Runtime& rt, Thread& map_thread) {
  if (!rt.redriving_map || map_thread.parent >= 0 || !rt.parked_run ||
      rt.parked_run->state != map_thread.state) {
    return false;
  }
  rt.redriving_map = false;
  std::unique_ptr<Fanout> parked = std::move(rt.parked_run->fanout);
  rt.parked_run.reset();
  MapRunRecord& run = rt.map_runs[parked->map_run];
  if (run.redrive_count >= kMaxMapRunRedrives) {
    map_thread.fanout.reset();
    fail_state(rt, map_thread,
               Failure{"States.Runtime", "The Map Run " + run.arn + " has been redriven " +
                                             std::to_string(kMaxMapRunRedrives) +
                                             " times, the most it can be."});
    return true;
  }
  // R4: the settings, items and results of the run stay; what counted its last attempt goes.
  parked->aborting = false;
  parked->running = 0;
  parked->failed = 0;
  parked->children.assign(parked->results.size(), -1);
  parked->progress = -1;
  ++run.redrive_count;
  run.redrive_ms = rt.now_ms;
  run.status = ExecutionStatus::Running;
  run.stop_ms.reset();
  run.results_written.reset();
  run.results_written_items.reset();
  run.redrive_queue.clear();
  run.redrive_next = 0;
  for (std::size_t k = 0; k < run.child_executions.size(); ++k) {
    if (rt.child_executions[run.child_executions[k]]->status != ExecutionStatus::Succeeded) {
      run.redrive_queue.push_back(k);
    }
  }
  map_thread.fanout = std::move(parked);
  auto details = std::make_shared<EventDetails>();
  details->map_run_arn = run.arn;
  details->redrive_count = run.redrive_count;
  std::int64_t redriven = emit(rt, map_thread, EventType::MapRunRedriven, {}, {}, details);
  Fanout& f = *map_thread.fanout;
  // Every child succeeded (the run failed writing its results): nothing runs again.
  if (f.succeeded == f.results.size()) {
    map_completed(rt, map_thread);
    return true;
  }
  start_iterations(rt, map_thread, redriven);
  return true;
}

bool next_redriven_item(Runtime& rt, Thread& map_thread, std::size_t& index) {
  const Fanout& f = *map_thread.fanout;
  if (!f.distributed) return false;
  MapRunRecord& run = rt.map_runs[f.map_run];
  if (run.redrive_next >= run.redrive_queue.size()) return false;
  // Children start in item order, so the k-th child took item k.
  index = run.redrive_queue[run.redrive_next++];
  return true;
}

Thread& restart_child(Runtime& rt, int map_id, std::size_t index) {
  Thread& p = *rt.threads[static_cast<std::size_t>(map_id)];
  const auto& map = p.current().as<asl::MapState>();
  MapRunRecord& run = rt.map_runs[p.fanout->map_run];
  ChildExecution& ex = *rt.child_executions[run.child_executions[index]];
  // R7: the counters follow each child's latest attempt.
  if (ex.status == ExecutionStatus::Failed) --run.items_failed;
  if (ex.status == ExecutionStatus::Aborted) --run.items_aborted;
  ex.status = ExecutionStatus::Running;
  ex.stop_ms.reset();
  ex.failure = Failure{};
  ex.output.reset();
  if (ex.express || !ex.resume) {
    // R6: an EXPRESS child starts again (StartExecution) from the ItemProcessor's first state,
    // under the same ARN; its earlier attempt is not kept.
    ex.log = EventLog{};
    ex.start_ms = rt.now_ms;
    ex.resume.reset();
    renew_context(rt, run, ex);
    auto scope = std::make_shared<VariableScope>();
    scope->outer = p.variables;
    Thread& child = spawn_thread(rt, map.processor, map_id, index, std::move(scope));
    child.log = &ex.log;
    child.child_execution = &ex;
    emit_detached(rt, ex.log, nullptr, 0, EventType::ExecutionStarted, {}, ex.input,
                  rt.child_started_details);
    child.last_event = 0;
    goto_state(rt, child, map.processor.start, ex.input);
    return child;
  }
  // R5: a STANDARD child is redriven (RedriveExecution): same ARN and history, which goes on
  // after ExecutionRedriven, from the state it ended in.
  ChildExecution::ResumePoint resume = std::move(*ex.resume);
  ex.resume.reset();
  ++ex.redrive_count;
  ex.redrive_ms = rt.now_ms;
  renew_context(rt, run, ex);
  Thread& child = spawn_thread(rt, map.processor, map_id, index, std::move(resume.variables));
  child.log = &ex.log;
  child.child_execution = &ex;
  auto details = std::make_shared<EventDetails>();
  details->redrive_count = ex.redrive_count;
  child.last_event = emit_detached(rt, ex.log, nullptr, ex.log.next_id - 1,
                                   EventType::ExecutionRedriven, {}, {}, std::move(details));
  goto_state(rt, child, resume.state, std::move(resume.input));
  return child;
}

}  // namespace sfn::engine
