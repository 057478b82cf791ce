// The definitions recorded on real AWS (shared/conformance/cases.jsonl): every definition that ran
// must be accepted, and every refused one must be refused with AWS's exact diagnostics/message.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "asl/diagnostics.h"
#include "asl/parser.h"
#include "json/json.h"

namespace sfn::asl {
namespace {

const std::vector<Json>& load_cases() {
  static const std::vector<Json> all = [] {
    std::vector<Json> cases;
    std::ifstream in(std::string(SFNSIM_SHARED_DIR) + "/conformance/cases.jsonl");
    std::string line;
    while (std::getline(in, line))
      if (!line.empty()) cases.push_back(Json::parse(line));
    return cases;
  }();
  return all;
}

// The recordings replaced the partition and region with tokens; a definition that ran used real
// ones.
void denormalise(Json& value) {
  if (value.is_string()) {
    std::string s = value.get<std::string>();
    for (auto [from, to] : {std::pair<std::string, std::string>{"arn:<partition>:", "arn:aws:"},
                            {"<region>", "us-east-1"}}) {
      for (std::size_t at = s.find(from); at != std::string::npos;
           at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
    }
    value = s;
  } else if (value.is_structured()) {
    for (Json& child : value) denormalise(child);
  }
}

std::string normalise(std::string text) {
  for (std::size_t at = text.find("arn:aws:"); at != std::string::npos;
       at = text.find("arn:aws:", at + 1))
    text.replace(at, 8, "arn:<partition>:");
  return text;
}

bool uses_jsonata(const Json& definition) {
  return definition.dump().find("JSONata") != std::string::npos;
}

std::string describe(const Diagnostics& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics)
    out += "\n    " + d.code + ": " + d.message + " at " + d.location;
  return out;
}

class AslConformance : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream probe(std::string(SFNSIM_SHARED_DIR) + "/conformance/cases.jsonl");
    if (!probe) GTEST_SKIP() << "no shared conformance cases at " << SFNSIM_SHARED_DIR;
  }
};

TEST_F(AslConformance, EveryExecutedDefinitionIsAccepted) {
  std::set<std::string> seen;
  std::size_t accepted = 0;
  std::string failures;
  for (const Json& c : load_cases()) {
    std::string kind = c.value("kind", "");
    if (kind != "execution" && kind != "sync_execution") continue;
    if (!c["definition"].is_object()) continue;
    Json definition = c["definition"];
    denormalise(definition);
    std::string type = c["state_machine_type"].is_string()
                           ? c["state_machine_type"].get<std::string>()
                           : "STANDARD";
    std::string text = definition.dump();
    if (!seen.insert(type + text).second) continue;
    ParseOptions options;
    options.express = type == "EXPRESS";
    options.allow_jsonata = uses_jsonata(definition);
    auto result = parse(text, options);
    if (result) {
      ++accepted;
    } else {
      failures += "\n  " + c["id"].get<std::string>() + describe(result.error());
    }
  }
  std::cout << "[ conformance ] executed definitions accepted: " << accepted << " of "
            << seen.size() << "\n";
  EXPECT_EQ(accepted, seen.size()) << failures;
}

TEST_F(AslConformance, ValidateDefinitionDiagnosticsMatchAws) {
  std::size_t matched = 0, total = 0;
  for (const Json& c : load_cases()) {
    if (c.value("kind", "") != "validate_definition") continue;
    ++total;
    const Json& def = c["definition"];
    std::string text = def.is_string() ? def.get<std::string>() : def.dump();
    ParseOptions options;
    options.express = c["api_request"].value("type", "STANDARD") == "EXPRESS";
    options.allow_jsonata = true;
    auto result = parse(text, options);
    Json got = Json::array();
    if (!result) {
      for (const Diagnostic& d : result.error()) {
        Json j = {{"code", d.code}, {"message", d.message}, {"severity", d.severity}};
        if (!d.location.empty()) j["location"] = d.location;
        got.push_back(j);
      }
    }
    Json expected = Json::array();
    for (const Json& d : c["expected"]["response"]["diagnostics"]) {
      Json j = {{"code", d["code"]}, {"message", d["message"]}, {"severity", d["severity"]}};
      if (d.contains("location")) j["location"] = d["location"];
      expected.push_back(j);
    }
    EXPECT_EQ(got, expected) << c["id"];
    if (got == expected) ++matched;
  }
  std::cout << "[ conformance ] validate_definition cases matched: " << matched << " of " << total
            << "\n";
}

TEST_F(AslConformance, CreateStateMachineRefusalsMatchAws) {
  const auto& cases = load_cases();
  // The definition text each test sent (the value-error form quotes it verbatim).
  std::map<std::string, Json> sent;
  for (const Json& c : cases) {
    if (c.value("kind", "") != "api_scenario") continue;
    for (const Json& call : c["calls"])
      if (call.value("op", "") == "create_state_machine" && call["params"].contains("definition"))
        sent.emplace(c["source_test"].get<std::string>(), call["params"]);
  }
  std::size_t matched = 0, total = 0;
  for (const Json& c : cases) {
    if (c.value("kind", "") != "api_error:create_state_machine") continue;
    if (c["expected"].value("error", "") != "InvalidDefinition") continue;
    ++total;
    std::string text = c["definition"].dump();
    std::string type = c["api_request"].value("type", "STANDARD");
    auto it = sent.find(c["source_test"].get<std::string>());
    if (it != sent.end()) {
      text = it->second["definition"].get<std::string>();
      type = it->second.value("type", type);
    }
    ParseOptions options;
    options.express = type == "EXPRESS";
    options.allow_jsonata = true;
    auto result = parse(text, options);
    ASSERT_FALSE(result.ok()) << c["id"];
    std::string got = normalise(format_invalid_definition(result.error(), text));
    EXPECT_EQ(got, c["expected"]["cause"].get<std::string>()) << c["id"];
    if (got == c["expected"]["cause"].get<std::string>()) ++matched;
  }
  std::cout << "[ conformance ] CreateStateMachine refusals matched: " << matched << " of " << total
            << "\n";
}

}  // namespace
}  // namespace sfn::asl
