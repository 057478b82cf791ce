// The compiled form of a path: Jayway's token chain, flattened into a vector. Private to the path
// layer. Immutable once built, so one Program serves every evaluation and every thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sfn::path::detail {

struct Filter;  // filter.h: a compiled `[?(...)]` predicate

enum class TokenKind : unsigned char { Property, Index, Slice, Wildcard, Scan, Filter };
enum class SliceKind : unsigned char { From, To, Between };

struct Token {
  TokenKind kind = TokenKind::Property;
  std::vector<std::string> names;     // Property: one name, or several (`['a','b']`)
  char delimiter = '\'';              // Property: the quote it was written with, for messages
  std::vector<std::int32_t> indexes;  // Index: one index, or several (`[0,2]`)
  SliceKind slice = SliceKind::From;  // Slice
  std::int32_t from = 0;
  std::int32_t to = 0;
  std::vector<std::shared_ptr<const detail::Filter>> filters;  // Filter (all must accept)

  // Jayway's view of the token, precomputed because evaluation consults it constantly.
  std::string fragment;           // getPathFragment(): `['a']`, `[0]`, `[*]`, `..`, `[?]`
  bool token_definite = true;     // isTokenDefinite()
  bool upstream_definite = true;  // every token before this one is definite
  bool leaf = false;              // last token
};

struct Program {
  bool root_is_document = true;  // `$` (false: `@`, the current item inside a filter)
  std::vector<Token> tokens;     // after the root token
  bool definite = true;          // Jayway's isDefinite(): all tokens definite
  bool simple = true;            // only single names and single indexes: the fast path applies
  std::string canonical;         // Jayway's toString(), e.g. `$['a'][0]`, used in messages
  int scan_count = 0;            // deep scans, which carry per-evaluation state (evaluate.cpp)
};

}  // namespace sfn::path::detail
