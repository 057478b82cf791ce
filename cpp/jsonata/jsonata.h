// JSONata (jsonata-js 2.0.6 semantics, optionally AWS Step Functions' dialect).
//
// Compile once, evaluate many times:
//   auto expr = jsonata::compile("Account.Order.Product[Price > 30].SKU");
//   auto result = jsonata::evaluate(*expr, &input, {}, options);
// Nothing here throws: every failure comes back as an Error carrying jsonata-js's code.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/failure.h"
#include "common/random.h"
#include "json/json.h"

namespace sfn::jsonata {

// As jsonata-js reports it: `code` ("T2001", "S0202", ...), the character offset in the
// expression (UTF-16 units, -1 when unknown), the offending token and the rendered message.
struct Error {
  std::string code;
  int position = -1;
  std::string token;
  std::string message;
};

struct Ast;  // opaque compiled form

class Expression {
 public:
  const std::string& source() const;
  const Ast& ast() const { return *ast_; }

 private:
  friend Expected<Expression, Error> compile(std::string_view);
  std::shared_ptr<const Ast> ast_;
};

// `aws_dialect`: Step Functions' flavour — no $eval; adds $partition, $range, $hash, $random
// (seedable), $uuid, $parse.
struct Options {
  bool aws_dialect = false;
  int max_depth = 500;  // nested evaluate() calls, counted as jsonata-js counts them
  std::chrono::milliseconds time_limit{5000};  // wall clock for one evaluation
  // The largest single value an evaluation may build (a range, a string), counting 8 bytes
  // a number and 1 a character. AWS's measured bound is 6,990,256 (= 873,782 numbers).
  std::size_t max_memory = 64u << 20;
  Rng* rng = nullptr;                      // for $random/$uuid/$shuffle; a default if null
  std::optional<std::int64_t> now_millis;  // fixes $now()/$millis() (tests)
};

// A JSON value converted once into the evaluator's form, to be evaluated against many times
// (several expressions over one state input, or large variables such as $states.context).
// Immutable and shareable across threads. Implicitly made from a Json.
class Document {
 public:
  Document() = default;        // JSON null
  Document(const Json& json);  // NOLINT(google-explicit-constructor)

  // An object whose members are other documents, shared rather than copied (Step Functions'
  // `$states`, assembled per evaluation from documents converted once). Members in order.
  static Document object(
      std::initializer_list<std::pair<std::string_view, const Document*>> members);

  // The input could not be converted (it nests too deeply); evaluating against it fails.
  bool failed() const { return !error_.empty(); }

 private:
  friend struct DocumentAccess;
  std::shared_ptr<const void> value_;
  std::string error_;  // the input could not be converted (nests too deeply)
};

// Variables visible as $name.
using Bindings = std::map<std::string, Document, std::less<>>;

struct Result {
  enum class Kind { Undefined, Value, Function };
  Kind kind = Kind::Undefined;
  Json value;  // set when kind == Value

  bool is_undefined() const { return kind == Kind::Undefined; }
};

// Parses `source`. Syntax errors are S0xxx codes.
Expected<Expression, Error> compile(std::string_view source);

// Evaluates against `input` (nullptr = no input at all, unlike a JSON null).
Expected<Result, Error> evaluate(const Expression& expr, const Json* input,
                                 const Bindings& bindings = {}, const Options& options = {});
// The same, against an input converted once (see Document).
Expected<Result, Error> evaluate(const Expression& expr, const Document* input,
                                 const Bindings& bindings = {}, const Options& options = {});
// No input at all.
inline Expected<Result, Error> evaluate(const Expression& expr, std::nullptr_t,
                                        const Bindings& bindings = {},
                                        const Options& options = {}) {
  return evaluate(expr, static_cast<const Document*>(nullptr), bindings, options);
}

// "CODE: message" as AWS prints a coded JSONata error.
std::string describe(const Error& error);

}  // namespace sfn::jsonata
