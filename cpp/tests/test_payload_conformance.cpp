// Agreement with AWS recordings: the conformance cases tagged `intrinsic_functions` whose
// definition is a single Pass state (Parameters, Assign) or Fail state (ErrorPath/CausePath) are
// evaluated with this layer alone and compared with what AWS returned. Values AWS normalised in
// the recordings (`<ArnPart_0idx>`, "date", ...) match anything.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <regex>
#include <string>

#include "common/random.h"
#include "payload/payload_template.h"

namespace sfn {
namespace {

std::string shared_dir() { return SFNSIM_SHARED_DIR; }

bool is_placeholder_literal(const std::string& s) {
  return s == "date" || s == "timestamp" || s == "snf_role_arn" || s.starts_with("<uuid:");
}

// Recorded strings may hold tokens such as <ArnPart_0idx> standing for any text.
bool string_matches(const std::string& expected, const std::string& actual) {
  if (is_placeholder_literal(expected)) return true;
  if (expected.find('<') == std::string::npos) return expected == actual;
  static const std::regex kToken("<[A-Za-z0-9_:]+>");
  std::string pattern;
  std::size_t from = 0;
  for (auto it = std::sregex_iterator(expected.begin(), expected.end(), kToken);
       it != std::sregex_iterator(); ++it) {
    pattern += std::regex_replace(expected.substr(from, it->position() - from),
                                  std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)");
    pattern += ".*?";
    from = it->position() + it->length();
  }
  pattern +=
      std::regex_replace(expected.substr(from), std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)");
  return std::regex_match(actual, std::regex(pattern));
}

bool value_matches(const Json& expected, const Json& actual) {
  if (expected.is_string() && actual.is_string()) {
    return string_matches(expected.get<std::string>(), actual.get<std::string>());
  }
  if (expected.is_string() && is_placeholder_literal(expected.get<std::string>())) return true;
  if (expected.is_object() && actual.is_object()) {
    if (expected.size() != actual.size()) return false;
    for (const auto& [key, value] : expected.items()) {
      auto it = actual.find(key);
      if (it == actual.end() || !value_matches(value, *it)) return false;
    }
    return true;
  }
  if (expected.is_array() && actual.is_array()) {
    if (expected.size() != actual.size()) return false;
    for (std::size_t i = 0; i < expected.size(); ++i) {
      if (!value_matches(expected[i], actual[i])) return false;
    }
    return true;
  }
  return expected == actual;
}

// Same keys in the same order at every level (the recordings keep AWS's key order).
bool same_key_order(const Json& expected, const Json& actual) {
  if (expected.is_object() && actual.is_object()) {
    if (expected.size() != actual.size()) return false;
    auto a = actual.begin();
    for (auto e = expected.begin(); e != expected.end(); ++e, ++a) {
      if (e.key() != a.key() || !same_key_order(e.value(), a.value())) return false;
    }
    return true;
  }
  if (expected.is_array() && actual.is_array() && expected.size() == actual.size()) {
    for (std::size_t i = 0; i < expected.size(); ++i) {
      if (!same_key_order(expected[i], actual[i])) return false;
    }
  }
  return true;
}

Json context_for(const Json& c, const std::string& state_name) {
  const std::string name = c.value("state_machine_name", "sm");
  const std::string execution_arn = c.value("execution_arn", "arn:aws:states:::execution:x:y");
  Json ctx = Json::object();
  ctx["Execution"] = {{"Id", execution_arn},
                      {"Input", c.value("input", Json::object())},
                      {"StartTime", "2024-01-01T00:00:00.000Z"},
                      {"Name", c.value("execution_name", "exec")},
                      {"RoleArn", "arn:aws:iam::111111111111:role/sfn"},
                      {"RedriveCount", 0}};
  ctx["StateMachine"] = {{"Id", "arn:aws:states:us-east-1:111111111111:stateMachine:" + name},
                         {"Name", name}};
  ctx["State"] = {{"Name", state_name}, {"EnteredTime", "2024-01-01T00:00:00.000Z"}};
  return ctx;
}

struct Tally {
  int evaluated = 0;
  int agreed = 0;
  int key_order_checked = 0;
  int key_order_agreed = 0;
  int skipped = 0;
  std::vector<std::string> disagreements;
};

void check_case(const Json& c, Tally& tally) {
  const Json states = c["definition"].value("States", Json());
  if (!states.is_object() || states.size() != 1 || !states.begin().value().is_object()) {
    ++tally.skipped;
    return;
  }
  const std::string state_name = states.begin().key();
  const Json& state = states.begin().value();
  const Json expected = c["expected"].is_object() ? c["expected"] : Json::object();
  const Json input = c.value("input", Json::object());
  const Json context = context_for(c, state_name);
  const path::VariableLookup no_variables = [](std::string_view) -> const Json* { return nullptr; };
  const path::Scope scope{&input, &context, &no_variables};
  Rng rng(7);
  const std::string id = c.value("id", "?");

  auto record = [&](bool agreed, const std::string& detail) {
    ++tally.evaluated;
    if (agreed) {
      ++tally.agreed;
    } else {
      tally.disagreements.push_back(id + ": " + detail);
    }
  };

  const std::string type = state.value("Type", "");
  const bool plain_io = !state.contains("InputPath") && !state.contains("ResultPath") &&
                        !state.contains("OutputPath") && !state.contains("Result");
  if (type == "Pass" && state.contains("Parameters") && plain_io) {
    auto tpl = payload::compile(state["Parameters"], "/States/" + state_name + "/Parameters");
    if (!tpl) {
      record(false, "does not compile: " + tpl.error().front().message);
      return;
    }
    auto out = payload::evaluate(*tpl, scope, rng);
    if (expected.value("status", "") == "SUCCEEDED") {
      const Json recorded = expected.value("output", Json());
      const bool ok = out.ok() && value_matches(recorded, out.value());
      record(ok, out.ok() ? "output " + to_text(out.value()) : "failed: " + out.error().cause);
      if (ok) {
        ++tally.key_order_checked;
        if (same_key_order(recorded, out.value())) ++tally.key_order_agreed;
      }
    } else {
      const bool ok = !out.ok() && out.error().error == expected.value("error", "") &&
                      expected.value("cause", "").ends_with(out.error().cause);
      record(ok, out.ok() ? "succeeded" : out.error().error + ": " + out.error().cause);
    }
    return;
  }
  if (type == "Pass" && state.contains("Assign") && plain_io && !state.contains("Parameters")) {
    // AWS records the assigned values in the PassStateExited event, each as JSON text (those
    // starting with '{' were parsed back into objects when the recording was normalised).
    const Json* assigned = nullptr;
    const Json history = c.value("expected_history", Json::array());
    for (const Json& ev : history) {
      if (ev.contains("stateExitedEventDetails") &&
          ev["stateExitedEventDetails"].contains("assignedVariables")) {
        assigned = &ev["stateExitedEventDetails"]["assignedVariables"];
      }
    }
    if (!assigned) {
      ++tally.skipped;
      return;
    }
    auto tpl = payload::compile(state["Assign"], "/States/" + state_name + "/Assign");
    if (!tpl) {
      record(false, "does not compile: " + tpl.error().front().message);
      return;
    }
    auto out = payload::evaluate(*tpl, scope, rng);
    if (!out.ok()) {
      record(false, "failed: " + out.error().cause);
      return;
    }
    std::string mismatched = out.value().size() == assigned->size() ? "" : "(variable count) ";
    for (const auto& [name, recorded] : assigned->items()) {
      const bool same = out.value().contains(name) &&
                        (recorded.is_string() ? string_matches(recorded.get<std::string>(),
                                                               to_text(out.value()[name]))
                                              : value_matches(recorded, out.value()[name]));
      if (!same) mismatched += name + " ";
    }
    record(mismatched.empty(), "assigned variables differ: " + mismatched);
    return;
  }
  if (type == "Fail" && (state.contains("ErrorPath") || state.contains("CausePath"))) {
    std::string error = state.value("Error", "");
    std::string cause = state.value("Cause", "");
    for (const char* field : {"ErrorPath", "CausePath"}) {
      if (!state.contains(field)) continue;
      if (!state[field].is_string()) {
        record(false, std::string(field) + " is not a string");
        return;
      }
      auto compiled = payload::compile_path_or_intrinsic(state[field].get<std::string>(), field);
      if (!compiled) {
        record(false, std::string(field) + " does not compile");
        return;
      }
      auto value = payload::evaluate_path_or_intrinsic(*compiled, scope, rng);
      if (!value || !value.value().is_string()) {
        record(false, std::string(field) + " did not give a string");
        return;
      }
      (std::string_view(field) == "ErrorPath" ? error : cause) = value.value().get<std::string>();
    }
    record(error == expected.value("error", "") && cause == expected.value("cause", ""),
           "error " + error + ", cause " + cause);
    return;
  }
  ++tally.skipped;
}

bool has_feature(const Json& c, const char* feature) {
  const Json features = c.value("features", Json::array());
  return std::find(features.begin(), features.end(), Json(feature)) != features.end();
}

void report(const char* label, int selected, const Tally& tally) {
  std::cout << "[ conformance ] " << label << ": " << selected << " cases, " << tally.evaluated
            << " evaluated, " << tally.agreed << " agree, " << tally.skipped
            << " skipped (not a single Pass/Fail state with plain I/O); key order agrees in "
            << tally.key_order_agreed << " of " << tally.key_order_checked << " outputs\n";
  for (const std::string& d : tally.disagreements) ADD_FAILURE() << d;
  EXPECT_EQ(tally.key_order_agreed, tally.key_order_checked);
}

// One pass over the file: the `intrinsic_functions` cases, and the other JSONPath cases whose
// single state has a template or path field this layer evaluates.
TEST(PayloadConformance, AgreesWithAwsRecordings) {
  std::ifstream file(shared_dir() + "/conformance/cases.jsonl");
  if (!file) GTEST_SKIP() << "no conformance cases under " << shared_dir();
  Tally intrinsic;
  Tally other;
  int intrinsic_selected = 0;
  int other_selected = 0;
  std::string line;
  while (std::getline(file, line)) {
    if (line.find(".$") == std::string::npos && line.find("Path\"") == std::string::npos &&
        line.find("\"Assign\"") == std::string::npos) {
      continue;  // no payload template, Assign or path field: nothing for this layer
    }
    Json c;
    std::string error;
    if (!parse_text(line, c, error) || !c.contains("definition") || !c["definition"].is_object() ||
        !c.contains("expected")) {
      continue;
    }
    if (has_feature(c, "intrinsic_functions")) {
      ++intrinsic_selected;
      check_case(c, intrinsic);
    } else if (c["definition"].value("QueryLanguage", "") != "JSONata") {
      ++other_selected;
      check_case(c, other);
    }
  }
  report("intrinsic_functions", intrinsic_selected, intrinsic);
  report("other JSONPath cases", other_selected, other);
  EXPECT_GE(intrinsic.evaluated, 70);
}

}  // namespace
}  // namespace sfn
