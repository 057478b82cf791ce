// Map: one child thread per item, at most MaxConcurrency at a time, results in item order.
// Inline iterations record MapIteration* events in the execution's history; Distributed Map
// iterations run as child executions with histories of their own, framed by MapRun* events.
#include "engine/context_object.h"
#include "engine/io_processing.h"
#include "engine/item_stream.h"
#include "engine/jsonata_fields.h"
#include "engine/map_distributed.h"
#include "engine/map_items.h"
#include "engine/map_iterations.h"
#include "engine/map_redrive.h"
#include "engine/path_numbers.h"
#include "engine/runtime.h"

namespace sfn::engine {

namespace {

std::shared_ptr<EventDetails> index_details(std::size_t index) {
  auto d = std::make_shared<EventDetails>();
  d->index = static_cast<std::int64_t>(index);
  return d;
}

// MaxConcurrency / MaxConcurrencyPath; 0 means unbounded.
Expected<std::size_t, std::string> max_concurrency(Runtime& rt, Thread& thread) {
  const auto& map = thread.current().as<asl::MapState>();
  if (map.max_concurrency.value) return static_cast<std::size_t>(*map.max_concurrency.value);
  if (!map.max_concurrency.path) return std::size_t{0};
  const path::Path& p = *map.max_concurrency.path;
  auto selected = path::select(p, scope_for(rt, thread, *thread.effective_input));
  if (!selected.ok()) return "Invalid path '" + p.text + "' : " + selected.error().message;
  const Json& v = selected->value();
  auto n = path_integer(v);
  if (!n || *n < 0) {
    return "The MaxConcurrencyPath field refers to value \"" + referenced_value_text(v) +
           "\" which is not a valid integer: " + p.text;
  }
  return static_cast<std::size_t>(*n);
}

// ToleratedFailureCount[Path] / ToleratedFailurePercentage[Path] into the fanout.
std::optional<std::string> tolerated_failures(Runtime& rt, Thread& thread, Fanout& f) {
  const auto& map = thread.current().as<asl::MapState>();
  if (map.tolerated_failure_count.value) {
    f.tolerated_failure_count = *map.tolerated_failure_count.value;
    f.has_tolerated_count = true;
  } else if (map.tolerated_failure_count.path) {
    const path::Path& p = *map.tolerated_failure_count.path;
    auto selected = path::select(p, scope_for(rt, thread, *thread.effective_input));
    if (!selected.ok()) return "Invalid path '" + p.text + "' : " + selected.error().message;
    const Json& v = selected->value();
    auto n = path_integer(v);
    if (!n) {
      return "The ToleratedFailureCountPath field refers to value \"" + referenced_value_text(v) +
             "\" which is not a valid integer: " + p.text;
    }
    f.tolerated_failure_count = *n;
    f.has_tolerated_count = true;
  }
  if (f.has_tolerated_count && f.tolerated_failure_count < 0) {
    return std::string("ToleratedFailureCount cannot be negative.");
  }
  if (map.tolerated_failure_percentage) {
    f.tolerated_failure_percentage = *map.tolerated_failure_percentage;
    f.has_tolerated_percentage = true;
  } else if (map.tolerated_failure_percentage_path) {
    const path::Path& p = *map.tolerated_failure_percentage_path;
    auto selected = path::select(p, scope_for(rt, thread, *thread.effective_input));
    if (!selected.ok()) return "Invalid path '" + p.text + "' : " + selected.error().message;
    const Json& v = selected->value();
    auto percentage = path_float(v);
    if (!percentage) {
      return "The ToleratedFailurePercentagePath field refers to value \"" +
             referenced_value_text(v) + "\" which is not a valid float: " + p.text;
    }
    f.tolerated_failure_percentage = *percentage;
    f.has_tolerated_percentage = true;
  }
  if (f.has_tolerated_percentage &&
      (f.tolerated_failure_percentage < 0 || f.tolerated_failure_percentage > 100)) {
    return std::string("ToleratedFailurePercentage must be between 0 and 100.");
  }
  return std::nullopt;
}

std::string map_run_arn(Runtime& rt, const asl::State& state, std::string& child_machine) {
  const auto& map = state.as<asl::MapState>();
  std::string label = map.label.empty() ? rt.rng.uuid4().substr(0, 8) : map.label;
  child_machine = rt.info.state_machine_name + "/" + label;
  return "arn:aws:states:" + rt.info.region + ":" + rt.info.account + ":mapRun:" + child_machine +
         ":" + rt.rng.uuid4();
}

std::shared_ptr<EventDetails> failure_details(const Failure& failure) {
  auto d = std::make_shared<EventDetails>();
  if (failure.has_error) d->error = failure.error;
  if (failure.has_cause) d->cause = failure.cause;
  return d;
}

// [recorded] An ItemReader failure: MapRunFailed (with the error), MapStateFailed, then the
// state's Retry / Catch (test_map_item_reader_csv_headers_decl_duplicate_headers).
void fail_map_run(Runtime& rt, Thread& thread, Failure failure) {
  MapRunRecord& run = rt.map_runs[thread.fanout->map_run];
  run.status = ExecutionStatus::Failed;
  run.stop_ms = rt.now_ms;
  emit(rt, thread, EventType::MapRunFailed, {}, {}, failure_details(failure));
  park_map_run(rt, thread);  // R1: a run that failed writing its results can be redriven
  if (retry_state(rt, thread, failure)) return;
  emit(rt, thread, EventType::MapStateFailed);
  catch_or_fail(rt, thread, std::move(failure));
}

// $$.Map.Item for iteration `index`: its Index and Value, and for an object's member (E18) its
// Key, the Value being the member's value.
Json map_item_context(const Fanout& f, std::size_t index, const Json& item) {
  if (f.keyed) return Json{{"Index", index}, {"Key", item["Key"]}, {"Value", item["Value"]}};
  return Json{{"Index", index}, {"Value", item}};
}

// The input of iteration `index` of `item`: ItemSelector (with $$.Map.Item) or the item.
Expected<JsonPtr> select_item(Runtime& rt, Thread& p, std::size_t index, JsonPtr item_ptr) {
  const auto& map = p.current().as<asl::MapState>();
  if (!map.item_selector_jsonata && !map.item_selector) return item_ptr;
  const Json& item = *item_ptr;
  context_for(rt, p);
  Json& context = p.child_execution ? p.child_execution->context : rt.context;
  context["Map"] = Json{{"Item", map_item_context(*p.fanout, index, item)}};
  Expected<JsonPtr> out = JsonPtr();
  if (map.item_selector_jsonata) {
    JsonataFields fields;
    fields.input = p.state_input;
    fields.context = &context;
    out = evaluate_jsonata(rt, p, *map.item_selector_jsonata, "ItemSelector", fields);
  } else {
    path::Scope scope_view{p.effective_input.get(), &context, &p.lookup};
    auto selected = payload::evaluate(*map.item_selector, scope_view, rt.rng);
    if (selected.ok()) {
      out = share(std::move(selected.value()));
    } else {
      out = with_state_context(p, std::move(selected).error());
    }
  }
  context.erase("Map");
  return out;
}

void use_items(Runtime& rt, Fanout& f, JsonPtr items, std::shared_ptr<ItemStream> stream = {}) {
  const std::size_t count = stream ? stream->size : items->size();
  f.children.assign(count, -1);
  f.results.assign(count, nullptr);
  f.items = std::move(items);
  f.stream = std::move(stream);
  if (f.distributed) rt.map_runs[f.map_run].items_total = static_cast<std::int64_t>(count);
}

// S2e: an ItemBatcher over the reader's stream. Every item is read (and put through
// ItemSelector) once before any child starts, as batching an array of them does: a selector's
// failure fails the map run, random values come in the same order, and the batches' sizes,
// hence DescribeMapRun's counts, are known from the start. The selected items are kept as
// compact lines (the items themselves, when there is no selector, are read again), and each
// batch is cut from them as its child starts.
std::optional<Failure> batch_streamed_items(Runtime& rt, Thread& thread) {
  const auto& map = thread.current().as<asl::MapState>();
  Fanout& f = *thread.fanout;
  std::shared_ptr<ItemStream> items = f.stream;
  const bool selector = map.item_selector || map.item_selector_jsonata;
  ItemStream selected = item_lines();
  std::vector<std::size_t> item_sizes;
  item_sizes.reserve(items->size);
  for (std::size_t i = 0; items->taken < items->size; ++i) {
    JsonPtr item = share(next_item(*items));
    if (selector) {
      auto input = select_item(rt, thread, i, std::move(item));
      if (!input.ok()) return std::move(input).error();
      item = std::move(input.value());
      add_item(selected, *item);
    }
    item_sizes.push_back(text_size(*item));
  }
  auto settings = batch_settings(rt, thread);
  if (!settings.ok()) return std::move(settings).error();
  ItemBatching batching{cut_batches(*settings, item_sizes), std::move(settings->base)};
  MapRunRecord& run = rt.map_runs[f.map_run];
  run.item_total = static_cast<std::int64_t>(item_sizes.size());
  run.batch_sizes = batching.sizes;
  if (selector) items = std::make_shared<ItemStream>(std::move(selected));
  batch_stream(*items, std::move(batching));
  use_items(rt, f, nullptr, std::move(items));
  f.items_are_inputs = true;
  return std::nullopt;
}

// A Distributed Map's items from its ItemReader, then in ItemBatcher batches.
std::optional<Failure> prepare_distributed_items(Runtime& rt, Thread& thread) {
  const auto& map = thread.current().as<asl::MapState>();
  if (map.reader) {
    auto read = read_items(rt, thread);
    if (!read.ok()) return std::move(read).error();
    use_items(rt, *thread.fanout, std::move(read->items), std::move(read->stream));
  }
  if (map.batcher && thread.fanout->stream) return batch_streamed_items(rt, thread);
  if (map.batcher) {
    JsonPtr items = thread.fanout->items;
    Json selected = Json::array();
    for (std::size_t i = 0; i < items->size(); ++i) {
      auto input = select_item(rt, thread, i, JsonPtr(items, &(*items)[i]));
      if (!input.ok()) return std::move(input).error();
      selected.push_back(**input);
    }
    auto batches = batch_items(rt, thread, selected);
    if (!batches.ok()) return std::move(batches).error();
    MapRunRecord& run = rt.map_runs[thread.fanout->map_run];
    run.item_total = static_cast<std::int64_t>(selected.size());
    for (const Json& batch : **batches)
      run.batch_sizes.push_back(static_cast<std::int64_t>(batch["Items"].size()));
    use_items(rt, *thread.fanout, std::move(batches.value()));
    thread.fanout->items_are_inputs = true;
  }
  return std::nullopt;
}

// TestState: what AWS inspects of a Map (its concurrency and tolerance, as evaluated).
void note_map_settings(Runtime& rt, const Thread& thread, const Fanout& f) {
  if (!tested(rt, thread)) return;
  note(rt, thread, "maxConcurrency", static_cast<std::int64_t>(f.max_concurrency));
  if (f.has_tolerated_count) note(rt, thread, "toleratedFailureCount", f.tolerated_failure_count);
  if (f.has_tolerated_percentage) {
    note(rt, thread, "toleratedFailurePercentage", f.tolerated_failure_percentage);
  }
}

// TestState: the iterations' inputs a mocked Map would have given, as botocore documents them:
// afterItemSelector ("an array containing the inputs for each Map iteration, transformed by the
// ItemSelector") and afterItemBatcher (the batches). Only when the Map declares them, and only
// for items its input holds (an ItemReader's are not read). AWS has recorded neither member, nor
// what a selector that fails to evaluate does to a mocked Map; so such a failure only leaves the
// member out and never changes the answer.
void note_iteration_inputs(Runtime& rt, Thread& thread) {
  const auto& map = thread.current().as<asl::MapState>();
  bool selector = map.item_selector || map.item_selector_jsonata;
  if (map.reader || (!selector && !map.batcher)) return;
  JsonPtr items = thread.fanout->items;
  Json selected = Json::array();
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto input = select_item(rt, thread, i, JsonPtr(items, &(*items)[i]));
    if (!input.ok()) return;
    selected.push_back(**input);
  }
  if (selector) note(rt, thread, "afterItemSelector", selected);
  if (map.batcher) {
    auto batches = batch_items(rt, thread, selected);
    if (batches.ok()) note(rt, thread, "afterItemBatcher", **batches);
  }
}

void start_map(Runtime& rt, Thread& thread) {
  Fanout& f = *thread.fanout;
  if (tested(rt, thread)) {
    if (auto problem = tolerated_failures(rt, thread, f)) {
      thread.fanout.reset();
      return fail_state(rt, thread, runtime_failure(thread, *problem));
    }
    note_map_settings(rt, thread, f);
    note_iteration_inputs(rt, thread);
    return test_fanout(rt, thread);
  }
  auto d = std::make_shared<EventDetails>();
  d->length = static_cast<std::int64_t>(f.results.size());
  std::int64_t started = emit(rt, thread, EventType::MapStateStarted, {}, {}, std::move(d));
  thread.phase = Phase::FanoutJoin;
  if (auto problem = tolerated_failures(rt, thread, f)) {
    thread.fanout.reset();
    return fail_state(rt, thread, runtime_failure(thread, *problem));
  }
  if (auto problem = f.distributed ? max_items_path_problem(rt, thread) : std::nullopt) {
    thread.fanout.reset();
    return fail_state(rt, thread, std::move(*problem));
  }
  if (f.distributed) {
    // R1: a redrive of the execution redrives the run it parked here.
    if (redrive_parked_run(rt, thread)) return;
    if (thread.parent < 0) rt.parked_run.reset();  // a new run supersedes the parked one
    MapRunRecord run;
    std::string child_machine;
    run.arn = map_run_arn(rt, thread.current(), child_machine);
    run.state_machine_arn = "arn:aws:states:" + rt.info.region + ":" + rt.info.account +
                            ":stateMachine:" + child_machine;
    run.start_ms = rt.now_ms;
    run.max_concurrency = static_cast<std::int64_t>(f.max_concurrency);
    run.tolerated_failure_count = f.tolerated_failure_count;
    run.tolerated_failure_percentage = f.tolerated_failure_percentage;
    run.items_total = static_cast<std::int64_t>(f.results.size());
    const auto& map = thread.current().as<asl::MapState>();
    run.writes_results = map.writer_resource.has_value();
    auto rd = std::make_shared<EventDetails>();
    rd->map_run_arn = run.arn;
    f.map_run = rt.map_runs.size();
    rt.map_runs.push_back(std::move(run));
    emit(rt, thread, EventType::MapRunStarted, {}, {}, std::move(rd));
    if (auto problem = prepare_distributed_items(rt, thread))
      return fail_map_run(rt, thread, std::move(*problem));
  }
  if (f.results.empty()) return map_completed(rt, thread);
  start_iterations(rt, thread, started);
}

// [recorded] A JSONata Map failing before its iterations start records MapStateFailed (after
// EvaluationFailed) before its Catch or the execution's failure.
void fail_before_start(Runtime& rt, Thread& thread, Failure failure) {
  if (retry_state(rt, thread, failure)) return;
  emit(rt, thread, EventType::MapStateFailed);
  catch_or_fail(rt, thread, std::move(failure));
}

// A JSONata Map: Items (default: the state's input), MaxConcurrency and the tolerated failures
// may be expressions; their failures are States.QueryEvaluationError.
void begin_jsonata(Runtime& rt, Thread& thread) {
  const auto& map = thread.current().as<asl::MapState>();
  JsonataFields fields;
  fields.input = thread.state_input;
  JsonPtr items = thread.state_input;
  if (map.reader && map.distributed) {
    items = share(Json::array());  // the ItemReader supplies them once the map run starts
  } else if (map.items) {
    auto value = evaluate_jsonata(rt, thread, *map.items, "Items", fields);
    if (!value.ok()) return fail_before_start(rt, thread, std::move(value).error());
    items = std::move(value.value());
    if (!items->is_array() && !items->is_object())
      return fail_before_start(rt, thread,
                               unexpected_type(rt, thread, *map.items, "Items", "array", *items));
  } else if (!items->is_array() && !items->is_object()) {
    return fail_before_start(
        rt, thread,
        query_failure(rt, thread, "",
                      "Map state input must be an array but was: " + to_text(*items)));
  }
  auto fanout = std::make_unique<Fanout>();
  // E18: an object's members are the items, as {Key, Value} pairs.
  if (items->is_object()) {
    items = share(object_entries(*items));
    fanout->keyed = true;
  }
  if (map.max_concurrency.value) {
    fanout->max_concurrency = static_cast<std::size_t>(*map.max_concurrency.value);
  } else if (map.max_concurrency.expression) {
    auto n =
        jsonata_integer(rt, thread, *map.max_concurrency.expression, "MaxConcurrency", fields, 0);
    if (!n.ok()) return fail_before_start(rt, thread, std::move(n).error());
    fanout->max_concurrency = static_cast<std::size_t>(*n);
  }
  if (map.tolerated_failure_count.expression) {
    auto n = jsonata_integer(rt, thread, *map.tolerated_failure_count.expression,
                             "ToleratedFailureCount", fields, 0);
    if (!n.ok()) return fail_before_start(rt, thread, std::move(n).error());
    fanout->tolerated_failure_count = *n;
    fanout->has_tolerated_count = true;
  }
  if (map.tolerated_failure_percentage_expression) {
    const auto& tpl = *map.tolerated_failure_percentage_expression;
    auto v = evaluate_jsonata(rt, thread, tpl, "ToleratedFailurePercentage", fields);
    if (!v.ok()) return fail_before_start(rt, thread, std::move(v).error());
    if (!v.value()->is_number()) {
      return fail_before_start(
          rt, thread,
          unexpected_type(rt, thread, tpl, "ToleratedFailurePercentage", "number", *v.value()));
    }
    fanout->tolerated_failure_percentage = v.value()->get<double>();
    fanout->has_tolerated_percentage = true;
  }
  fanout->children.assign(items->size(), -1);
  fanout->results.resize(items->size());
  fanout->items = std::move(items);
  fanout->distributed = map.distributed;
  thread.fanout = std::move(fanout);
  start_map(rt, thread);
}

// Sets up the fanout (again, on a retry) and starts.
void begin(Runtime& rt, Thread& thread) {
  const auto& map = thread.current().as<asl::MapState>();
  JsonPtr items = thread.effective_input;
  if (thread.current().query_language == asl::QueryLanguage::JSONata)
    return begin_jsonata(rt, thread);
  if (map.reader && map.distributed) {
    // [recorded] ItemsPath does not apply to what an ItemReader reads, and the input need not
    // be an array (test_map_item_reader_base_json_with_items_path[INVALID_ITEMS_PATH]).
    items = share(Json::array());
  } else if (map.items_path &&
             !(map.items_path->identity && map.items_path->root == path::Root::Input)) {
    auto selected = path::select(*map.items_path, scope_for(rt, thread, *thread.effective_input));
    if (!selected.ok()) {
      return fail_state(rt, thread,
                        runtime_failure(thread, "Invalid path '" + map.items_path->text +
                                                    "' : " + selected.error().message));
    }
    items = selected->ref && map.items_path->root == path::Root::Input
                ? JsonPtr(thread.effective_input, selected->ref)
                : share(std::move(selected.value()).take());
  }
  if (!items->is_array() && tested(rt, thread)) {
    // [recorded] TestState refuses the selection before it is inspected, in the words of the
    // reference path (test_state_map_context_object[ALL], [EXECUTION_INPUT]).
    return fail_state(rt, thread,
                      test_items_not_array(map.items_path ? &*map.items_path : nullptr));
  }
  note(rt, thread, "afterItemsPath", *items);
  // E18: an object's members are the items, as {Key, Value} pairs.
  bool keyed = items->is_object();
  if (keyed) items = share(object_entries(*items));
  if (!items->is_array()) {
    return fail_state(
        rt, thread,
        runtime_failure(thread, "Map state input must be an array but was: " + to_text(*items)));
  }
  auto limit = max_concurrency(rt, thread);
  if (!limit.ok()) return fail_state(rt, thread, runtime_failure(thread, limit.error()));
  auto fanout = std::make_unique<Fanout>();
  fanout->keyed = keyed;
  fanout->children.assign(items->size(), -1);
  fanout->results.resize(items->size());
  fanout->max_concurrency = *limit;
  fanout->items = std::move(items);
  fanout->distributed = map.distributed;
  thread.fanout = std::move(fanout);
  start_map(rt, thread);
}

// A Distributed Map iteration: a child execution with its own history and context object.
ChildExecution& start_child_execution(Runtime& rt, Thread& map_thread, Thread& child,
                                      const JsonPtr& input) {
  MapRunRecord& run = rt.map_runs[map_thread.fanout->map_run];
  auto ex = std::make_unique<ChildExecution>();
  ex->name = rt.rng.uuid4();
  std::string child_machine = run.state_machine_arn.substr(run.state_machine_arn.rfind(':') + 1);
  ex->arn = "arn:aws:states:" + rt.info.region + ":" + rt.info.account +
            ":execution:" + child_machine + ":" + ex->name;
  ex->map_run = map_thread.fanout->map_run;
  ex->input = input;
  ex->start_ms = rt.now_ms;
  ex->express = map_thread.current().as<asl::MapState>().execution_type == "EXPRESS";
  ExecutionInfo info = rt.info;
  info.execution_arn = ex->arn;
  info.name = ex->name;
  info.state_machine_arn = run.state_machine_arn;
  info.state_machine_name = child_machine;
  info.start_time_ms = rt.now_ms;
  // A child execution is named like a Standard one (":execution:"), whatever its parent.
  info.express = false;
  info.synchronous = false;
  ex->context = make_context_object(info, input, /*with_input=*/false);
  ex->context_stamp.has_input = false;
  run.child_executions.push_back(rt.child_executions.size());
  child.log = &ex->log;
  child.child_execution = ex.get();
  if (!rt.child_started_details) {
    auto details = std::make_shared<EventDetails>();
    details->role_arn = rt.info.role_arn;
    rt.child_started_details = std::move(details);
  }
  emit_detached(rt, ex->log, nullptr, 0, EventType::ExecutionStarted, {}, input,
                rt.child_started_details);
  child.last_event = 0;
  rt.child_executions.push_back(std::move(ex));
  return *rt.child_executions.back();
}

}  // namespace

