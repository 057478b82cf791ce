// Dev-only: evaluates JSON lines {"expr": ..., "input": ...} (input absent = no input) with
// sfnsim's JSONata and prints {"result": ...} / {"undefined": true} / {"code": ...} per line.
// Built and driven by compare.sh; not part of the product or of CI.
#include <iostream>
#include <string>

#include "jsonata/jsonata.h"

int main() {
  using namespace sfn;
  std::string line;
  while (std::getline(std::cin, line)) {
    Json c = Json::parse(line, nullptr, false);
    Json out = Json::object();
    if (c.is_discarded()) {
      out["code"] = "BAD_LINE";
      std::cout << out.dump() << "\n";
      continue;
    }
    auto expr = jsonata::compile(c["expr"].get<std::string>());
    if (!expr) {
      out["code"] = expr.error().code;
      out["message"] = expr.error().message;
    } else {
      jsonata::Options opts;
      opts.now_millis = 1700000000000;
      const Json* input = c.contains("input") ? &c["input"] : nullptr;
      auto r = jsonata::evaluate(*expr, input, {}, opts);
      if (!r) {
        out["code"] = r.error().code;
        out["message"] = r.error().message;
      } else if (r->is_undefined()) {
        out["undefined"] = true;
      } else {
        out["result"] = r->value;
      }
    }
    std::cout << out.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
  }
}
