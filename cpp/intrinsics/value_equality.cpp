#include "intrinsics/value_equality.h"

#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace sfn::intrinsics {

namespace {

bool is_integer(const Json& v) { return v.is_number_integer(); }  // signed or unsigned

bool same_integer(const Json& a, const Json& b) {
  const bool a_unsigned = a.is_number_unsigned();
  const bool b_unsigned = b.is_number_unsigned();
  if (a_unsigned == b_unsigned) {
    return a_unsigned ? a.get<std::uint64_t>() == b.get<std::uint64_t>()
                      : a.get<std::int64_t>() == b.get<std::int64_t>();
  }
  const Json& u = a_unsigned ? a : b;
  const Json& s = a_unsigned ? b : a;
  const std::int64_t sv = s.get<std::int64_t>();
  return sv >= 0 && static_cast<std::uint64_t>(sv) == u.get<std::uint64_t>();
}

std::size_t mix(std::size_t seed, std::size_t v) {
  return seed ^ (v + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2));
}

}  // namespace

namespace {

// Objects are equal whatever the order of their keys. Those in the same order (the usual case)
// compare in one pass; the rest are looked up in an index of `b`, as ordered_json's own find
// searches its entries one by one and made comparing wide objects quadratic.
bool same_members(const Json::object_t& a, const Json::object_t& b) {
  if (a.size() != b.size()) return false;
  auto ia = a.begin();
  auto ib = b.begin();
  for (; ia != a.end() && ia->first == ib->first; ++ia, ++ib) {
    if (!same_value(ia->second, ib->second)) return false;
  }
  if (ia == a.end()) return true;
  std::unordered_map<std::string_view, const Json*> rest;
  rest.reserve(static_cast<std::size_t>(b.end() - ib));
  for (; ib != b.end(); ++ib) rest.emplace(ib->first, &ib->second);
  for (; ia != a.end(); ++ia) {
    const auto it = rest.find(ia->first);
    if (it == rest.end() || !same_value(ia->second, *it->second)) return false;
  }
  return true;
}

}  // namespace

bool same_value(const Json& a, const Json& b) {
  if (is_integer(a) && is_integer(b)) return same_integer(a, b);
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case Json::value_t::null:
      return true;
    case Json::value_t::boolean:
      return a.get<bool>() == b.get<bool>();
    case Json::value_t::number_float: {
      // Double.equals compares bits: -0.0 is not 0.0 (a JSON value cannot be NaN).
      const double x = a.get<double>();
      const double y = b.get<double>();
      return x == y && std::signbit(x) == std::signbit(y);
    }
    case Json::value_t::string:
      return a.get_ref<const std::string&>() == b.get_ref<const std::string&>();
    case Json::value_t::array: {
      if (a.size() != b.size()) return false;
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (!same_value(a[i], b[i])) return false;
      }
      return true;
    }
    case Json::value_t::object:
      return same_members(a.get_ref<const Json::object_t&>(), b.get_ref<const Json::object_t&>());
    default:
      return false;
  }
}

std::size_t value_hash(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return 0x51ed;
    case Json::value_t::boolean:
      return value.get<bool>() ? 0x7a11 : 0x7a10;
    case Json::value_t::number_integer:
      return mix(1, std::hash<std::int64_t>{}(value.get<std::int64_t>()));
    case Json::value_t::number_unsigned: {
      // Hash in the signed domain when the value fits, so 5u and 5 collide as they compare equal.
      const auto u = value.get<std::uint64_t>();
      return mix(1, u <= static_cast<std::uint64_t>(INT64_MAX)
                        ? std::hash<std::int64_t>{}(static_cast<std::int64_t>(u))
                        : std::hash<std::uint64_t>{}(u));
    }
    case Json::value_t::number_float: {
      const double d = value.get<double>();
      return mix(2, std::hash<double>{}(d));
    }
    case Json::value_t::string:
      return mix(3, std::hash<std::string>{}(value.get_ref<const std::string&>()));
    case Json::value_t::array: {
      std::size_t h = 4;
      for (const Json& item : value) h = mix(h, value_hash(item));
      return h;
    }
    case Json::value_t::object: {
      // Order-independent: a sum of per-entry hashes.
      std::size_t sum = 0;
      for (const auto& [key, item] : value.items()) {
        sum += mix(std::hash<std::string>{}(key), value_hash(item));
      }
      return mix(5, sum);
    }
    default:
      return 6;
  }
}

}  // namespace sfn::intrinsics
