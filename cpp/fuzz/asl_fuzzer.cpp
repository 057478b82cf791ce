// Whole definitions: read, validate and compile, as CreateStateMachine and ValidateStateMachine-
// Definition do, in both workflow types (EXPRESS refuses some integration patterns).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "asl/parser.h"
#include "fuzz_checks.h"

namespace {

// parse's catch-all reports an exception from a check as "Internal validation error: ...".
void check(const sfn::Expected<sfn::asl::StateMachinePtr, sfn::asl::Diagnostics>& parsed) {
  if (parsed) return;
  for (const sfn::asl::Diagnostic& d : parsed.error()) {
    // A prefix: diagnostics quote the definition, which may spell the words itself.
    sfn::fuzz::check(!d.message.starts_with("Internal validation error: "));
    sfn::fuzz::check(!sfn::fuzz::is_stray_exception(d.message));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  check(sfn::asl::parse(text));
  sfn::asl::ParseOptions express;
  express.express = true;
  check(sfn::asl::parse(text, express));
  return 0;
}
