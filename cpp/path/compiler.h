// Jayway's PathCompiler, ported to build a Program. Internal to the path layer.
#pragma once

#include <memory>
#include <string_view>

#include "path/jsonpath.h"
#include "path/program.h"

namespace sfn::path::detail {

// Paths nest inside filters and function arguments; bounded so hostile text cannot exhaust the
// stack (Jayway itself would die with a StackOverflowError long after real paths stop).
constexpr int kMaxNesting = 32;
// Tokens in one path; evaluation recurses once per token.
constexpr int kMaxTokens = 1000;

// Jayway's Utils.unescape: backslash escapes (\n, \', \uXXXX, ...), for quoted names and strings.
std::u16string jayway_unescape(std::u16string_view text);

// Compiles path text the way JsonPath.compile does (`text` is what Jayway is given: for `$$.x`
// and `$var.x` that is `$.x`). Throws JavaException with Jayway's InvalidPathException message.
std::shared_ptr<const Program> compile_program(std::u16string_view text,
                                               const CompileOptions& options, int nesting);

}  // namespace sfn::path::detail
