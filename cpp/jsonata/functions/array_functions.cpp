// $append $reverse $sort $shuffle $distinct $zip
#include <functional>
#include <unordered_map>

#include "jsonata/functions/builtins.h"
#include "jsonata/merge_sort.h"
#include "jsonata/utf.h"

namespace sfn::jsonata::fn {

Value append(Call& c) {
  // Charged as the array constructor is: `$append($s, $s)` doubles an array per call.
  c.ev.charge_items(appended_length(c.arg(0), c.arg(1)));
  return jsonata::append(c.arg(0), c.arg(1));
}

Value reverse(Call& c) {
  const Value& a = c.arg(0);
  if (a.is_undefined()) return Value();
  if (a.as_array().size() <= 1) return a;
  auto out = make_array();
  out->items.assign(a.as_array().items.rbegin(), a.as_array().items.rend());
  return Value::array(out);
}

Value sort_array(Call& c, const Value& arr, const Value& comparator) {
  if (arr.is_undefined()) return Value();
  const Array& a = arr.as_array();
  if (a.size() <= 1) return arr;
  auto out = make_array();
  if (comparator.is_undefined()) {
    bool numbers = is_array_of_numbers(arr);
    if (!numbers && !is_array_of_strings(arr)) {
      throw JError("D3070").with("index", Value::number(1));
    }
    auto swap = [&](const Value& x, const Value& y) {
      c.ev.tick();
      if (numbers) return x.as_number() > y.as_number();
      return compare_utf16(x.as_string(), y.as_string()) > 0;
    };
    out->items = merge_sort(a.items, swap);
  } else {
    auto swap = [&](const Value& x, const Value& y) {
      // jsonata-js tests the comparator's result for JavaScript truthiness
      return js_truthy(c.ev.call(comparator, {x, y}, c.env));
    };
    out->items = merge_sort(a.items, swap);
  }
  return Value::array(out);
}

Value sort(Call& c) { return sort_array(c, c.arg(0), c.arg(1)); }

Value shuffle(Call& c) {
  const Value& a = c.arg(0);
  if (a.is_undefined()) return Value();
  const Array& in = a.as_array();
  if (in.size() <= 1) return a;
  auto out = make_array();
  out->items.resize(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    auto j = static_cast<std::size_t>(c.ev.rng().next_double() * static_cast<double>(i + 1));
    if (i != j) out->items[i] = out->items[j];
    out->items[j] = in[i];
  }
  return Value::array(out);
}

namespace {

std::size_t mix(std::size_t seed, std::size_t v) {
  return seed ^ (v + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

// A hash that deep_equal() respects (equal values hash alike). It looks one level down, no
// further, so that it costs what the value holds at its top even when members are shared.
std::size_t shallow_hash(const Value& v, int depth = 0) {
  std::size_t h = static_cast<std::size_t>(v.kind());
  switch (v.kind()) {
    case Kind::Boolean:
      return mix(h, v.as_bool());
    case Kind::Number: {
      double d = v.as_number();
      return mix(h, std::hash<double>{}(d == 0 ? 0.0 : d));  // 0 == -0
    }
    case Kind::String:
      return mix(h, std::hash<std::string>{}(v.as_string()));
    case Kind::Function:
      return mix(h, std::hash<const void*>{}(v.identity()));
    case Kind::Array: {
      const auto& items = v.as_array().items;
      h = mix(h, items.size());
      if (depth >= 1) return h;
      for (std::size_t i = 0; i < items.size() && i < 8; ++i) {
        h = mix(h, shallow_hash(items[i], depth + 1));
      }
      return h;
    }
    case Kind::Object: {
      const Object& o = v.as_object();
      h = mix(h, o.size());
      if (depth >= 1) return h;
      std::size_t sum = 0;  // order-independent, as deep_equal is on objects
      for (const auto& [k, x] : o.entries()) {
        sum += mix(std::hash<std::string>{}(k), shallow_hash(x, depth + 1));
      }
      return mix(h, sum);
    }
    default:
      return h;
  }
}

}  // namespace

Value distinct(Call& c) {
  const Value& a = c.arg(0);
  if (a.is_undefined()) return Value();
  if (!a.is_array() || a.as_array().size() <= 1) return a;
  auto out = a.as_array().sequence ? make_sequence() : make_array();
  // Each value is compared only with the kept values of its hash, not with all of them: the
  // search made $distinct quadratic. First occurrences are kept, in order, as jsonata-js keeps.
  std::unordered_multimap<std::size_t, std::size_t> kept;  // hash -> index in `out`
  kept.reserve(a.as_array().size());
  for (const Value& v : a.as_array().items) {
    c.ev.tick();
    const std::size_t h = shallow_hash(v);
    const auto [lo, hi] = kept.equal_range(h);
    bool found = false;
    for (auto it = lo; it != hi && !found; ++it)
      found = deep_equal(v, out->items[it->second], &c.ev);
    if (found) continue;
    kept.emplace(h, out->size());
    out->push(v);
  }
  return Value::array(out);
}

Value zip(Call& c) {
  auto out = make_array();
  if (c.args.empty()) return Value::array(out);
  std::size_t len = static_cast<std::size_t>(-1);
  for (const Value& a : c.args) len = std::min(len, a.is_array() ? a.as_array().size() : 0);
  c.ev.charge_items(len);
  c.ev.account(len * c.args.size() * WorkMeter::kUnitsPerNode);
  for (std::size_t i = 0; i < len; ++i) {
    auto tuple = make_array();
    for (const Value& a : c.args) tuple->push(a.as_array()[i]);
    out->push(Value::array(tuple));
  }
  return Value::array(out);
}

}  // namespace sfn::jsonata::fn
