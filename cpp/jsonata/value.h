// The evaluator's value model. It mirrors the JavaScript values jsonata-js works with, because
// JSONata's semantics lean on them: `undefined` differs from `null`, arrays carry flags
// (sequence, keepSingleton, cons, outerWrapper, tupleStream) and are shared by reference, and
// functions are values.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace sfn::jsonata {

struct Array;
class Object;
struct Function;

enum class Kind : std::uint8_t {
  Undefined,
  Null,
  Boolean,
  Number,
  String,
  Array,
  Object,
  Function
};

class Value {
 public:
  Value() = default;  // undefined
  static Value null() { return Value(Kind::Null); }
  static Value boolean(bool b) {
    Value v(Kind::Boolean);
    v.num_ = b ? 1 : 0;
    return v;
  }
  static Value number(double d) {
    Value v(Kind::Number);
    v.num_ = d;
    return v;
  }
  static Value string(std::string s);
  static Value string(std::shared_ptr<const std::string> s);
  static Value array(std::shared_ptr<Array> a);
  static Value object(std::shared_ptr<Object> o);
  static Value function(std::shared_ptr<Function> f);

  Kind kind() const { return kind_; }
  bool is_undefined() const { return kind_ == Kind::Undefined; }
  bool is_null() const { return kind_ == Kind::Null; }
  bool is_bool() const { return kind_ == Kind::Boolean; }
  bool is_number() const { return kind_ == Kind::Number; }
  bool is_string() const { return kind_ == Kind::String; }
  bool is_array() const { return kind_ == Kind::Array; }
  bool is_object() const { return kind_ == Kind::Object; }
  bool is_function() const { return kind_ == Kind::Function; }

  bool as_bool() const { return num_ != 0; }
  double as_number() const { return num_; }
  // The accessors check the kind: a mismatch is a bug, reported as an exception (which the API
  // turns into an error) rather than undefined behaviour.
  const std::string& as_string() const {
    expect(Kind::String);
    return *static_cast<const std::string*>(ptr_.get());
  }
  Array& as_array() const {
    expect(Kind::Array);
    return *static_cast<Array*>(ptr_.get());
  }
  Object& as_object() const {
    expect(Kind::Object);
    return *static_cast<Object*>(ptr_.get());
  }
  Function& as_function() const {
    expect(Kind::Function);
    return *static_cast<Function*>(ptr_.get());
  }
  std::shared_ptr<Array> array_ptr() const { return std::static_pointer_cast<Array>(ptr_); }
  std::shared_ptr<Object> object_ptr() const { return std::static_pointer_cast<Object>(ptr_); }
  std::shared_ptr<Function> function_ptr() const {
    return std::static_pointer_cast<Function>(ptr_);
  }
  // Identity of the referenced heap cell (arrays, objects, functions), as JS `===` sees it.
  const void* identity() const { return ptr_.get(); }
  long use_count() const { return ptr_.use_count(); }

 private:
  explicit Value(Kind k) : kind_(k) {}
  void expect(Kind k) const {
    if (kind_ != k) throw std::logic_error("jsonata: value of an unexpected kind");
  }
  Kind kind_ = Kind::Undefined;
  double num_ = 0;
  std::shared_ptr<void> ptr_;
};

// Containers take their uniquely owned sub-containers apart iteratively on destruction, so a
// value nested a million levels deep (built by a tail-recursive expression) cannot overflow the
// stack when it dies.
void dismantle(std::vector<Value>& items);

struct Array {
  Array() = default;
  Array(const Array&) = default;
  Array& operator=(const Array&) = default;
  ~Array() { dismantle(items); }
  std::vector<Value> items;
  bool sequence = false;        // a result sequence (flattened, singleton-unwrapped)
  bool keep_singleton = false;  // `[]` on a step: keep a one-item sequence as an array
  bool cons = false;            // built by an array constructor: not flattened by paths
  bool outer_wrapper = false;   // wraps an input array so it is treated as one value
  bool tuple_stream = false;    // items are tuples (objects of bindings with '@')

  std::size_t size() const { return items.size(); }
  bool empty() const { return items.empty(); }
  const Value& operator[](std::size_t i) const { return items[i]; }
  Value& operator[](std::size_t i) { return items[i]; }
  void push(Value v) { items.push_back(std::move(v)); }
};

// An insertion-ordered string map. Small objects search linearly; larger ones keep a hash
// index so field lookup stays O(1) on wide documents.
class Object {
 public:
  using Entry = std::pair<std::string, Value>;
  Object() = default;
  Object(const Object&) = default;
  Object& operator=(const Object&) = default;
  ~Object();
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  const Value* find(std::string_view key) const;
  Value* find(std::string_view key);
  void set(std::string_view key, Value v);
  void erase(std::string_view key);
  // Erases each of `keys` (repeats allowed) in one pass over the entries.
  void erase(const std::vector<std::string_view>& keys);
  const std::vector<Entry>& entries() const { return entries_; }
  std::vector<Entry>& mutable_entries() { return entries_; }
  void reserve(std::size_t n) { entries_.reserve(n); }

 private:
  void build_index();
  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::size_t> index_;  // empty while small
};

std::shared_ptr<Array> make_array();
std::shared_ptr<Array> make_sequence();
Value sequence_of(Value v);  // createSequence(v)
Value empty_sequence();

// Where long walks over values report the work they do, so that the evaluator's time limit can
// interrupt them: values share sub-values, and a walk may visit far more nodes than a value
// holds. The evaluator is one; this layer knows nothing more of it.
class WorkMeter {
 public:
  // A unit is about the work of copying one character; visiting a node costs this many.
  static constexpr std::size_t kUnitsPerNode = 16;
  virtual void account(std::size_t units) = 0;

 protected:
  ~WorkMeter() = default;
};

// JSONata's deep equality (objects compare by key set, arrays by order). Each node compared is
// reported to `meter` when there is one.
bool deep_equal(const Value& a, const Value& b, WorkMeter* meter = nullptr, int depth = 0);

// JavaScript's truthiness of a value, as jsonata-js tests a bound name or a comparator's answer
// with `if (x)` (not JSONata's $boolean: an empty array or object is true here).
bool js_truthy(const Value& v);

// JS's Array.isArray + the flags.
inline bool is_sequence(const Value& v) { return v.is_array() && v.as_array().sequence; }

}  // namespace sfn::jsonata
