// TEMPORARY, test binary only: link-time stand-ins for the JSONPath layer, which is being written
// on the `jsonpath` branch. Every path fails to compile, so only literal-argument tests run until
// that layer lands on main; this file is deleted in the merge that brings it in.
#include "path/jsonpath.h"

namespace sfn::path {

Expected<Path, SyntaxError> compile(std::string_view) {
  return SyntaxError{"the JSONPath layer is not merged into this branch yet"};
}
bool is_reference_path(const Path&) { return false; }
Expected<Selection, EvalError> select(const Path&, const Scope&) {
  return EvalError{"the JSONPath layer is not merged into this branch yet"};
}
bool exists(const Path&, const Scope&) { return false; }
Expected<Json, EvalError> write(const Path&, Json, Json) {
  return EvalError{"the JSONPath layer is not merged into this branch yet"};
}

}  // namespace sfn::path
