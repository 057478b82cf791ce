// What the fuzzers count as a finding besides a sanitizer report. Each layer catches stray C++
// exceptions at its boundary and turns them into an ordinary error value, so that a bug cannot
// take the caller down; those catch-alls would hide exactly what fuzzing looks for, so the
// targets abort when an error carries their marks.
#pragma once

#include <cstdlib>
#include <string_view>

namespace sfn::fuzz {

inline void check(bool holds) {
  if (!holds) std::abort();
}

// nlohmann's exceptions (type errors, out-of-range accesses) say "[json.exception.<kind>.<id>]",
// and a catch-all passes what() on as the whole message; the core's own messages may quote the
// input, which may contain that text too, but never start with it.
inline bool is_stray_exception(std::string_view message) {
  return message.starts_with("[json.exception.");
}

}  // namespace sfn::fuzz
