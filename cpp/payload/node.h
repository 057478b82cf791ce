// The compiled form of a payload template: literal subtrees collapsed into constants, dynamic
// entries holding their compiled path or call, objects listing their entries in output order.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "intrinsics/intrinsics.h"
#include "json/json.h"
#include "path/jsonpath.h"

namespace sfn::payload::detail {

// A key and its node. A struct, not std::pair: pair of a type still being defined is undefined
// behaviour, and clang 14 with libstdc++ 12 rejects it (the fuzz build uses clang).
struct Member;

struct Node {
  enum class Kind : unsigned char { Constant, Path, Intrinsic, Object, Array };
  Kind kind = Kind::Constant;
  Json constant;                // Kind::Constant: a subtree without any `.$` key
  path::Path path;              // Kind::Path
  intrinsics::Expression call;  // Kind::Intrinsic
  std::string field;            // Path/Intrinsic: the key as written ("x.$"), for causes
  std::vector<Member> members;  // Kind::Object, in output order
  std::vector<Node> items;      // Kind::Array
};

struct Member {
  std::string key;
  Node node;
};

}  // namespace sfn::payload::detail