namespace {

// Whether nothing reads the Map's results: ResultPath null with no ResultSelector or Assign to
// evaluate against them.
bool discards_results(const asl::State& state) {
  return state.query_language == asl::QueryLanguage::JSONPath && !state.result_selector &&
         !state.assign && state.result_path.mode == asl::ResultPath::Mode::Null;
}

}  // namespace

void map_completed(Runtime& rt, Thread& map_thread) {
  Fanout& f = *map_thread.fanout;
  const auto& map = map_thread.current().as<asl::MapState>();
  JsonPtr output;
  if (f.distributed && (map.writer_resource || map.writer_config)) {
    auto written = write_results(rt, map_thread);
    if (!written.ok()) return fail_map_run(rt, map_thread, std::move(written).error());
    output = std::move(written.value());
  } else {
    Json results = Json::array();
    // Building the array copies every iteration's output (the history holds the originals).
    if (!discards_results(map_thread.current())) {
      for (auto& r : f.results) results.push_back(r ? *r : Json(nullptr));
    }
    output = share(std::move(results));
  }
  const std::int64_t before = map_thread.last_event;  // a Distributed Map's MapRunStarted
  std::int64_t previous = before;
  if (f.distributed) {
    previous = emit_detached(rt, *map_thread.log, &map_thread, before, EventType::MapRunSucceeded);
    MapRunRecord& run = rt.map_runs[f.map_run];
    run.status = ExecutionStatus::Succeeded;
    run.stop_ms = rt.now_ms;
  }
  emit_detached(rt, *map_thread.log, &map_thread, previous, EventType::MapStateSucceeded);
  // AWS: an inline Map's MapStateExited points where MapStateSucceeded points; a Distributed
  // Map's points at MapRunStarted (every recording since November 2024; earlier ones pointed
  // at MapRunSucceeded).
  map_thread.last_event = f.distributed ? before : previous;
  map_thread.fanout.reset();
  finish_with_result(rt, map_thread, std::move(output));
}

