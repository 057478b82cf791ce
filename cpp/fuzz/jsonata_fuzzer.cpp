// JSONata: compile any text, analyse it as the definition checks do, and evaluate it in AWS's
// dialect under Step Functions' limits against the fixed documents. The time limit is tighter
// than AWS's so that a slow expression is a bounded error (U1001) well before libFuzzer's
// -timeout would call it a hang.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/random.h"
#include "fuzz_checks.h"
#include "fuzz_documents.h"
#include "jsonata/analysis.h"
#include "jsonata/jsonata.h"

namespace {

// U1000 is the code jsonata.cpp gives an exception it caught at the API boundary.
void check_error(const sfn::jsonata::Error& error) {
  if (error.code == "U1000")
    sfn::fuzz::check(error.message.find("out of memory") != std::string::npos);
  sfn::fuzz::check(!sfn::fuzz::is_stray_exception(error.message));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto expression = sfn::jsonata::compile(text);
  if (!expression) {
    check_error(expression.error());
    return 0;
  }
  sfn::jsonata::analyze(*expression);

  static const sfn::jsonata::Document input(sfn::fuzz::input_document());
  static const sfn::jsonata::Document context(sfn::fuzz::context_document());
  static const sfn::jsonata::Document states =
      sfn::jsonata::Document::object({{"input", &input}, {"context", &context}});
  static const sfn::jsonata::Bindings bindings = {
      {"states", states}, {"v", *sfn::fuzz::variable("v")}, {"list", *sfn::fuzz::variable("list")}};

  sfn::Rng rng(7);  // fixed, so that a finding reproduces
  sfn::jsonata::Options options;
  options.aws_dialect = true;
  options.max_depth = 100;
  options.max_memory = 6990256;
  options.time_limit = std::chrono::milliseconds(200);
  options.rng = &rng;
  options.now_millis = 1700000000000;
  auto result = sfn::jsonata::evaluate(*expression, &input, bindings, options);
  if (!result) {
    check_error(result.error());
  } else if (result->kind == sfn::jsonata::Result::Kind::Value) {
    sfn::to_text(result->value);
  }
  return 0;
}
