// jsonata-js's Pratt parser and its post-parse pass. Throws JError with S0xxx codes.
#pragma once

#include <string_view>

#include "jsonata/ast.h"

namespace sfn::jsonata {

// The raw parse tree (before the post-parse pass), as jsonata-js's `expression(0)` returns it.
NodePtr parse_raw(std::string_view source);

// Nesting beyond this (parentheses, operands of a chain of operators, ...) is refused with
// U1001 at compile time.
constexpr int kMaxSyntaxDepth = 1000;

// The post-parse pass (processAST): flattens paths and resolves `%` ancestry.
NodePtr process_ast(const NodePtr& raw);

// Both, with the final top-level checks.
NodePtr parse(std::string_view source);

}  // namespace sfn::jsonata
