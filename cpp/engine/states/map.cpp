// Inline Map: one child thread per item, at most MaxConcurrency at a time, results in item
// order.
#include <cmath>

#include "engine/io_processing.h"
#include "engine/map_iterations.h"
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
  if (!v.is_number() || v.get<double>() < 0 ||
      v.get<double>() != std::floor(v.get<double>())) {
    return "The MaxConcurrencyPath field refers to value \"" +
           (v.is_string() ? v.get<std::string>() : to_text(v)) +
           "\" which is not a valid integer: " + p.text;
  }
  return static_cast<std::size_t>(v.get<std::int64_t>());
}

void start_map(Runtime& rt, Thread& thread) {
  Fanout& f = *thread.fanout;
  auto d = std::make_shared<EventDetails>();
  d->length = static_cast<std::int64_t>(f.results.size());
  std::int64_t started = emit(rt, thread, EventType::MapStateStarted, {}, {}, std::move(d));
  thread.phase = Phase::FanoutJoin;
  if (f.results.empty()) {
    emit_detached(rt, started, EventType::MapStateSucceeded);
    thread.fanout.reset();
    return finish_with_result(rt, thread, share(Json::array()));
  }
  start_iterations(rt, thread, started);
}

// Sets up the fanout (again, on a retry) and starts.
void begin(Runtime& rt, Thread& thread) {
  const auto& map = thread.current().as<asl::MapState>();
  JsonPtr items = thread.effective_input;
  if (map.items_path && !(map.items_path->identity && map.items_path->root == path::Root::Input)) {
    auto selected = path::select(*map.items_path,
                                 scope_for(rt, thread, *thread.effective_input));
    if (!selected.ok()) {
      return fail_state(rt, thread,
                        runtime_failure(thread, "Invalid path '" + map.items_path->text +
                                                    "' : " + selected.error().message));
    }
    items = selected->ref && map.items_path->root == path::Root::Input
                ? JsonPtr(thread.effective_input, selected->ref)
                : share(std::move(selected.value()).take());
  }
  if (!items->is_array()) {
    return fail_state(rt, thread,
                      runtime_failure(thread, "Map state input must be an array but was: " +
                                                  to_text(*items)));
  }
  auto limit = max_concurrency(rt, thread);
  if (!limit.ok()) return fail_state(rt, thread, runtime_failure(thread, limit.error()));
  auto fanout = std::make_unique<Fanout>();
  fanout->children.assign(items->size(), -1);
  fanout->results.resize(items->size());
  fanout->max_concurrency = *limit;
  fanout->items = std::move(items);
  thread.fanout = std::move(fanout);
  start_map(rt, thread);
}

}  // namespace

void start_iterations(Runtime& rt, Thread& map_thread, std::int64_t previous) {
  const asl::State& state = map_thread.current();
  const auto& map = state.as<asl::MapState>();
  const int map_id = map_thread.id;
  while (true) {
    Thread& parent = *rt.threads[static_cast<std::size_t>(map_id)];
    Fanout& f = *parent.fanout;
    if (f.next_to_start >= f.results.size()) return;
    if (f.max_concurrency != 0 && f.running >= f.max_concurrency) return;
    std::size_t index = f.next_to_start++;
    ++f.running;

    auto scope = std::make_shared<VariableScope>();
    scope->outer = parent.variables;
    Thread& child = spawn_thread(rt, map.processor, map_id, index, std::move(scope));
    Thread& p = *rt.threads[static_cast<std::size_t>(map_id)];
    p.fanout->children[index] = child.id;
    child.last_event = emit_detached(rt, previous, EventType::MapIterationStarted, state.name,
                                     {}, index_details(index));
    const Json& item = (*p.fanout->items)[index];
    JsonPtr input(p.fanout->items, &item);
    if (map.item_selector) {
      const Json& context = context_for(rt, p);
      (void)context;
      rt.context["Map"] = Json{{"Item", Json{{"Index", index}, {"Value", item}}}};
      path::Scope scope_view{p.effective_input.get(), &rt.context, &p.lookup};
      auto selected = payload::evaluate(*map.item_selector, scope_view, rt.rng);
      rt.context.erase("Map");
      if (!selected.ok()) {
        goto_state(rt, child, map.processor.start, input);
        child.phase = Phase::FailPending;
        child.pending_failure = with_state_context(p, std::move(selected).error());
        continue;
      }
      input = share(std::move(selected.value()));
    }
    goto_state(rt, child, map.processor.start, std::move(input));
  }
}

void step_map(Runtime& rt, Thread& thread) {
  const asl::State& state = thread.current();
  if (thread.phase == Phase::Enter) {
    record_entered(rt, thread);
    auto effective = apply_path(rt, thread, state.input_path, thread.state_input);
    if (!effective.ok()) return fail_state(rt, thread, runtime_failure(thread, effective.error()));
    thread.effective_input = std::move(effective.value());
    return begin(rt, thread);
  }
  if (thread.phase == Phase::FanoutStart) return begin(rt, thread);
}

}  // namespace sfn::engine
