#include "asl/variable_references.h"

#include <algorithm>

namespace sfn::asl {

namespace {

void path_variable(const path::Path& p, std::vector<std::string>& out) {
  if (p.root == path::Root::Variable) out.push_back(p.variable);
}

void optional_path(const std::optional<path::Path>& p, std::vector<std::string>& out) {
  if (p) path_variable(*p, out);
}

void io_path(const InputOutputPath& p, std::vector<std::string>& out) {
  if (p.mode == InputOutputPath::Mode::Path) path_variable(p.path, out);
}

void tpl(const std::optional<payload::Template>& t, std::vector<std::string>& out) {
  if (t) payload::collect_variables(*t, out);
}

void jsonata(const std::optional<JsonataTemplate>& t, std::vector<std::string>& out) {
  if (!t) return;
  t->for_each_expression([&](const JsonataNode& node) {
    const auto& free = node.expression->analysis.free_variables;
    out.insert(out.end(), free.begin(), free.end());
  });
}

// `*Path` fields kept as written (ItemReader's ReaderConfig, ItemBatcher).
void raw_paths(const std::optional<Json>& object, std::initializer_list<std::string_view> nest,
               std::initializer_list<std::string_view> fields, std::vector<std::string>& out) {
  if (!object) return;
  const Json* at = &*object;
  for (std::string_view key : nest) {
    if (!at->is_object()) return;
    auto it = at->find(std::string(key));
    if (it == at->end()) return;
    at = &*it;
  }
  if (!at->is_object()) return;
  for (std::string_view field : fields) {
    auto it = at->find(std::string(field));
    if (it == at->end() || !it->is_string()) continue;
    auto compiled = path::compile(it->get<std::string>());
    if (compiled) path_variable(*compiled, out);
  }
}

void integer_or_path(const IntegerOrPath& f, std::vector<std::string>& out) {
  optional_path(f.path, out);
  jsonata(f.expression, out);
}

void string_or_path(const StringOrPath& f, std::vector<std::string>& out) {
  optional_path(f.path, out);
  if (f.intrinsic) intrinsics::collect_variables(*f.intrinsic, out);
  jsonata(f.expression, out);
}

void rule_variables(const ChoiceRule& rule, std::vector<std::string>& out) {
  std::vector<const ChoiceRule*> pending{&rule};
  while (!pending.empty()) {
    const ChoiceRule* r = pending.back();
    pending.pop_back();
    if (r->kind == ChoiceRule::Kind::Comparison) {
      path_variable(r->variable, out);
      if (r->uses_path) path_variable(r->operand_path, out);
    }
    jsonata(r->condition, out);
    tpl(r->assign, out);
    jsonata(r->assign_jsonata, out);
    jsonata(r->output_jsonata, out);
    for (auto it = r->children.rbegin(); it != r->children.rend(); ++it) pending.push_back(&*it);
  }
}

std::vector<std::string> state_variables(const State& s) {
  std::vector<std::string> out;
  io_path(s.input_path, out);
  io_path(s.output_path, out);
  tpl(s.parameters, out);
  tpl(s.result_selector, out);
  tpl(s.assign, out);
  jsonata(s.arguments_jsonata, out);
  jsonata(s.output_jsonata, out);
  jsonata(s.assign_jsonata, out);
  for (const Catcher& c : s.catchers) {
    tpl(c.assign, out);
    jsonata(c.assign_jsonata, out);
    jsonata(c.output_jsonata, out);
  }
  switch (s.type) {
    case StateType::Task: {
      const auto& t = s.as<TaskState>();
      integer_or_path(t.timeout_seconds, out);
      integer_or_path(t.heartbeat_seconds, out);
      tpl(t.credentials, out);
      jsonata(t.credentials_jsonata, out);
      break;
    }
    case StateType::Choice:
      for (const ChoiceRule& r : s.as<ChoiceState>().choices) rule_variables(r, out);
      break;
    case StateType::Wait: {
      const auto& w = s.as<WaitState>();
      integer_or_path(w.seconds, out);
      optional_path(w.timestamp_path, out);
      jsonata(w.timestamp_expression, out);
      break;
    }
    case StateType::Fail: {
      const auto& f = s.as<FailState>();
      string_or_path(f.error, out);
      string_or_path(f.cause, out);
      break;
    }
    case StateType::Map: {
      const auto& m = s.as<MapState>();
      optional_path(m.items_path, out);
      jsonata(m.items, out);
      tpl(m.item_selector, out);
      jsonata(m.item_selector_jsonata, out);
      integer_or_path(m.max_concurrency, out);
      integer_or_path(m.tolerated_failure_count, out);
      optional_path(m.tolerated_failure_percentage_path, out);
      jsonata(m.tolerated_failure_percentage_expression, out);
      tpl(m.item_reader_parameters, out);
      tpl(m.item_batcher_input, out);
      tpl(m.result_writer_parameters, out);
      jsonata(m.item_reader_arguments, out);
      jsonata(m.result_writer_arguments, out);
      raw_paths(m.item_reader, {"ReaderConfig"}, {"MaxItemsPath"}, out);
      raw_paths(m.item_batcher, {}, {"MaxItemsPerBatchPath", "MaxInputBytesPerBatchPath"}, out);
      break;
    }
    default:
      break;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

std::map<std::string, std::vector<std::string>> variable_references(const StateMachine& machine) {
  std::map<std::string, std::vector<std::string>> out;
  std::vector<const StateGraph*> pending{&machine.graph};
  while (!pending.empty()) {
    const StateGraph* g = pending.back();
    pending.pop_back();
    for (const State& s : g->states) {
      auto vars = state_variables(s);
      if (!vars.empty()) out.emplace(s.name, std::move(vars));
      if (s.type == StateType::Map) pending.push_back(&s.as<MapState>().processor);
      if (s.type == StateType::Parallel) {
        for (const StateGraph& b : s.as<ParallelState>().branches) pending.push_back(&b);
      }
    }
  }
  return out;
}

}  // namespace sfn::asl
