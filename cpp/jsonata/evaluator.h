// The evaluator: a direct port of jsonata-js's evaluate() family, synchronous, with the same
// nesting of evaluate() calls (so depth limits count what jsonata-js counts).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/random.h"
#include "jsonata/ast.h"
#include "jsonata/closures.h"
#include "jsonata/error.h"
#include "jsonata/value.h"

namespace sfn::jsonata {

struct Options;
struct Builtin;
class Evaluator;

// A scope of variable bindings. Closures keep their defining frame alive.
struct Frame {
  std::shared_ptr<Frame> parent;
  std::vector<std::pair<std::string, Value>> vars;

  explicit Frame(std::shared_ptr<Frame> p = nullptr) : parent(std::move(p)) {}
  void bind(std::string_view name, Value v);
  // nullptr when unbound anywhere up the chain.
  const Value* lookup(std::string_view name) const;
};
using Env = std::shared_ptr<Frame>;

// Arguments and context of a native function call.
struct Call {
  Evaluator& ev;
  std::vector<Value>& args;
  const Value& input;  // the context value (`this.input` in jsonata-js)
  const Env& env;
  const Value& arg(std::size_t i) const;
};

using NativeImpl = Value (*)(Call& call);

struct Builtin {
  std::string_view name;
  NativeImpl impl;
  std::string_view signature;  // jsonata-js signature text
  int arity;                   // the JS implementation's declared parameter count
};

struct Function {
  enum class Type {
    Lambda,     // function($x){...}, incl. partial applications and tail-call thunks
    Native,     // a built-in
    Regex,      // a regex literal: str -> match object
    RegexNext,  // the `next` of a regex match object
    Transform,  // | pattern | update, delete |
    Chain,      // f ~> g on two functions
  };
  Type type = Type::Lambda;
  // Lambda
  NodePtr node;  // the lambda (for body and signature)
  std::vector<std::string> params;
  Value input;
  Env env;
  bool thunk = false;
  const Builtin* native_body = nullptr;  // a partially applied built-in
  // Native
  const Builtin* builtin = nullptr;
  std::shared_ptr<const Signature> signature;
  // Regex / RegexNext
  std::shared_ptr<const Regex> regex;
  std::shared_ptr<const std::string> subject;
  std::size_t last_index = 0;     // byte offset
  std::size_t u16_base_byte = 0;  // a byte offset at or before last_index ...
  double u16_base = 0;            // ... and its offset in UTF-16 units
  // Transform
  NodePtr transform;
  // Chain
  Value first, second;
  // what jsonata-js stores on the procedure for error reporting
  std::string token;
  bool has_token = false;
  int position = -1;
};

Value make_native(const Builtin& b);
const Builtin* find_builtin(std::string_view name, bool aws_dialect);
std::shared_ptr<const Signature> builtin_signature(const Builtin& b);

class Evaluator final : public WorkMeter {
 public:
  Evaluator(const Options& options, Rng& rng, std::int64_t now_millis);

  Value evaluate(const NodePtr& expr, const Value& input, const Env& env);
  Value apply(const Value& proc, std::vector<Value> args, const Value& input, const Env& env);
  // Invokes a function value the way a built-in calls its function argument.
  Value call(const Value& fn, std::vector<Value> args, const Env& env) {
    return apply(fn, std::move(args), Value(), env);
  }
  int arity(const Value& fn) const;

  Rng& rng() { return rng_; }
  std::int64_t now_millis() const { return now_; }
  const Options& options() const { return options_; }
  bool aws() const;
  // Counts one step of work; throws U1001 past the time limit. Called by long-running built-ins
  // too.
  void tick();
  // Counts bulk work (characters scanned or written, items copied, nodes compared) at 1,024
  // units a step, so that a loop over a large value meets the time limit as evaluate() steps
  // do, however few steps surround it.
  void account(std::size_t units) override;
  // Checks the size of one value being built (8 bytes a number, 1 a character); throws U1002
  // past Options::max_memory.
  void charge(std::size_t bytes);
  // The same for an array (or object) of `items` members, 8 bytes each.
  void charge_items(std::size_t items) { charge(items > kMaxItems ? kMaxItems * 8 : items * 8); }
  // For an array built an item at a time, now of `items` items: charged every 4,096 of them.
  void charge_growing(std::size_t items) {
    if (items % 4096 == 0) charge_items(items);
  }
  // Budget for regex searches (VM steps), and the deadline check they consult.
  long long regex_budget = 0;
  const std::function<bool()>& regex_keep_going() const { return keep_going_; }

