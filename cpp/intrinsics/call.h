// The compiled form of an intrinsic call: a tree of calls whose leaves are literals and compiled
// paths. Built once by the parser, read-only afterwards, shared by every evaluation.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "json/json.h"
#include "path/jsonpath.h"

namespace sfn::intrinsics::detail {

enum class FunctionId : unsigned char {
  Format,
  StringToJson,
  JsonToString,
  Array,
  ArrayPartition,
  ArrayContains,
  ArrayRange,
  ArrayGetItem,
  ArrayLength,
  ArrayUnique,
  Base64Encode,
  Base64Decode,
  Hash,
  JsonMerge,
  MathRandom,
  MathAdd,
  StringSplit,
  UUID,
};

struct Call;

struct Argument {
  enum class Kind : unsigned char { Literal, Path, Call };
  Kind kind = Kind::Literal;
  Json literal;                      // Kind::Literal: string, number, boolean or null
  path::Path path;                   // Kind::Path
  std::unique_ptr<const Call> call;  // Kind::Call
};

struct Call {
  FunctionId id = FunctionId::Array;
  std::vector<Argument> args;
  // States.Format with a literal template: the template cut at its unescaped `{}` placeholders
  // (escaped braces already turned into plain ones), so evaluation never rescans it.
  bool literal_template = false;
  std::vector<std::string> template_pieces;
};

}  // namespace sfn::intrinsics::detail
