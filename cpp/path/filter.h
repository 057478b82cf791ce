// Filters `[?( ... )]`: Jayway's FilterCompiler, its value nodes and its evaluators, ported.
// Internal to the path layer.
#pragma once

#include <memory>
#include <string>

#include "json/json.h"
#include "path/jsonpath.h"
#include "path/program.h"

namespace sfn::path::detail {

class Evaluation;

// Compiles the criteria text (from `[` to `]`, as PathCompiler cuts it out). Throws JavaException.
std::shared_ptr<const Filter> compile_filter(const std::u16string& criteria,
                                             const CompileOptions& options, int nesting);

// PredicatePathToken.accept: every filter of the token accepts `item`. A filter that throws
// InvalidPathException rejects; other exceptions propagate (Jayway lets them out of read()).
bool filter_accepts(Evaluation& ev, const Token& token, const Json& item);

}  // namespace sfn::path::detail
