// Intrinsic functions: compile any text, evaluate what compiles against the fixed documents.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/random.h"
#include "fuzz_checks.h"
#include "fuzz_documents.h"
#include "intrinsics/intrinsics.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  sfn::intrinsics::looks_like_call(text);
  auto expression = sfn::intrinsics::compile(text);
  if (!expression) {
    // compile's catch-all: an exception out of the parser or the path layer.
    sfn::fuzz::check(!expression.error().message.starts_with("cannot compile the intrinsic"));
    return 0;
  }

  sfn::intrinsics::function_name(*expression);
  std::vector<std::string> variables;
  sfn::intrinsics::collect_variables(*expression, variables);

  const sfn::path::VariableLookup lookup = sfn::fuzz::variable;
  sfn::path::Scope scope{&sfn::fuzz::input_document(), &sfn::fuzz::context_document(), &lookup};
  sfn::Rng rng(7);  // fixed, so that a finding reproduces
  auto result = sfn::intrinsics::evaluate(*expression, scope, rng, "field.$");
  if (result) sfn::to_text(*result);
  return 0;
}
