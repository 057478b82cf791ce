// Both JSON readers of the core on arbitrary bytes: json::parse_text (payloads) and
// asl::read_json (definitions, Jackson's syntax and messages). Beyond not crashing, what the
// writer renders must read back to the same text, and measure_text must count what to_text
// writes: the payload size limit relies on it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "asl/json_reader.h"
#include "fuzz_checks.h"
#include "json/json.h"

namespace {

using sfn::fuzz::check;

void check_writer(const sfn::Json& value) {
  std::string text = sfn::to_text(value);
  sfn::TextMeasure measure = sfn::measure_text(value);
  check(measure.bytes == text.size());
  check(!sfn::nested_deeper_than(value, measure.depth));
  sfn::Json again;
  std::string error;
  check(sfn::parse_text(text, again, error));
  check(sfn::to_text(again) == text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  sfn::Json value;
  std::string error;
  if (sfn::parse_text(text, value, error)) check_writer(value);

  auto document = sfn::asl::read_json(text);
  if (document.ok()) {
    check_writer(document->value);
  } else {
    // Only allocation failure reaches read_json's catch-all, and fuzz inputs are small.
    check(document.error().location != "");
  }
  return 0;
}