void start_iterations(Runtime& rt, Thread& map_thread, std::int64_t previous) {
  const asl::State& state = map_thread.current();
  const auto& map = state.as<asl::MapState>();
  const int map_id = map_thread.id;
  if (rt.track_progress && map_thread.fanout->progress < 0) count_map_items(rt, map_thread);
  while (true) {
    Thread& parent = *rt.threads[static_cast<std::size_t>(map_id)];
    Fanout& f = *parent.fanout;
    const MapRunRecord* run = f.distributed ? &rt.map_runs[f.map_run] : nullptr;
    const bool queued = run && run->redrive_next < run->redrive_queue.size();
    if (!queued && f.next_to_start >= f.results.size()) return;
    if (f.max_concurrency != 0 && f.running >= f.max_concurrency) return;
    // R8: a redrive runs the unsuccessful children again first, then the items never started.
    std::size_t index = 0;
    const bool redriven = queued && next_redriven_item(rt, parent, index);
    if (!redriven) index = f.next_to_start++;
    ++f.running;
    if (f.progress >= 0) ++rt.map_progress[static_cast<std::size_t>(f.progress)].running;
    if (redriven) {
      Thread& child = restart_child(rt, map_id, index);
      rt.threads[static_cast<std::size_t>(map_id)]->fanout->children[index] = child.id;
      continue;
    }

    auto scope = std::make_shared<VariableScope>();
    scope->outer = parent.variables;
    Thread& child = spawn_thread(rt, map.processor, map_id, index, std::move(scope));
    Thread& p = *rt.threads[static_cast<std::size_t>(map_id)];
    p.fanout->children[index] = child.id;
    if (!p.fanout->distributed) {
      child.iteration_details = index_details(index);
      child.last_event = emit_detached(rt, *p.log, &child, previous, EventType::MapIterationStarted,
                                       state.name, {}, child.iteration_details);
    }
    // A streamed item is parsed now and belongs to its iteration alone (S1); an item of an
    // array shares the array.
    const JsonPtr& items = p.fanout->items;
    JsonPtr input;
    if (ItemStream* stream = p.fanout->stream.get()) {
      input = share(next_item(*stream));
      release_when_done(*stream);
    } else {
      input = JsonPtr(items, &(*items)[index]);
    }
    std::optional<Failure> failed;
    if (!p.fanout->items_are_inputs) {
      auto selected = select_item(rt, p, index, input);
      if (selected.ok()) {
        input = std::move(selected.value());
      } else {
        failed = std::move(selected).error();
      }
    }
    if (p.fanout->distributed) start_child_execution(rt, p, child, input);
    goto_state(rt, child, map.processor.start, std::move(input));
    if (failed) {
      child.phase = Phase::FailPending;
      child.pending_failure = std::move(*failed);
    }
  }
}

void step_map(Runtime& rt, Thread& thread) {
  const asl::State& state = thread.current();
  if (thread.phase == Phase::Enter) {
    record_entered(rt, thread);
    auto effective = apply_path(rt, thread, state.input_path, thread.state_input);
    if (!effective.ok()) return fail_state(rt, thread, runtime_failure(thread, effective.error()));
    thread.effective_input = std::move(effective.value());
    if (state.query_language == asl::QueryLanguage::JSONPath) {
      note(rt, thread, "afterInputPath", *thread.effective_input);
    }
    return begin(rt, thread);
  }
  if (thread.phase == Phase::FanoutStart) return begin(rt, thread);
}

}  // namespace sfn::engine
