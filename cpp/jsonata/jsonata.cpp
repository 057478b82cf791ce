// The public boundary: compile, evaluate, and the conversions and error rendering around them.
// No exception crosses this file's functions.
#include "jsonata/jsonata.h"

#include <chrono>

#include "jsonata/ast.h"
#include "jsonata/error.h"
#include "jsonata/evaluator.h"
#include "jsonata/parser.h"
#include "jsonata/utf.h"
#include "jsonata/value_json.h"

namespace sfn::jsonata {

const std::string& Expression::source() const { return ast_->source; }

namespace {

Error to_error(const JError& err, std::string_view source) {
  Error e;
  e.code = err.code;
  if (err.position >= 0) {
    // A lexer can report a position past the end, as jsonata-js does ("\u65 at the end of the
    // text skips four characters before the string is found unterminated).
    const auto bytes = static_cast<std::size_t>(err.position);
    const std::size_t beyond = bytes > source.size() ? bytes - source.size() : 0;
    e.position = static_cast<int>(utf16_offset_of_byte(source, bytes) + beyond);
  }
  e.token = err.has_token ? err.token : std::string();
  e.message = render_message(err);
  return e;
}

Error internal_error(const char* what) {
  Error e;
  e.code = "U1000";
  e.message = std::string("Internal error: ") + what;
  return e;
}

}  // namespace

Expected<Expression, Error> compile(std::string_view source) {
  try {
    auto ast = std::make_shared<Ast>();
    ast->source = std::string(source);
    ast->root = parse(ast->source);
    Expression expr;
    expr.ast_ = std::move(ast);
    return expr;
  } catch (const JError& err) {
    return to_error(err, source);
  } catch (const std::bad_alloc&) {
    return internal_error("out of memory");
  } catch (const std::exception& ex) {
    return internal_error(ex.what());
  }
}

struct DocumentAccess {
  static const Value* value(const Document& d) { return static_cast<const Value*>(d.value_.get()); }
  static const std::string& error(const Document& d) { return d.error_; }
};

Document::Document(const Json& json) {
  try {
    value_ = std::make_shared<const Value>(from_json(json));
  } catch (const JError& err) {
    error_ = render_message(err);
  } catch (const std::exception& ex) {
    error_ = ex.what();
  }
}

Document Document::object(
    std::initializer_list<std::pair<std::string_view, const Document*>> members) {
  Document out;
  try {
    auto o = std::make_shared<Object>();
    o->reserve(members.size());
    for (const auto& [name, doc] : members) {
      if (!doc) continue;
      if (!doc->error_.empty()) {
        out.error_ = doc->error_;
        return out;
      }
      const Value* v = DocumentAccess::value(*doc);
      o->set(name, v ? *v : Value::null());
    }
    out.value_ = std::make_shared<const Value>(Value::object(std::move(o)));
  } catch (const std::exception& ex) {
    out.error_ = ex.what();
  }
  return out;
}

namespace {

Expected<Result, Error> evaluate_value(const Expression& expr, const Value* input,
                                       const Bindings& bindings, const Options& options) {
  const Ast& ast = expr.ast();
  try {
    Rng fallback;
    Rng& rng = options.rng ? *options.rng : fallback;
    std::int64_t now = options.now_millis ? *options.now_millis
                                          : std::chrono::duration_cast<std::chrono::milliseconds>(
                                                std::chrono::system_clock::now().time_since_epoch())
                                                .count();
    Evaluator ev(options, rng, now);
    auto env = std::make_shared<Frame>();
    for (const auto& [name, doc] : bindings) {
      if (!DocumentAccess::error(doc).empty()) {
        throw JError("U1001").with("message", Value::string(DocumentAccess::error(doc)));
      }
      const Value* v = DocumentAccess::value(doc);
      env->bind(name, v ? *v : Value::null());
    }
    Value in = input ? *input : Value();
    env->bind("$", in);
    if (in.is_array()) {
      auto wrapper = make_sequence();
      wrapper->push(in);
      wrapper->outer_wrapper = true;
      in = Value::array(wrapper);
    }
    Value out = ev.evaluate(ast.root, in, env);
    Result r;
    if (out.is_undefined()) {
      r.kind = Result::Kind::Undefined;
    } else if (out.is_function()) {
      r.kind = Result::Kind::Function;
    } else {
      r.kind = Result::Kind::Value;
      r.value = to_json(out, options.aws_dialect, &ev);
    }
    return r;
  } catch (const JError& err) {
    return to_error(err, ast.source);
  } catch (const std::bad_alloc&) {
    return internal_error("out of memory");
  } catch (const std::exception& ex) {
    return internal_error(ex.what());
  }
}

}  // namespace

Expected<Result, Error> evaluate(const Expression& expr, const Document* input,
                                 const Bindings& bindings, const Options& options) {
  if (input && !DocumentAccess::error(*input).empty()) {
    Error e;
    e.code = "U1001";
    e.message = DocumentAccess::error(*input);
    return e;
  }
  const Value* v = input ? DocumentAccess::value(*input) : nullptr;
  const Value null_value = Value::null();
  return evaluate_value(expr, input ? (v ? v : &null_value) : nullptr, bindings, options);
}

Expected<Result, Error> evaluate(const Expression& expr, const Json* input,
                                 const Bindings& bindings, const Options& options) {
  if (!input) return evaluate(expr, static_cast<const Document*>(nullptr), bindings, options);
  const Document doc(*input);
  return evaluate(expr, &doc, bindings, options);
}

std::string describe(const Error& error) {
  if (error.code.empty()) return error.message;
  return error.code + ": " + error.message;
}

}  // namespace sfn::jsonata
