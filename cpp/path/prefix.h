// Where an indefinite path fails: in its definite prefix, or later.
//
// `$.items[*]` without `items` makes Jayway throw ("Missing property in path $['items']") before
// the wildcard is reached; payload templates on AWS give [] there instead, while a failure at or
// after the first indefinite token (`$[1:]` on an object) still fails (docs/semantics/jsonpath.md).
#pragma once

#include "path/jsonpath.h"

namespace sfn::path {

// True when `path` is indefinite and the names and single indexes before its first wildcard,
// slice, filter, union or deep scan do not all select something in `scope` (Jayway's walk: a
// name needs an object that has it, an index an array that has it, negative ones counting from
// the end).
bool definite_prefix_missing(const Path& path, const Scope& scope);

}  // namespace sfn::path
