// Jayway's token evaluation (PathToken and subclasses, 2.10), ported with its quirks, because AWS
// users see exactly these results: a missing leaf inside an indefinite path is skipped, a
// non-object under a definite path throws, a negative index counts from the end, slices with a
// negative start wrap, and deep scans carry the index state described at walk_array().
//
// Jayway builds the "current path" string at every step only to put it in messages. Messages
// that name it are only thrown while every earlier token is definite, so the string can be
// rebuilt from the tokens when needed (current_path) and evaluation builds no strings.
#include "path/evaluate.h"

#include <string>

#include "common/stack.h"
#include "json/java_text.h"
#include "path/filter.h"
#include "path/java_error.h"
#include "path/java_text.h"

namespace sfn::path::detail {

namespace {

// The provider AWS's messages would name (see jsonpath.h on why Jackson).
constexpr const char* kProviderClass = "com.jayway.jsonpath.spi.json.JacksonJsonProvider";

std::string tokens_to_string(const Program& program, std::size_t i) {
  std::string out;
  for (std::size_t k = i; k < program.tokens.size(); ++k) out += program.tokens[k].fragment;
  return out;
}

[[noreturn]] void throw_not_an_object(const Program& program, std::size_t i, const Json& model) {
  throw_path_not_found(
      "Expected to find an object with property " + program.tokens[i].fragment + " in path " +
      current_path(program, i) + " but found '" + java_class_name(model) +
      "'. This is not a json object according to the JsonProvider: '" + kProviderClass + "'.");
}

[[noreturn]] void throw_missing_property(const Program& program, std::size_t i,
                                         const std::string& name) {
  throw_path_not_found("Missing property in path " + current_path(program, i) + "['" + name + "']");
}

// ArrayPathToken.checkArrayModel: false skips the model, or throws under a definite path.
bool check_array_model(const Program& program, std::size_t i, const Json& model) {
  const Token& t = program.tokens[i];
  if (model.is_null()) {
    if (!t.upstream_definite) return false;
    throw_path_not_found("The path " + current_path(program, i) + " is null");
  }
  if (!model.is_array()) {
    if (!t.upstream_definite) return false;
    throw_path_not_found(
        "Filter: " + tokens_to_string(program, i) +
        " can only be applied to arrays. Current context is: " + java_to_string(model));
  }
  return true;
}

void next_or_result(Evaluation& ev, std::size_t i, const Json& value) {
  if (ev.program().tokens[i].leaf) {
    ev.add_result(value);
  } else {
    evaluate_token(ev, i + 1, value);
  }
}

// PathToken.handleArrayIndex: out-of-range indexes are silently skipped.
void handle_array_index(Evaluation& ev, std::size_t i, long index, const Json& model) {
  const long size = static_cast<long>(model.size());
  const long effective = index < 0 ? size + index : index;
  if (effective < 0 || effective >= size) return;
  next_or_result(ev, i, model[static_cast<std::size_t>(effective)]);
}

// PathToken.handleObjectProperty for one property (tokens `i` is a property or a wildcard).
void handle_object_property(Evaluation& ev, std::size_t i, const Json& model,
                            const std::string& name) {
  const Program& program = ev.program();
  const Token& t = program.tokens[i];
  const auto it = model.find(name);
  if (it == model.end()) {
    // Under REQUIRE_PROPERTIES (existence checks) every absence throws; the message is never
    // seen, since the check turns the exception into `false`.
    if (ev.require_properties()) throw_path_not_found("No results for path: " + name);
    if (t.leaf) return;
    if (!(t.upstream_definite && t.token_definite)) return;
    throw_missing_property(program, i, name);
  }
  if (!t.leaf) {
    evaluate_token(ev, i + 1, *it);
    return;
  }
  // A leaf reached through a scan over an array only counts when the token before the leaf
  // reads as that array index (how Jayway emulates `..[2].name`).
  const int idx = ev.upstream_array_index(i);
  if (idx == -1) {
    ev.add_result(*it);
    return;
  }
  const std::size_t n = program.tokens.size();
  if (n < 2) return;  // the token before the leaf is the root, `$` or `@`: never an index
  const std::string& prev = program.tokens[n - 2].fragment;
  const std::string digits = std::to_string(idx);
  if (prev.size() == digits.size() + 2 && prev.front() == '[' && prev.back() == ']' &&
      prev.compare(1, digits.size(), digits) == 0) {
    ev.add_result(*it);
  }
}

void evaluate_property(Evaluation& ev, std::size_t i, const Json& model) {
  const Program& program = ev.program();
  const Token& t = program.tokens[i];
  if (!model.is_object()) {
    if (!t.upstream_definite) return;
    throw_not_an_object(program, i, model);
  }
  if (t.names.size() == 1) {
    handle_object_property(ev, i, model, t.names[0]);
    return;
  }
  if (t.leaf) {
    // Several names at the leaf merge into one object of those present.
    Json merged = Json::object();
    for (const auto& name : t.names) {
      const auto it = model.find(name);
      if (it != model.end()) {
        merged[name] = *it;
      } else if (ev.require_properties()) {
        throw_path_not_found("Missing property in path " + name);
      }
    }
    ev.add_result(ev.keep(std::move(merged)));
    return;
  }
  for (const auto& name : t.names) handle_object_property(ev, i, model, name);
}

void evaluate_wildcard(Evaluation& ev, std::size_t i, const Json& model) {
  if (model.is_object()) {
    for (const auto& [key, value] : model.items()) handle_object_property(ev, i, model, key);
  } else if (model.is_array()) {
    for (std::size_t k = 0; k < model.size(); ++k) {
      try {
        handle_array_index(ev, i, static_cast<long>(k), model);
      } catch (const JavaException& e) {
        if (e.java_class != JavaClass::PathNotFound || ev.require_properties()) throw;
      }
    }
  }
}

void evaluate_slice(Evaluation& ev, std::size_t i, const Json& model) {
  const Token& t = ev.program().tokens[i];
  if (!check_array_model(ev.program(), i, model)) return;
  const long length = static_cast<long>(model.size());
  switch (t.slice) {
    case SliceKind::From: {
      long from = t.from < 0 ? length + t.from : t.from;
      if (from < 0) from = 0;
      if (length == 0 || from >= length) return;
      for (long k = from; k < length; ++k) handle_array_index(ev, i, k, model);
      return;
    }
    case SliceKind::Between: {
      // The start is not normalised: a negative one walks in from the end (Jayway's behaviour).
      const long from = t.from;
      const long to = std::min<long>(length, t.to);
      if (from >= to || length == 0) return;
      for (long k = from; k < to; ++k) handle_array_index(ev, i, k, model);
      return;
    }
    case SliceKind::To: {
      if (length == 0) return;
      long to = t.to < 0 ? length + t.to : t.to;
      to = std::min(length, to);
      for (long k = 0; k < to; ++k) handle_array_index(ev, i, k, model);
      return;
    }
  }
}

// ScanPathToken's predicate: which nodes the token after `..` is tried on.
bool scan_matches(Evaluation& ev, std::size_t target, const Json& model) {
  const Token& t = ev.program().tokens[target];
  switch (t.kind) {
    case TokenKind::Property: {
      if (!model.is_object()) return false;
      if (!t.token_definite) return true;
      for (const auto& name : t.names) {
        if (!model.contains(name)) return false;
      }
      return true;
    }
    case TokenKind::Index:
    case TokenKind::Slice:
      return model.is_array();
    case TokenKind::Wildcard:
      return true;
    case TokenKind::Filter:
      return filter_accepts(ev, t, model);
    default:
      return false;
  }
}

void walk(Evaluation& ev, std::size_t target, const Json& model, int depth);

// On an array, Jayway evaluates the token *after* the target on every element (not the target
// itself), remembering the element's index on that token; a leaf property then only counts when
// the token before it prints as that index. The index stays set for the rest of the evaluation.
void walk_array(Evaluation& ev, std::size_t target, const Json& model, int depth) {
  const Program& program = ev.program();
  if (scan_matches(ev, target, model)) {
    if (program.tokens[target].leaf) {
      evaluate_token(ev, target, model);
    } else {
      for (std::size_t k = 0; k < model.size(); ++k) {
        ev.set_upstream_array_index(target + 1, static_cast<int>(k));
        evaluate_token(ev, target + 1, model[k]);
      }
    }
  }
  for (const auto& item : model) walk(ev, target, item, depth + 1);
}

void walk_object(Evaluation& ev, std::size_t target, const Json& model, int depth) {
  if (scan_matches(ev, target, model)) evaluate_token(ev, target, model);
  for (const auto& [key, value] : model.items()) walk(ev, target, value, depth + 1);
}

void walk(Evaluation& ev, std::size_t target, const Json& model, int depth) {
  ev.enter();
  if (model.is_object()) {
    walk_object(ev, target, model, depth);
  } else if (model.is_array()) {
    walk_array(ev, target, model, depth);
  }
  ev.leave();
}

void evaluate_filter(Evaluation& ev, std::size_t i, const Json& model) {
  const Program& program = ev.program();
  const Token& t = program.tokens[i];
  if (model.is_object()) {
    if (filter_accepts(ev, t, model)) next_or_result(ev, i, model);
  } else if (model.is_array()) {
    for (std::size_t k = 0; k < model.size(); ++k) {
      if (filter_accepts(ev, t, model[k])) handle_array_index(ev, i, static_cast<long>(k), model);
    }
  } else if (t.upstream_definite) {
    throw_invalid_path(
        "Filter: " + tokens_to_string(program, i) +
        " can not be applied to primitives. Current context is: " + java_to_string(model));
  }
}

}  // namespace

std::string current_path(const Program& program, std::size_t i) {
  std::string out(1, program.root_is_document ? '$' : '@');
  for (std::size_t k = 0; k < i && k < program.tokens.size(); ++k) {
    const Token& t = program.tokens[k];
    if (t.kind == TokenKind::Property && !t.names.empty()) {
      out += "['";
      out += t.names[0];
      out += "']";
    } else if (t.kind == TokenKind::Index && !t.indexes.empty()) {
      out += '[';
      out += std::to_string(t.indexes[0]);
      out += ']';
    }
  }
  return out;
}

// Frames of evaluation (tokens, scan levels, nested filter paths) before giving up; far beyond
// any real path and document, far below what an 8 MiB stack holds (smaller stacks:
// Evaluation::enter also stops where the thread's stack nearly ends).
constexpr int kMaxDepth = 3000;

Evaluation::Evaluation(const Program& program, const Json& root, Evaluation* parent,
                       bool require_properties)
    : program_(program),
      root_(root),
      require_properties_(require_properties),
      depth_(parent ? parent->depth_ : &own_depth_) {}

void Evaluation::enter() {
  if (++*depth_ > kMaxDepth || stack::nearly_exhausted_at(*depth_)) {
    --*depth_;
    throw_json_path("Path evaluation nested too deeply");
  }
}

void Evaluation::run(const Json& document) {
  if (program_.tokens.empty()) {
    add_result(document);
  } else {
    evaluate_token(*this, 0, document);
  }
}

const Json* Evaluation::definite_value() const {
  if (results_.empty()) throw_path_not_found("No results for path: " + program_.canonical);
  return results_.back();
}

Json Evaluation::indefinite_value() const {
  Json out = Json::array();
  out.get_ref<Json::array_t&>().reserve(results_.size());
  for (const Json* r : results_) out.push_back(*r);
  return out;
}

int Evaluation::upstream_array_index(std::size_t token) const {
  return token < upstream_index_.size() ? upstream_index_[token] : -1;
}

void Evaluation::set_upstream_array_index(std::size_t token, int index) {
  if (upstream_index_.size() <= token) upstream_index_.resize(program_.tokens.size() + 1, -1);
  upstream_index_[token] = index;
}

void evaluate_token(Evaluation& ev, std::size_t i, const Json& model) {
  ev.enter();
  struct Leave {
    Evaluation& ev;
    ~Leave() { ev.leave(); }
  } leave{ev};
  const Token& t = ev.program().tokens[i];
  switch (t.kind) {
    case TokenKind::Property:
      evaluate_property(ev, i, model);
      return;
    case TokenKind::Index:
      if (!check_array_model(ev.program(), i, model)) return;
      for (const auto index : t.indexes) handle_array_index(ev, i, index, model);
      return;
    case TokenKind::Slice:
      evaluate_slice(ev, i, model);
      return;
    case TokenKind::Wildcard:
      evaluate_wildcard(ev, i, model);
      return;
    case TokenKind::Scan:
      walk(ev, i + 1, model, 0);
      return;
    case TokenKind::Filter:
      evaluate_filter(ev, i, model);
      return;
  }
}

const Json* find_simple(const Program& program, const Json& document) {
  const Json* model = &document;
  for (const Token& t : program.tokens) {
    if (t.kind == TokenKind::Property) {
      if (!model->is_object()) return nullptr;
      const auto it = model->find(t.names[0]);
      if (it == model->end()) return nullptr;
      model = &*it;
    } else {
      if (!model->is_array()) return nullptr;
      const long size = static_cast<long>(model->size());
      const long index = t.indexes[0] < 0 ? size + t.indexes[0] : t.indexes[0];
      if (index < 0 || index >= size) return nullptr;
      model = &(*model)[static_cast<std::size_t>(index)];
    }
  }
  return model;
}

const Json& evaluate_simple(const Program& program, const Json& document) {
  const Json* model = &document;
  const std::size_t n = program.tokens.size();
  for (std::size_t i = 0; i < n; ++i) {
    const Token& t = program.tokens[i];
    if (t.kind == TokenKind::Property) {
      if (!model->is_object()) throw_not_an_object(program, i, *model);
      const auto it = model->find(t.names[0]);
      if (it == model->end()) {
        if (t.leaf) throw_path_not_found("No results for path: " + program.canonical);
        throw_missing_property(program, i, t.names[0]);
      }
      model = &*it;
    } else {
      check_array_model(program, i, *model);
      const long size = static_cast<long>(model->size());
      const long index = t.indexes[0] < 0 ? size + t.indexes[0] : t.indexes[0];
      if (index < 0 || index >= size) {
        throw_path_not_found("No results for path: " + program.canonical);
      }
      model = &(*model)[static_cast<std::size_t>(index)];
    }
  }
  return *model;
}

}  // namespace sfn::path::detail
