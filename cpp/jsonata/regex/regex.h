// JSONata's regex literals (JavaScript syntax): the ECMAScript front end of the core's one regex
// machine (common/regex/), built so that no pattern or subject can make it backtrack
// exponentially or recurse deeply: patterns compile to a Thompson NFA program executed by a Pike
// VM (breadth-first, one pass over the subject, with capture groups and leftmost-first
// priorities as JavaScript defines them).
//
// Supported: literals and escapes (\n \t \r \f \v \0 \xHH \uHHHH \/ and escaped punctuation),
// `.`, classes [...] with ranges and negation, \d \D \w \W \s \S \b \B, anchors ^ $, groups
// (...) (?:...) (?<name>...), lookahead-free alternation, quantifiers * + ? {n} {n,} {n,m} and
// their lazy forms, flags i and m. Backreferences and lookaround are refused at compile time.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/regex/pike_vm.h"

namespace sfn::jsonata {

struct Regex;

// Byte offsets into the subject; one entry per capture group, (kNoGroup, kNoGroup) when the group
// did not participate.
using RegexMatch = regex::Match;
using regex::kNoGroup;

// nullptr and a message in `error` when the pattern is not supported or malformed.
std::shared_ptr<const Regex> compile_regex(std::string_view pattern, std::string_view flags,
                                           std::string& error);

// Leftmost match starting at or after byte offset `from`. `budget` counts VM steps and is
// decremented; the search gives up (returns false, budget < 0) when it runs out.
// `keep_going`, when given, is consulted every few thousand steps (a deadline check); returning
// false abandons the search like an exhausted budget.
bool regex_search(const Regex& re, std::string_view subject, std::size_t from, RegexMatch& out,
                  long long& budget, const std::function<bool()>& keep_going = {});

const std::string& regex_source(const Regex& re);
std::size_t regex_group_count(const Regex& re);

}  // namespace sfn::jsonata
