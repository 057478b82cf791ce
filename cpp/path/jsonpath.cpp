// The path layer's API: roots (`$`, `$$`, `$name`), the boundary where Jayway's exceptions become
// values, and the fast paths (identity, simple definite paths) that allocate nothing.
#include "path/jsonpath.h"
#include "common/utf.h"
#include "path/prefix.h"

#include <new>

#include "path/compiler.h"
#include "path/evaluate.h"
#include "path/java_error.h"
#include "path/java_text.h"
#include "path/program.h"

namespace sfn::path {

namespace {

// Workflow variable names: a letter or underscore, then letters, digits and underscores.
bool is_variable_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_variable_char(char c) { return is_variable_start(c) || (c >= '0' && c <= '9'); }

const Json* resolve_root(const Path& path, const Scope& scope, std::string& error) {
  switch (path.root) {
    case Root::Input:
      if (!scope.input) error = "No input document to evaluate " + path.text + " against";
      return scope.input;
    case Root::Context: {
      const Json* context = scope.context;
      if (!context && scope.context_provider && *scope.context_provider) {
        context = (*scope.context_provider)();
      }
      if (!context) error = "No context object to evaluate " + path.text + " against";
      return context;
    }
    case Root::Variable: {
      const Json* v =
          scope.variables && *scope.variables ? (*scope.variables)(path.variable) : nullptr;
      if (!v) error = "No variable named '" + path.variable + "'";
      return v;
    }
  }
  return nullptr;
}

// What reaches the caller of JsonPath.read() is the exception's own message, whatever its class
// (compile errors are already wrapped the way Jayway wraps them).
std::string message_of(const detail::JavaException& e) { return e.message; }

}  // namespace

namespace {

// True when the names and single indexes before an indefinite path's first indefinite token do
// not all select something (the same walk as find_simple, stopped at that token).
bool walk_prefix_missing(const detail::Program& program, const Json& document) {
  const Json* model = &document;
  for (const detail::Token& t : program.tokens) {
    if (!t.token_definite) return false;
    if (t.kind == detail::TokenKind::Property) {
      if (t.names.size() != 1) return false;
      if (!model->is_object()) return true;
      const auto it = model->find(t.names[0]);
      if (it == model->end()) return true;
      model = &*it;
    } else if (t.kind == detail::TokenKind::Index && t.indexes.size() == 1) {
      if (!model->is_array()) return true;
      const long size = static_cast<long>(model->size());
      const long index = t.indexes[0] < 0 ? size + t.indexes[0] : t.indexes[0];
      if (index < 0 || index >= size) return true;
      model = &(*model)[static_cast<std::size_t>(index)];
    } else {
      return false;
    }
  }
  return false;
}

}  // namespace

Expected<Path, SyntaxError> compile(std::string_view text, const CompileOptions& options) {
  try {
    Path path;
    path.text = std::string(text);
    if (text.empty() || text[0] != '$') return SyntaxError{"Path must start with '$'"};
    // What AWS hands Jayway: `$$.x` and `$name.x` become `$.x` on the chosen document.
    std::string_view jayway = text;
    if (text.size() >= 2 && text[1] == '$') {
      path.root = Root::Context;
      jayway = text.substr(1);
    } else if (text.size() >= 2 && is_variable_start(text[1])) {
      std::size_t end = 1;
      while (end < text.size() && is_variable_char(text[end])) ++end;
      path.root = Root::Variable;
      path.variable = std::string(text.substr(1, end - 1));
      std::string rest(1, '$');
      rest += text.substr(end);
      auto program = detail::compile_program(utf::to_utf16(rest), options, 0);
      path.definite = program->definite;
      path.identity = program->tokens.empty();
      path.program = std::move(program);
      return path;
    }
    auto program = detail::compile_program(utf::to_utf16(jayway), options, 0);
    path.definite = program->definite;
    path.identity = program->tokens.empty();
    path.program = std::move(program);
    return path;
  } catch (const detail::JavaException& e) {
    return SyntaxError{message_of(e)};
  } catch (const std::bad_alloc&) {
    return SyntaxError{"Out of memory compiling path"};
  } catch (const std::exception& e) {
    return SyntaxError{e.what()};
  }
}

bool is_reference_path(const Path& path) {
  if (!path.program) return false;
  for (const auto& t : path.program->tokens) {
    if (t.kind == detail::TokenKind::Property && t.names.size() == 1) continue;
    if (t.kind == detail::TokenKind::Index && t.indexes.size() == 1 && t.indexes[0] >= 0) continue;
    return false;
  }
  return path.program->root_is_document;
}

Expected<Selection, EvalError> select(const Path& path, const Scope& scope) {
  if (!path.program) return EvalError{"Path is not compiled"};
  std::string error;
  const Json* root = resolve_root(path, scope, error);
  if (!root) return EvalError{std::move(error)};
  const detail::Program& program = *path.program;
  if (program.tokens.empty()) return Selection{root, Json()};
  // Jayway refuses a null document outright (its evaluation context asserts a root).
  if (root->is_null()) return EvalError{"root can not be null"};
  try {
    if (program.simple) return Selection{&detail::evaluate_simple(program, *root), Json()};
    detail::Evaluation ev(program, *root);
    ev.run(*root);
    if (program.definite) {
      const Json* value = ev.definite_value();
      // A value the path built itself (merged properties, function results) must be moved out
      // of the evaluation; anything else is a node of the document.
      auto built = ev.release(value);
      if (!built) return Selection{value, Json()};
      Selection s;
      s.owned = std::move(*built);
      return s;
    }
    Selection s;
    s.owned = ev.indefinite_value();
    return s;
  } catch (const detail::JavaException& e) {
    return EvalError{message_of(e)};
  } catch (const std::bad_alloc&) {
    return EvalError{"Out of memory evaluating path"};
  } catch (const std::exception& e) {
    return EvalError{e.what()};
  }
}

bool exists(const Path& path, const Scope& scope) { return select(path, scope).ok(); }

Expected<Json, EvalError> write(const Path& path, Json target, Json value) {
  try {
    if (!path.program || path.root != Root::Input || !is_reference_path(path)) {
      return EvalError{"Unable to apply ReferencePath " + path.text + " to input " +
                       to_text(target)};
    }
    const detail::Program& program = *path.program;
    if (program.tokens.empty()) return value;
    // Check first, so a failure can report the input as it was.
    bool ok = true;
    {
      const Json* node = &target;
      for (const auto& t : program.tokens) {
        if (!node) {
          // Under a property we are about to create: only more properties can be created.
          if (t.kind != detail::TokenKind::Property) ok = false;
          continue;
        }
        if (t.kind == detail::TokenKind::Property) {
          if (!node->is_object()) {
            ok = false;
            break;
          }
          const auto it = node->find(t.names[0]);
          node = it == node->end() ? nullptr : &*it;
        } else {
          const auto index = static_cast<std::size_t>(t.indexes[0]);
          if (!node->is_array() || index >= node->size()) {
            ok = false;
            break;
          }
          node = &(*node)[index];
        }
      }
    }
    if (!ok) {
      return EvalError{"Unable to apply ReferencePath " + path.text + " to input " +
                       to_text(target)};
    }
    Json* node = &target;
    for (const auto& t : program.tokens) {
      if (t.kind == detail::TokenKind::Property) {
        if (!node->is_object()) *node = Json::object();  // a property created just above
        node = &(*node)[t.names[0]];
      } else {
        node = &(*node)[static_cast<std::size_t>(t.indexes[0])];
      }
    }
    *node = std::move(value);
    return target;
  } catch (const std::bad_alloc&) {
    return EvalError{"Out of memory writing ResultPath"};
  } catch (const std::exception& e) {
    return EvalError{e.what()};
  }
}

bool definite_prefix_missing(const Path& path, const Scope& scope) {
  if (!path.program || path.definite) return false;
  std::string error;
  const Json* root = resolve_root(path, scope, error);
  // No document, or a null one that Jayway refuses outright: nothing to walk.
  if (!root || root->is_null()) return false;
  return walk_prefix_missing(*path.program, *root);
}

}  // namespace sfn::path
