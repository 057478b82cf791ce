// Iterates the matches of a matcher function ($match, $replace, $split, $contains): a regex
// literal runs directly on the engine; any other function must follow jsonata's matcher
// protocol (returns {match, start, end, groups, next}).
#pragma once

#include <string>
#include <vector>

#include "jsonata/evaluator.h"

namespace sfn::jsonata::fn {

struct MatchInfo {
  std::string match;
  std::size_t start = 0;  // byte offsets into the subject
  std::size_t end = 0;
  double index = 0;  // start in UTF-16 units, as jsonata-js reports it
  std::vector<Value> groups;
};

class Matcher {
 public:
  Matcher(Call& call, const Value& fn, const std::string& subject);
  // The first match, then each following one; false when there are no more.
  bool next(MatchInfo& out);

 private:
  bool from_object(const Value& obj, MatchInfo& out);
  // byte_offset_of_utf16(subject, units), resuming the walk of the previous call.
  std::size_t byte_at_utf16(std::size_t units);
  Call& c_;
  Value fn_;
  const std::string& s_;
  bool started_ = false;
  bool done_ = false;
  std::size_t last_end_ = 0;
  std::size_t u16_cursor_bytes_ = 0;
  double u16_cursor_ = 0;
  Value next_fn_;
  std::size_t walk_bytes_ = 0;  // where byte_at_utf16 stopped ...
  std::size_t walk_units_ = 0;  // ... and its offset in UTF-16 units
};

}  // namespace sfn::jsonata::fn
