// The Pike VM: runs every NFA thread in lock step over the subject, one pass, so time is
// O(program size x subject length) whatever the pattern, and no recursion depends on the input.
// Threads are kept in priority order, which gives the leftmost-first match and captures that
// backtracking engines (Java's, ECMAScript's) report.
//
// The subject is the engine's WTF-8 text, read a code point at a time (a lone surrogate is one
// character); positions are byte offsets into it.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>
#include <utility>
#include <vector>

#include "common/regex/program.h"

namespace sfn::regex {

constexpr std::size_t kNoGroup = static_cast<std::size_t>(-1);

struct Match {
  std::size_t start = 0;
  std::size_t end = 0;
  // One entry per capture group; (kNoGroup, kNoGroup) when the group did not participate.
  std::vector<std::pair<std::size_t, std::size_t>> groups;
};

// A bound on one search: `steps` counts VM steps down and the search gives up (returns false,
// steps < 0) when it runs out; `keep_going`, when set, is asked every 256 positions (a deadline)
// and returning false gives up the same way.
struct Budget {
  long long& steps;
  const std::function<bool()>* keep_going = nullptr;
};

// Java's Matcher.matches(): the whole subject, from its first character to its end.
bool full_match(const Program& prog, std::string_view subject);

// ECMAScript's RegExp exec from lastIndex: the leftmost match starting at or after byte offset
// `from`, with the captures of the highest-priority thread.
bool search(const Program& prog, std::string_view subject, std::size_t from, Match& out,
            Budget budget);

}  // namespace sfn::regex
