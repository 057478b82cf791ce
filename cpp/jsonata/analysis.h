// What a compiled expression reads, found by walking its syntax tree once. Step Functions needs
// it twice: its definition checks refuse expressions that read the context item, and its engine
// binds only the variables (and the `$states` fields) an expression actually reads.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "jsonata/jsonata.h"

namespace sfn::jsonata {

// An expression that is nothing but `$name.field.field...` (no predicates, no array
// constructors, no functions): it can be answered by walking the bound value directly.
struct PlainPath {
  std::string variable;             // without the `$`
  std::vector<std::string> fields;  // possibly empty (`$name` alone)
};

struct Analysis {
  // The names read against the context item (the expression's input), each once, in writing
  // order: the first step of a path (`phone` in `phone.number`), the keys of an object
  // constructor evaluated there, `$` for the context item itself and `$$` for its root. Only the
  // positions that see the input are walked: a later path step, a predicate, a sort term, a
  // grouping or a transform sees another value; a lambda body sees the input its definition saw.
  std::vector<std::string> top_level_references;
  // Every `$name` the expression mentions (without the `$`), each once, in writing order; `$`
  // and `$$` excluded. Names it binds itself are included: binding more than needed is harmless.
  std::vector<std::string> variables;
  // `variables` without the names the expression binds itself (`:=`, lambda parameters, `@$x`,
  // `#$x`) and without built-in function names: what it reads from outside.
  std::vector<std::string> free_variables;
  // The fields N of the `$states.N...` paths, each once; `states_whole` when `$states` is used in
  // any other way (passed to a function, iterated, indexed).
  std::vector<std::string> states_fields;
  bool states_whole = false;
  std::optional<PlainPath> plain_path;

  bool reads_states_field(std::string_view field) const;
};

Analysis analyze(const Expression& expression);

// Whether `name` (without the `$`) is a built-in function in the given dialect.
bool is_builtin_function(std::string_view name, bool aws_dialect);

}  // namespace sfn::jsonata