  Value lookup_variable(const Env& env, std::string_view name) const;

 private:
  Value eval_node(const NodePtr& expr, const Value& input, const Env& env);
  Value eval_path(const NodePtr& expr, const Value& input, const Env& env);
  Value eval_step(const NodePtr& expr, const Value& input, const Env& env, bool last);
  Value eval_stages(const std::vector<Stage>& stages, Value input, const Env& env);
  Value eval_tuple_step(const NodePtr& expr, const Value& input, Value tuples, const Env& env);
  Value eval_filter(const NodePtr& predicate, const Value& input, const Env& env);
  Value eval_binary(const NodePtr& expr, const Value& input, const Env& env);
  Value eval_unary(const NodePtr& expr, const Value& input, const Env& env);
  Value eval_group(const Group& group, const Value& input, const Env& env);
  Value eval_group_pairs(const std::vector<std::pair<NodePtr, NodePtr>>& pairs, int position,
                         const Value& input, const Env& env);
  Value eval_sort(const NodePtr& expr, const Value& input, const Env& env);
  Value eval_block(const NodePtr& expr, const Value& input, const Env& env);
  Value eval_function(const NodePtr& expr, const Value& input, const Env& env,
                      const Value* apply_to);
  Value eval_partial(const NodePtr& expr, const Value& input, const Env& env);
  Value eval_apply(const NodePtr& expr, const Value& input, const Env& env);
  Value eval_lambda(const NodePtr& expr, const Value& input, const Env& env);
  Value eval_transform(const NodePtr& expr, const Value& input, const Env& env);
  Value apply_inner(const Value& proc, std::vector<Value> args, const Value& input, const Env& env);
  Value apply_procedure(Function& proc, std::vector<Value> args);
  Value apply_transform(Function& fn, const Value& obj, const Env& env);
  Value partial_apply(Function& proc, const std::vector<Value>& args,
                      const std::vector<bool>& placeholders);
  Env frame_from_tuple(const Env& env, const Value& tuple);
  Value call_native(const Builtin& builtin, Call& call);
  void check_clock();

  // Past this many items a size is past any budget; capping it keeps `items * 8` from wrapping.
  static constexpr std::size_t kMaxItems = std::size_t{1} << 60;

  const Options& options_;
  Rng& rng_;
  std::int64_t now_;
  int depth_ = 0;
  std::uint64_t ticks_ = 0;
  std::uint64_t next_clock_check_ = 0;
  std::size_t bulk_units_ = 0;  // bulk work not yet counted as a step
  std::chrono::steady_clock::time_point deadline_;
  std::function<bool()> keep_going_;
  mutable std::unordered_map<const Builtin*, Value> natives_;
  // Declared last, so destroyed first: it frees the closures' frames once the evaluation ends.
  ClosureRegistry closures_;
};

// Shared helpers (jsonata-js fn.* used by the evaluator and the function library).
bool is_numeric(const Value& v);  // throws D1001 for non-finite numbers
// `meter`, when given, counts the nodes visited (arrays are searched for a true member).
bool to_boolean(const Value& v, bool& defined, WorkMeter* meter = nullptr, int depth = 0);
Value boolean_of(const Value& v, WorkMeter* meter = nullptr);  // $boolean: undefined stays
Value append(Value a, Value b);                                // fn.append
Value lookup_field(Evaluator& ev, const Value& input, std::string_view key, int depth = 0);
// How many items append(a, b) holds, to charge before building it.
std::size_t appended_length(const Value& a, const Value& b);
bool is_array_of_strings(const Value& v);
bool is_array_of_numbers(const Value& v);
Value make_object_value(std::shared_ptr<Object> o);
// JSON.stringify's escaping of one string: the two-character escapes, \u00xx for the other
// controls, everything else (non-ASCII included) as it is.
void append_js_string(std::string& out, std::string_view s);
// JSON.stringify as $string uses it. With an evaluator the text is charged to its budgets as it
// grows: shared sub-values can make it far larger than the value.
std::string stringify(const Value& v, bool pretty, Evaluator* ev = nullptr);
std::string value_to_string(const Value& v, Evaluator* ev = nullptr);  // $string(v), v defined
// At most `limit` characters of JSON.stringify's text, "..." ending a cut one (error messages).
std::string stringify_prefix(const Value& v, std::size_t limit);
// JSON.parse(JSON.stringify(v)), charged to the budgets as it is built.
Value clone_value(Evaluator& ev, const Value& v);

}  // namespace sfn::jsonata
