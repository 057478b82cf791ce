// Dev-only triage of a campaign: reads golden lines (golden.js output) and prints every case
// where sfnsim disagrees with jsonata-js, with "ours" added, as JSON lines; counts on stderr.
// The agreement rule is the suite's (cpp/tests/jsonata_differential.h). Built by triage.sh.
#include <iostream>
#include <map>
#include <string>

#include "jsonata_differential.h"

// With --deviations, the differences explained by a documented deviation are printed too.
int main(int argc, char** argv) {
  using namespace sfn;
  const bool show_deviations = argc > 1 && std::string(argv[1]) == "--deviations";
  std::map<std::string, long> deviations;
  std::string line;
  long cases = 0, differ = 0, skipped = 0;
  while (std::getline(std::cin, line)) {
    if (line.empty()) continue;
    Json c = Json::parse(line);
    ++cases;
    const Json& js = c.at("expect");
    if (js.contains("hang") || js.value("code", "") == "JS_ERROR") {
      ++skipped;
      continue;
    }
    Json ours = jsonata::differential::our_answer(c);
    if (jsonata::differential::same(js, ours)) continue;
    c["ours"] = ours;
    const std::string why = jsonata::differential::deviation(c, js, ours);
    if (!why.empty()) {
      ++deviations[why];
      if (!show_deviations) continue;
      c["deviation"] = why;
    } else {
      ++differ;
    }
    std::cout << c.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
  }
  std::cerr << cases << " cases, " << differ << " unexplained differences, " << skipped
            << " not compared (jsonata-js hung or threw a code-less exception)\n";
  for (const auto& [why, n] : deviations) std::cerr << "  deviation " << why << ": " << n << "\n";
}
