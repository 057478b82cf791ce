// The pieces of the parser, one file each: graphs, states by type, retry/catch, choice rules,
// transitions. Internal to the asl layer.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "asl/parse_context.h"

namespace sfn::asl::detail {

// A state's JSON as its type and query language see it.
struct StateInput {
  const DocNode& json;
  const std::string& at;
  StateType type;
  bool jsonata;
  bool downgraded;  // a JSONPath state inside a JSONata machine (already reported)

  // The member if present and accepted by this type and language (otherwise it has already been
  // reported as unsupported).
  const DocNode* get(std::string_view key) const;
};

// Whether AWS accepts `field` on a state of `type` (in either query language).
bool field_allowed(StateType type, std::string_view field);
// 0: both languages, 1: JSONPath only, 2: JSONata only.
int field_language(std::string_view field);

enum class GraphKind { Root, Branch, Processor };

// Parses a graph's StartAt and States (the caller has checked the object's other fields) and
// resolves its transitions. `at` is the graph object's location ("" for the root).
void parse_graph(Ctx& ctx, const DocNode& object, const std::string& at, StateGraph& graph);

void parse_state(Ctx& ctx, std::string_view name, const DocNode& value, const std::string& at,
                 State& state);

void parse_pass(Ctx& ctx, const StateInput& in, State& state);
void parse_task(Ctx& ctx, const StateInput& in, State& state);
void parse_choice(Ctx& ctx, const StateInput& in, State& state);
void parse_wait(Ctx& ctx, const StateInput& in, State& state);
void parse_fail(Ctx& ctx, const StateInput& in, State& state);
void parse_parallel(Ctx& ctx, const StateInput& in, State& state);
void parse_map(Ctx& ctx, const StateInput& in, State& state);

void parse_retry(Ctx& ctx, const StateInput& in, State& state);
void parse_catch(Ctx& ctx, const StateInput& in, State& state);

// One element of `Choices` (top) or of And/Or/Not (nested).
ChoiceRule parse_choice_rule(Ctx& ctx, const DocNode& value, const std::string& at, bool top,
                             bool jsonata);

// Checks an ErrorEquals-style error name list entry against the reserved `States.` namespace.
bool is_reserved_error_name(std::string_view name);

// The transitions of a parsed graph: resolves names to indexes and reports missing targets,
// unreachable states and (root only) a machine with no terminal state.
void resolve_transitions(Ctx& ctx, StateGraph& graph, const std::string& at, int graph_number,
                         bool has_start, bool root);

// Map `Label` problems in AWS's words ("Label cannot exceed 40 characters"), or nothing.
std::optional<std::string> label_problem(std::string_view label);

}  // namespace sfn::asl::detail
