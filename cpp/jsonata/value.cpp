#include "jsonata/value.h"

#include <algorithm>
#include <unordered_set>

#include "jsonata/error.h"

namespace sfn::jsonata {

namespace {
constexpr std::size_t kIndexThreshold = 12;
}

Value Value::string(std::string s) {
  Value v(Kind::String);
  v.ptr_ = std::make_shared<std::string>(std::move(s));
  return v;
}
Value Value::string(std::shared_ptr<const std::string> s) {
  Value v(Kind::String);
  v.ptr_ = std::const_pointer_cast<std::string>(std::move(s));
  return v;
}
Value Value::array(std::shared_ptr<Array> a) {
  Value v(Kind::Array);
  v.ptr_ = std::move(a);
  return v;
}
Value Value::object(std::shared_ptr<Object> o) {
  Value v(Kind::Object);
  v.ptr_ = std::move(o);
  return v;
}
Value Value::function(std::shared_ptr<Function> f) {
  Value v(Kind::Function);
  v.ptr_ = std::move(f);
  return v;
}

namespace {

bool is_unique_container(const Value& v) {
  return (v.is_array() || v.is_object()) && v.use_count() == 1;
}

}  // namespace

void dismantle(std::vector<Value>& items) {
  std::vector<Value> stack;
  for (Value& v : items)
    if (is_unique_container(v)) stack.push_back(std::move(v));
  while (!stack.empty()) {
    Value v = std::move(stack.back());
    stack.pop_back();
    if (v.is_array()) {
      for (Value& x : v.as_array().items)
        if (is_unique_container(x)) stack.push_back(std::move(x));
    } else {
      for (auto& e : v.as_object().mutable_entries())
        if (is_unique_container(e.second)) stack.push_back(std::move(e.second));
    }
    // `v` dies here with no unique containers left inside: a shallow destruction
  }
}

Object::~Object() {
  std::vector<Value> values;
  for (auto& e : entries_)
    if (is_unique_container(e.second)) values.push_back(std::move(e.second));
  dismantle(values);
}

const Value* Object::find(std::string_view key) const {
  if (!index_.empty()) {
    auto it = index_.find(std::string(key));
    return it == index_.end() ? nullptr : &entries_[it->second].second;
  }
  for (const auto& e : entries_)
    if (e.first == key) return &e.second;
  return nullptr;
}

Value* Object::find(std::string_view key) {
  return const_cast<Value*>(static_cast<const Object*>(this)->find(key));
}

void Object::set(std::string_view key, Value v) {
  if (Value* slot = find(key)) {
    *slot = std::move(v);
    return;
  }
  entries_.emplace_back(std::string(key), std::move(v));
  if (!index_.empty()) {
    index_.emplace(entries_.back().first, entries_.size() - 1);
  } else if (entries_.size() > kIndexThreshold) {
    build_index();
  }
}

void Object::erase(std::string_view key) {
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const Entry& e) { return e.first == key; });
  if (it == entries_.end()) return;
  entries_.erase(it);
  index_.clear();
  if (entries_.size() > kIndexThreshold) build_index();
}

void Object::erase(const std::vector<std::string_view>& keys) {
  if (keys.size() == 1) {
    erase(keys[0]);
    return;
  }
  // One at a time, each erasure shifted the entries after it and rebuilt the index: deleting
  // every key of a wide object was quadratic.
  std::unordered_set<std::string_view> doomed(keys.begin(), keys.end());
  auto gone = std::remove_if(entries_.begin(), entries_.end(),
                             [&](const Entry& e) { return doomed.count(e.first) > 0; });
  if (gone == entries_.end()) return;
  entries_.erase(gone, entries_.end());
  index_.clear();
  if (entries_.size() > kIndexThreshold) build_index();
}

void Object::build_index() {
  index_.clear();
  index_.reserve(entries_.size() * 2);
  for (std::size_t i = 0; i < entries_.size(); ++i) index_.emplace(entries_[i].first, i);
}

std::shared_ptr<Array> make_array() { return std::make_shared<Array>(); }

std::shared_ptr<Array> make_sequence() {
  auto a = std::make_shared<Array>();
  a->sequence = true;
  return a;
}

Value sequence_of(Value v) {
  auto a = make_sequence();
  a->items.push_back(std::move(v));
  return Value::array(std::move(a));
}

Value empty_sequence() { return Value::array(make_sequence()); }

bool js_truthy(const Value& v) {
  switch (v.kind()) {
    case Kind::Undefined:
    case Kind::Null:
      return false;
    case Kind::Boolean:
      return v.as_bool();
    case Kind::Number:
      return v.as_number() != 0 && v.as_number() == v.as_number();
    case Kind::String:
      return !v.as_string().empty();
    default:
      return true;
  }
}

bool deep_equal(const Value& a, const Value& b, WorkMeter* meter, int depth) {
  if (a.kind() != b.kind()) return false;
  check_nesting(depth);
  if (meter) meter->account(WorkMeter::kUnitsPerNode);
  switch (a.kind()) {
    case Kind::Undefined:
    case Kind::Null:
      return true;
    case Kind::Boolean:
      return a.as_bool() == b.as_bool();
    case Kind::Number:
      return a.as_number() == b.as_number();
    case Kind::String:
      return a.as_string() == b.as_string();
    case Kind::Function:
      return a.identity() == b.identity();
    case Kind::Array: {
      if (a.identity() == b.identity()) return true;
      const Array& x = a.as_array();
      const Array& y = b.as_array();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (!deep_equal(x[i], y[i], meter, depth + 1)) return false;
      return true;
    }
    case Kind::Object: {
      if (a.identity() == b.identity()) return true;
      const Object& x = a.as_object();
      const Object& y = b.as_object();
      if (x.size() != y.size()) return false;
      for (const auto& [k, v] : x.entries()) {
        const Value* other = y.find(k);
        if (!other || !deep_equal(v, *other, meter, depth + 1)) return false;
      }
      return true;
    }
  }
  return false;
}

}  // namespace sfn::jsonata
