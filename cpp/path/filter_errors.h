// Which compile errors of a path come from a filter Jayway cannot parse. AWS's own samples
// deploy such filters (docs/semantics/validation.md, path-filter-unparsable and
// payload-filter-unparsable), so AWS's definition check does not run Jayway's filter compiler:
// they are WARNINGs there, and the path fails only when evaluated.
#pragma once

#include <string_view>

#include "path/jsonpath.h"

namespace sfn::path {

inline bool is_unparsable_filter(const SyntaxError& error, std::string_view text) {
  if (error.message.starts_with("Failed to parse filter")) return true;
  // An unquoted word that starts like a literal (`==fr`, `==no`, `==tx`): Jayway's literal
  // reader fails, the comparison is dropped, and the filter then misses its `)`.
  // [AWS sample step-functions-workflows-collection parallel-translate: `==fr`]
  return error.message == "Expected character: )" && text.find("[?(") != std::string_view::npos;
}

}  // namespace sfn::path
