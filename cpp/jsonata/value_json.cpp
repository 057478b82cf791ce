#include "jsonata/value_json.h"

#include <cmath>

#include "jsonata/error.h"
#include "jsonata/evaluator.h"
#include "jsonata/number_text.h"

namespace sfn::jsonata {

Value from_json(const Json& j, int depth) {
  check_nesting(depth);
  switch (j.type()) {
    case Json::value_t::null:
      return Value::null();
    case Json::value_t::boolean:
      return Value::boolean(j.get<bool>());
    case Json::value_t::number_integer:
      return Value::number(static_cast<double>(j.get<std::int64_t>()));
    case Json::value_t::number_unsigned:
      return Value::number(static_cast<double>(j.get<std::uint64_t>()));
    case Json::value_t::number_float:
      return Value::number(j.get<double>());
    case Json::value_t::string:
      return Value::string(j.get_ref<const std::string&>());
    case Json::value_t::array: {
      auto a = make_array();
      a->items.reserve(j.size());
      for (const Json& item : j) a->push(from_json(item, depth + 1));
      return Value::array(a);
    }
    case Json::value_t::object: {
      auto o = std::make_shared<Object>();
      o->reserve(j.size());
      for (auto it = j.begin(); it != j.end(); ++it)
        o->set(it.key(), from_json(it.value(), depth + 1));
      return Value::object(o);
    }
    default:
      return Value::null();
  }
}

namespace {

Json number_json(double d, bool aws) {
  if (!std::isfinite(d)) {
    if (!aws) return Json(nullptr);
    return Json(js_number_to_string(d));
  }
  if (d == 0) return Json(0);
  // Integral values print as JavaScript prints them (digits, no ".0") up to 1e21; past int64
  // they stay doubles.
  if (std::trunc(d) == d && std::fabs(d) < 9.2e18) {
    return Json(static_cast<std::int64_t>(d));
  }
  return Json(d);
}

struct JsonWriter {
  bool aws;
  Evaluator* ev;
  // The document so far as the memory limit counts values: 8 bytes a member or item, 1 a
  // character of strings and keys ([1..873782] still converts, as it evaluates).
  std::size_t size = 0;

  void grew(std::size_t bytes) {
    if (!ev) return;
    size += bytes;
    ev->account(bytes);
    ev->charge(size);
  }

  Json convert(const Value& v, int depth);
};

Json JsonWriter::convert(const Value& v, int depth) {
  check_nesting(depth);
  switch (v.kind()) {
    case Kind::Undefined:
    case Kind::Null:
    case Kind::Function:
      return Json(nullptr);
    case Kind::Boolean:
      return Json(v.as_bool());
    case Kind::Number:
      return number_json(v.as_number(), aws);
    case Kind::String:
      grew(v.as_string().size());
      return Json(v.as_string());
    case Kind::Array: {
      Json out = Json::array();
      auto& items = out.get_ref<Json::array_t&>();
      items.reserve(v.as_array().size());
      for (const Value& item : v.as_array().items) {
        grew(8);
        items.push_back(convert(item, depth + 1));
      }
      return out;
    }
    case Kind::Object: {
      Json out = Json::object();
      // The keys are distinct already: appended, not looked up (ordered_json searches its
      // entries one by one, which made wide objects quadratic).
      auto& members = out.get_ref<Json::object_t&>();
      members.reserve(v.as_object().size());
      for (const auto& [k, item] : v.as_object().entries()) {
        if (item.is_undefined() || item.is_function()) continue;
        grew(8 + k.size());
        members.emplace_back(k, convert(item, depth + 1));
      }
      return out;
    }
  }
  return Json(nullptr);
}

}  // namespace

Json to_json(const Value& v, bool aws, Evaluator* ev) { return JsonWriter{aws, ev}.convert(v, 0); }

}  // namespace sfn::jsonata
