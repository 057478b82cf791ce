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

struct Node {
  enum class Kind : unsigned char { Constant, Path, Intrinsic, Object, Array };
  Kind kind = Kind::Constant;
  Json constant;                // Kind::Constant: a subtree without any `.$` key
  path::Path path;              // Kind::Path
  intrinsics::Expression call;  // Kind::Intrinsic
  std::string field;            // Path/Intrinsic: the key as written ("x.$"), for causes
  std::vector<std::pair<std::string, Node>> members;  // Kind::Object, in output order
  std::vector<Node> items;                            // Kind::Array
};

}  // namespace sfn::payload::detail
