// JSONPath as AWS Step Functions evaluates it (AWS runs Jayway JsonPath): compiled once per
// definition, evaluated per transition without re-parsing.
//
// Roots: `$` is the state input, `$$` the context object, `$name` a workflow variable.
// A definite path (single names and indexes only) yields one value and fails with Jayway's
// message when nothing is there; an indefinite path (wildcard, deep scan, filter, slice, union)
// yields a JSON array, possibly empty.
//
// The behaviour and messages are those of Jayway JsonPath 2.10 with its default options and the
// Jackson JSON provider (AWS keeps the key order of the documents a path selects, which Jayway's
// default json-smart provider would not); tools/jayway/ holds the oracle the tests are checked
// against. A compiled Path is immutable and may be shared between threads.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "common/failure.h"
#include "json/json.h"

namespace sfn::path {

namespace detail {
struct Program;  // the compiled form; private to the path layer
}

enum class Root : unsigned char { Input, Context, Variable };

struct Path {
  std::string text;  // as written in the definition
  Root root = Root::Input;
  std::string variable;  // Root::Variable: the variable name (without `$`)
  bool definite = true;  // names and indexes only: yields one value
  bool identity = true;  // selects the whole root document (`$`, `$$`, `$name`)
  std::shared_ptr<const detail::Program> program;
};

struct SyntaxError {
  std::string message;  // Jayway's InvalidPathException message where Jayway rejects the path
};

// Reserved for choices of dialect. There is none yet: AWS fails `$.Jobs.sum()` as a path that
// "could not be found" (re:Post), i.e. it runs a Jayway without path functions, so `name(...)` is
// always an ordinary property named `name(...)`, as in Jayway 2.0.
struct CompileOptions {};

// Compiles any Path (full Jayway syntax). `text` must start with `$`.
Expected<Path, SyntaxError> compile(std::string_view text, const CompileOptions& options = {});

// A Reference Path: names and non-negative indexes only (`$.a.b[0]`, `$['x y']`); what ResultPath,
// ItemsPath, `*Path` fields and Fail's ErrorPath/CausePath accept.
bool is_reference_path(const Path& path);

// Resolves a variable by name; returns nullptr when it does not exist.
using VariableLookup = std::function<const Json*(std::string_view name)>;

// The documents a path can start from. Pointers are borrowed for the duration of one call.
// Builds the context object on first use: most evaluations never read `$$`, and building it
// costs more than the evaluation itself.
using ContextProvider = std::function<const Json*()>;

struct Scope {
  const Json* input = nullptr;
  const Json* context = nullptr;  // when null, `context_provider` is asked
  const VariableLookup* variables = nullptr;
  const ContextProvider* context_provider = nullptr;
};

// What a path selected: a node inside one of the scope's documents (no copy), or a value built
// by an indefinite path.
struct Selection {
  const Json* ref = nullptr;
  Json owned;
  const Json& value() const { return ref ? *ref : owned; }
  Json take() && { return ref ? *ref : std::move(owned); }
};

// Evaluation failures carry Jayway's message, e.g. "No results for path: $['missing']" or
// "Missing property in path $['car']['missing']". The engine wraps them in AWS's cause text
// ("Invalid path '<text>' : <message>" and the like).
struct EvalError {
  std::string message;
};

// A definite path selects by reference (no allocation on success); `$` is O(1).
Expected<Selection, EvalError> select(const Path& path, const Scope& scope);

// True when `select` would succeed (Choice `IsPresent`).
bool exists(const Path& path, const Scope& scope);

// ResultPath: returns `target` with `value` placed at `path`, creating intermediate objects.
// `path` must be a reference path rooted at `$`. Fails (the engine reports
// States.ResultPathMatchFailure) when the path runs through a non-object or a missing index; the
// message is then AWS's cause text: `Unable to apply ReferencePath <path text> to input <target
// as compact JSON>`, e.g. `Unable to apply ReferencePath $.x to input "abc"`.
Expected<Json, EvalError> write(const Path& path, Json target, Json value);

}  // namespace sfn::path
