// What every state shares: recording events, moving between states, ending threads, and the
// Retry -> Catch -> fail order of error handling.
#include <algorithm>
#include <cmath>

#include "engine/error_matching.h"
#include "engine/io_processing.h"
#include "engine/jsonata_fields.h"
#include "engine/runtime.h"
#include "engine/state_events.h"
#include "engine/timestamp.h"

namespace sfn::engine {

namespace {

// The events AWS records as event 25,000 as they are: the execution's success, and the ends
// that come from outside the state machine (StopExecution, the execution's timeout). Anything
// else becomes the history limit's ExecutionFailed (AWS's "Avoid reaching the history quota":
// "If the event number 25,000 isn't ExecutionSucceeded, the ExecutionFailed event is logged").
bool may_end_full_history(EventType type) {
  return type == EventType::ExecutionSucceeded || type == EventType::ExecutionAborted ||
         type == EventType::ExecutionTimedOut;
}

// Event `log.next_id` is the last the history holds: the execution fails with the error and
// cause AWS records (measured: error States.Runtime, previousEventId the event before).
std::int64_t fail_on_full_history(Runtime& rt, EventLog& log) {
  std::int64_t id = log.next_id++;
  auto details = std::make_shared<EventDetails>();
  details->error = "States.Runtime";
  details->cause = "The execution reached the maximum number of history events (" +
                   std::to_string(rt.limits.max_history_events) + ").";
  log.events.push_back(
      HistoryEvent{EventType::ExecutionFailed, 0, 0, id, id - 1, rt.now_ms, {}, {}, details});
  rt.status = ExecutionStatus::Failed;
  rt.failure = Failure{*details->error, *details->cause, true, true};
  rt.stop_time_ms = rt.now_ms;
  rt.history_full = true;
  return id;
}

}  // namespace

namespace {

std::uint32_t top_lane(EventLog& log) {
  if (log.lanes.empty()) log.lanes.push_back(LaneRecord{0, 0, 1});
  return 0;
}

// 1 + the retries of the thread's current state, as the history's attempts count them.
std::uint16_t attempt_of(const Thread& thread) {
  return static_cast<std::uint16_t>(std::min<std::int64_t>(thread.retry_count + 1, 0xffff));
}

}  // namespace

std::uint32_t lane_of(Runtime& rt, Thread& thread) {
  if (thread.lane != kNoLane) return thread.lane;
  EventLog& log = *thread.log;
  Thread* parent =
      thread.parent >= 0 ? rt.threads[static_cast<std::size_t>(thread.parent)].get() : nullptr;
  if (parent == nullptr || parent->log != thread.log) {
    thread.lane = top_lane(log);
    return thread.lane;
  }
  const std::uint32_t parent_lane = lane_of(rt, *parent);
  log.lanes.push_back(
      LaneRecord{parent_lane, static_cast<std::uint32_t>(thread.slot), attempt_of(*parent)});
  thread.lane = static_cast<std::uint32_t>(log.lanes.size() - 1);
  return thread.lane;
}

std::int64_t emit_detached(Runtime& rt, EventLog& log, Thread* owner, std::int64_t previous,
                           EventType type, std::string_view name, JsonPtr data,
                           std::shared_ptr<const EventDetails> details) {
  if (&log == &rt.log && rt.limits.max_history_events > 0) {
    if (rt.history_full) return log.next_id - 1;
    if (static_cast<std::size_t>(log.next_id) >= rt.limits.max_history_events &&
        !may_end_full_history(type)) {
      return fail_on_full_history(rt, log);
    }
  }
  std::int64_t id = log.next_id++;
  if (rt.limits.record_history &&
      (rt.limits.max_recorded_events == 0 || log.events.size() < rt.limits.max_recorded_events)) {
    const std::uint32_t lane =
        owner != nullptr && owner->log == &log ? lane_of(rt, *owner) : top_lane(log);
    const std::uint16_t attempt = owner != nullptr ? attempt_of(*owner) : 0;
    log.events.push_back(HistoryEvent{type, attempt, lane, id, previous, rt.now_ms, name,
                                      std::move(data), std::move(details)});
  }
  return id;
}

std::int64_t emit(Runtime& rt, Thread& thread, EventType type, std::string_view name, JsonPtr data,
                  std::shared_ptr<const EventDetails> details) {
  thread.last_event = emit_detached(rt, *thread.log, &thread, thread.last_event, type, name,
                                    std::move(data), std::move(details));
  return thread.last_event;
}

Thread& spawn_thread(Runtime& rt, const asl::StateGraph& graph, int parent, std::size_t slot,
                     std::shared_ptr<VariableScope> variables) {
  auto thread = std::make_unique<Thread>();
  thread->id = static_cast<int>(rt.threads.size());
  thread->parent = parent;
  thread->slot = slot;
  thread->graph = &graph;
  thread->variables = std::move(variables);
  // A thread records where the thread that spawned it records and reads that execution's
  // context object: a Parallel branch or an inline Map iteration inside a Distributed Map child
  // belongs to the child (docs/semantics/distributed-map.md X1). start_child_execution then
  // gives a child's root thread a log of its own.
  const Thread* spawner =
      parent >= 0 ? rt.threads[static_cast<std::size_t>(parent)].get() : nullptr;
  thread->log = spawner ? spawner->log : &rt.log;
  thread->child_execution = spawner ? spawner->child_execution : nullptr;
  VariableScope* scope = thread->variables.get();
  thread->lookup = [scope](std::string_view name) { return scope->find(name); };
  Thread* self = thread.get();
  Runtime* runtime = &rt;
  thread->context = [runtime, self] { return &context_for(*runtime, *self); };
  rt.threads.push_back(std::move(thread));
  return *rt.threads.back();
}

void make_ready(Runtime& rt, Thread& thread) { rt.ready.push_back(thread.id); }

void release_task_keys(Runtime& rt, Thread& thread) {
  if (!thread.wait_key.empty()) rt.tokens.erase(thread.wait_key);
  if (!thread.task_token.empty()) {
    auto it = rt.tokens.find(thread.task_token);
    if (it != rt.tokens.end() && it->second == thread.id) rt.tokens.erase(it);
  }
  thread.wait_key.clear();
}

void sleep_until(Runtime& rt, Thread& thread, std::int64_t due_ms) {
  rt.timers.push(Timer{due_ms, rt.timer_sequence++, thread.id, thread.wake_generation});
}

void goto_state(Runtime& rt, Thread& thread, int index, JsonPtr input) {
  if (tested(rt, thread)) {
    const std::string& next = thread.graph->states[static_cast<std::size_t>(index)].name;
    return test_transition(rt, thread, std::move(input), next);
  }
  thread.state = index;
  thread.state_input = std::move(input);
  thread.effective_input.reset();
  thread.phase = Phase::Enter;
  thread.retry_attempts.assign(thread.current().retry.size(), 0);
  thread.retry_count = 0;
  thread.outcome.reset();
  thread.fanout.reset();
  make_ready(rt, thread);
}

void commit_assignments(Thread& thread, const EventDetails* details) {
  if (!details) return;
  for (const auto& [name, value] : details->assigned_variables) thread.variables->set(name, value);
}

void record_entered(Runtime& rt, Thread& thread) {
  const asl::State& state = thread.current();
  thread.entered_time_ms = rt.now_ms;
  thread.entered_event =
      emit(rt, thread, entered_event(state.type), state.name, thread.state_input);
}

Failure runtime_failure(const Thread& thread, const std::string& message) {
  return Failure{"States.Runtime", "An error occurred while executing the state '" +
                                       thread.current().name + "' (entered at the event id #" +
                                       std::to_string(thread.entered_event) + "). " + message};
}

std::optional<Failure> check_depth(const Thread& thread, const Json& value) {
  if (!nested_deeper_than(value, kMaxNestingDepth)) return std::nullopt;
  return too_deep(thread);
}

Failure too_deep(const Thread& thread) {
  return runtime_failure(thread, "The value is nested deeper than the maximum allowed (" +
                                     std::to_string(kMaxNestingDepth) + " levels).");
}

std::optional<Failure> check_size(const Runtime& rt, const Thread& thread, const Json& value,
                                  std::string_view who) {
  TextMeasure measured = measure_text(value);
  if (measured.depth > kMaxNestingDepth) return too_deep(thread);
  if (measured.bytes <= rt.limits.max_payload_bytes) return std::nullopt;
  return Failure{"States.DataLimitExceeded",
                 "The state/task '" + std::string(who) +
                     "' returned a result with a size exceeding the maximum number of bytes "
                     "service limit."};
}

void exit_state(Runtime& rt, Thread& thread, JsonPtr output,
                std::shared_ptr<const EventDetails> exit_details) {
  const asl::State& state = thread.current();
  if (output.get() != thread.state_input.get()) {
    if (auto too_big = check_size(rt, thread, *output, state.name)) {
      thread_failed(rt, thread, std::move(*too_big));
      return;
    }
  }
  commit_assignments(thread, exit_details.get());
  emit(rt, thread, exited_event(state.type), state.name, output, std::move(exit_details));
  if (state.end || state.next_index < 0) {
    thread_succeeded(rt, thread, std::move(output));
  } else {
    goto_state(rt, thread, state.next_index, std::move(output));
  }
}

namespace {

std::int64_t retry_delay_ms(Runtime& rt, const asl::Retrier& retrier, std::int64_t attempt) {
  double seconds = static_cast<double>(retrier.interval_seconds) *
                   std::pow(retrier.backoff_rate, static_cast<double>(attempt));
  if (retrier.max_delay_seconds) {
    seconds = std::min(seconds, static_cast<double>(*retrier.max_delay_seconds));
  }
  if (retrier.jitter == asl::Retrier::Jitter::Full) seconds *= rt.rng.next_double();
  return static_cast<std::int64_t>(std::llround(seconds * 1000.0));
}

// TestState: the first matching retrier with attempts left (counted by retrierRetryCount)
// makes the state RETRIABLE with the backoff it would wait; one without attempts left is
// reported as spent and the failure goes on to Catch.
bool test_retry(StateTest& test, const asl::Retrier& retrier, std::size_t index,
                const Failure& failure) {
  if (test.retrier_retry_count >= retrier.max_attempts) {
    test.inspection["errorDetails"] = Json{{"retryIndex", index}};
    return false;
  }
  double seconds = static_cast<double>(retrier.interval_seconds) *
                   std::pow(retrier.backoff_rate, static_cast<double>(test.retrier_retry_count));
  if (retrier.max_delay_seconds) {
    seconds = std::min(seconds, static_cast<double>(*retrier.max_delay_seconds));
  }
  test.inspection["errorDetails"] =
      Json{{"retryBackoffIntervalSeconds", static_cast<std::int64_t>(std::llround(seconds))},
           {"retryIndex", index}};
  test.status = TestStatus::Retriable;
  test.failure = failure;
  test.done = true;
  return true;
}

bool try_retry(Runtime& rt, Thread& thread, const Failure& failure) {
  const asl::State& state = thread.current();
  if (!is_retriable(failure.error)) return false;
  for (std::size_t i = 0; i < state.retry.size(); ++i) {
    const asl::Retrier& retrier = state.retry[i];
    if (!error_matches(retrier.error_equals, failure.error)) continue;
    if (StateTest* test = tested(rt, thread)) return test_retry(*test, retrier, i, failure);
    if (thread.retry_attempts[i] >= retrier.max_attempts) return false;
    std::int64_t delay = retry_delay_ms(rt, retrier, thread.retry_attempts[i]);
    ++thread.retry_attempts[i];
    ++thread.retry_count;
    thread.outcome.reset();
    thread.fanout.reset();
    thread.phase = state.type == asl::StateType::Task ? Phase::RetryTask : Phase::FanoutStart;
    ++thread.wake_generation;
    sleep_until(rt, thread, rt.now_ms + delay);
    return true;
  }
  return false;
}

// The Cause a Catch sees. A timeout records no cause in its events (TaskTimedOut,
// ExecutionFailed), yet the error output a Catch receives holds an empty one
// (docs/semantics/service-integrations.md T7); any other absent cause is null.
Json caught_cause(const Failure& failure) {
  if (failure.has_cause) return Json(failure.cause);
  if (failure.has_error && failure.error == "States.Timeout") return Json("");
  return Json(nullptr);
}

bool try_catch(Runtime& rt, Thread& thread, const Failure& failure) {
  const asl::State& state = thread.current();
  if (!is_catchable(failure.error)) return false;
  for (std::size_t index = 0; index < state.catchers.size(); ++index) {
    const asl::Catcher& catcher = state.catchers[index];
    if (!error_matches(catcher.error_equals, failure.error)) continue;
    if (StateTest* test = tested(rt, thread)) {
      test->catch_index = index;  // the transition below ends the test: CAUGHT_ERROR
      test->failure = failure;
    }
    Json error_output = Json::object();
    error_output["Error"] = failure.has_error ? Json(failure.error) : Json(nullptr);
    error_output["Cause"] = caught_cause(failure);
    if (state.query_language == asl::QueryLanguage::JSONata) {
      auto caught = catch_jsonata(rt, thread, catcher, index, share(std::move(error_output)));
      if (!caught.ok()) {
        thread_failed(rt, thread, std::move(caught).error());
        return true;
      }
      commit_assignments(thread, caught->assigned.get());
      emit(rt, thread, exited_event(state.type), state.name, caught->output,
           std::move(caught->assigned));
      goto_state(rt, thread, catcher.next_index, std::move(caught->output));
      return true;
    }
    auto output =
        apply_result_path(catcher.result_path, thread.state_input, share(std::move(error_output)));
    if (!output.ok()) {
      thread_failed(rt, thread, runtime_failure(thread, output.error()));
      return true;
    }
    std::shared_ptr<const EventDetails> details;
    if (catcher.assign) {
      auto assigned = assign_variables(rt, thread, *catcher.assign, *output.value());
      if (!assigned.ok()) {
        thread_failed(rt, thread, std::move(assigned).error());
        return true;
      }
      details = std::move(assigned.value());
    }
    commit_assignments(thread, details.get());
    emit(rt, thread, exited_event(state.type), state.name, output.value(), std::move(details));
    goto_state(rt, thread, catcher.next_index, std::move(output.value()));
    return true;
  }
  return false;
}

}  // namespace

bool retry_state(Runtime& rt, Thread& thread, const Failure& failure) {
  return try_retry(rt, thread, failure);
}

void catch_or_fail(Runtime& rt, Thread& thread, Failure failure) {
  if (try_catch(rt, thread, failure)) return;
  thread_failed(rt, thread, std::move(failure));
}

void fail_state(Runtime& rt, Thread& thread, Failure failure) {
  if (try_retry(rt, thread, failure)) return;
  catch_or_fail(rt, thread, std::move(failure));
}

void thread_succeeded(Runtime& rt, Thread& thread, JsonPtr output) {
  thread.phase = Phase::Finished;
  if (tested(rt, thread)) return test_transition(rt, thread, std::move(output), "");
  if (thread.parent >= 0) rt.ended.push_back(thread.id);
  if (thread.parent < 0) {
    if (rt.status != ExecutionStatus::Running) return;  // the history limit ended it
    emit(rt, thread, EventType::ExecutionSucceeded, {}, output);
    rt.status = ExecutionStatus::Succeeded;
    rt.output = std::move(output);
    rt.stop_time_ms = rt.now_ms;
    return;
  }
  Thread* parent = rt.threads[static_cast<std::size_t>(thread.parent)].get();
  if (parent) child_succeeded(rt, *parent, thread, std::move(output));
}

void thread_failed(Runtime& rt, Thread& thread, Failure failure) {
  thread.phase = Phase::Finished;
  ++thread.wake_generation;
  if (StateTest* test = tested(rt, thread)) {
    test->status = TestStatus::Failed;
    test->failure = std::move(failure);
    test->output.reset();
    test->done = true;
    return;
  }
  if (thread.parent >= 0) rt.ended.push_back(thread.id);
  if (thread.parent < 0) {
    if (rt.status != ExecutionStatus::Running) return;  // the history limit ended it
    auto details = std::make_shared<EventDetails>();
    if (failure.has_error) details->error = failure.error;
    if (failure.has_cause) details->cause = failure.cause;
    emit(rt, thread, EventType::ExecutionFailed, {}, {}, std::move(details));
    rt.status = ExecutionStatus::Failed;
    rt.failure = std::move(failure);
    rt.stop_time_ms = rt.now_ms;
    return;
  }
  Thread* parent = rt.threads[static_cast<std::size_t>(thread.parent)].get();
  if (parent) child_failed(rt, *parent, thread, failure);
}

const Json& context_for(Runtime& rt, Thread& thread, bool with_input) {
  if (rt.test && rt.test->context_given) return rt.context;
  const asl::State& state = thread.current();
  Json& context = thread.child_execution ? thread.child_execution->context : rt.context;
  ContextStamp& stamp =
      thread.child_execution ? thread.child_execution->context_stamp : rt.context_stamp;
  const JsonPtr& input = thread.child_execution ? thread.child_execution->input : rt.input;
  if (!stamp.has_input && (with_input || !input)) {
    stamp.has_input = true;
    auto execution = context.find("Execution");
    if (execution != context.end() && execution->is_object()) {
      (*execution)["Input"] = input ? *input : Json::object();
    }
  }
  // TestState's default context (AWS, recorded): the state is named "StateName" whatever it is
  // called, and a Map reports its RetryCount as a Task does.
  bool counts_retries =
      state.type == asl::StateType::Task || (rt.test && state.type == asl::StateType::Map);
  std::int64_t retry_count = counts_retries ? thread.retry_count : 0;
  if (stamp.state != &state || stamp.entered_ms != thread.entered_time_ms ||
      stamp.retry_count != retry_count || stamp.task_token != thread.task_token) {
    stamp.state = &state;
    stamp.entered_ms = thread.entered_time_ms;
    stamp.retry_count = retry_count;
    stamp.task_token = thread.task_token;
    Json state_info = Json::object();
    state_info["Name"] = rt.test ? std::string("StateName") : state.name;
    state_info["EnteredTime"] = format_timestamp(thread.entered_time_ms);
    if (counts_retries) state_info["RetryCount"] = retry_count;
    context["State"] = std::move(state_info);
    if (!thread.task_token.empty()) {
      context["Task"] = Json{{"Token", thread.task_token}};
    } else if (context.contains("Task")) {
      context.erase("Task");
    }
  }
  if (context.contains("Map")) context.erase("Map");
  return context;
}

path::Scope scope_for(Runtime& rt, Thread& thread, const Json& input) {
  return path::Scope{&input, nullptr, &thread.lookup, &thread.context};
}

}  // namespace sfn::engine
