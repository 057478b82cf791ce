// Step Functions' additions to JSONata: $partition $range $hash $random(seed) $uuid $parse.
// Behaviour as measured on AWS (see shared/reference/asl-semantics.md §3): non-integer
// arguments are truncated toward zero, wrong types are T0410 naming the argument, wrong values
// D3137 with AWS's text.
#include <cmath>
#include <cstdint>
#include <limits>

#include "json/json.h"
#include "jsonata/functions/builtins.h"
#include "jsonata/functions/digest.h"
#include "jsonata/value_json.h"

namespace sfn::jsonata::fn {

namespace {

[[noreturn]] void signature_error(int argument) {
  throw JError("T0410").with("index", Value::number(argument));
}

void reject_surplus(Call& c, std::size_t first_surplus) {
  if (!c.arg(first_surplus).is_undefined()) signature_error(static_cast<int>(first_surplus) + 1);
}

// Java's (long) cast of a double: truncation, saturating, NaN to 0.
std::int64_t towards_zero(const Value& v, int argument) {
  if (!v.is_number()) signature_error(argument);
  double d = v.as_number();
  if (std::isnan(d)) return 0;
  if (d >= 9.2233720368547758e18) return std::numeric_limits<std::int64_t>::max();
  if (d <= -9.2233720368547758e18) return std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(d);
}

[[noreturn]] void d3137(std::string message) {
  throw JError("D3137").with("message", Value::string(std::move(message)));
}

// java.util.Random(seed).nextDouble()
double java_random_double(std::int64_t seed) {
  const std::uint64_t mask = (1ULL << 48) - 1;
  std::uint64_t s = (static_cast<std::uint64_t>(seed) ^ 0x5DEECE66DULL) & mask;
  auto next = [&](int bits) {
    s = (s * 0x5DEECE66DULL + 0xBULL) & mask;
    return static_cast<std::int64_t>(static_cast<std::int32_t>(s >> (48 - bits)));
  };
  std::int64_t hi = next(26);
  std::int64_t lo = next(27);
  return static_cast<double>((hi << 27) + lo) * 0x1.0p-53;
}

}  // namespace

Value aws_partition(Call& c) {
  reject_surplus(c, 2);
  const Value& arr = c.arg(0);
  if (arr.is_undefined()) return Value();
  if (!arr.is_array()) {
    throw JError("T0412").with("index", Value::number(1)).with("value", arr).with("type", Value());
  }
  const auto& items = arr.as_array().items;
  if (items.empty()) return Value();
  const Value& size_arg = c.arg(1);
  auto out = make_array();
  if (size_arg.is_undefined()) {
    auto whole = make_array();
    whole->items = items;
    out->push(Value::array(whole));
    return Value::array(out);
  }
  std::int64_t chunk = towards_zero(size_arg, 2);
  if (chunk < 0) d3137("Second argument must be zero or greater");
  if (chunk == 0) return Value();
  auto size = static_cast<std::size_t>(
      std::min<std::int64_t>(chunk, static_cast<std::int64_t>(items.size())));
  for (std::size_t i = 0; i < items.size(); i += size) {
    auto part = make_array();
    part->items.assign(
        items.begin() + static_cast<std::ptrdiff_t>(i),
        items.begin() + static_cast<std::ptrdiff_t>(std::min(i + size, items.size())));
    out->push(Value::array(part));
  }
  return Value::array(out);
}

Value aws_range(Call& c) {
  reject_surplus(c, 3);
  std::int64_t start = towards_zero(c.arg(0), 1);
  std::int64_t end = towards_zero(c.arg(1), 2);
  if (c.arg(2).is_undefined()) return Value();
  std::int64_t step = towards_zero(c.arg(2), 3);
  if (step == 0 || (step > 0 && start > end) || (step < 0 && start < end)) return Value();
  // count without overflow: |end - start| / |step| + 1
  long double span = static_cast<long double>(end) - static_cast<long double>(start);
  auto count = static_cast<std::uint64_t>(span / static_cast<long double>(step)) + 1;
  c.ev.charge(static_cast<std::size_t>(std::min<std::uint64_t>(count, 1ULL << 40)) * 8);
  // A JSONata sequence, as $map builds: a range of one number is that number ($range(5, 5, 1)
  // is 5, $range(1, 9, 9) is 1 on AWS), longer ones are arrays (docs/semantics/jsonata.md A1).
  auto out = make_sequence();
  out->items.reserve(static_cast<std::size_t>(count));
  long double v = static_cast<long double>(start);
  for (std::uint64_t i = 0; i < count; ++i) {
    out->push(Value::number(static_cast<double>(v)));
    v += static_cast<long double>(step);
  }
  return Value::array(out);
}

Value aws_hash(Call& c) {
  reject_surplus(c, 2);
  if (!c.arg(0).is_string()) signature_error(1);
  const Value& alg = c.arg(1);
  if (alg.is_undefined()) return Value();
  if (!alg.is_string()) signature_error(2);
  auto digest = hex_digest(alg.as_string(), c.arg(0).as_string());
  if (!digest) {
    d3137("Hash algorithm '" + alg.as_string() +
          "' must be one of SHA-1, SHA-384, SHA-256, SHA-512, MD5");
  }
  return Value::string(*digest);
}

Value aws_random(Call& c) {
  reject_surplus(c, 1);
  if (c.arg(0).is_undefined()) return Value::number(c.ev.rng().next_double());
  return Value::number(java_random_double(towards_zero(c.arg(0), 1)));
}

Value aws_uuid(Call& c) {
  reject_surplus(c, 0);
  return Value::string(c.ev.rng().uuid4());
}

Value aws_parse(Call& c) {
  reject_surplus(c, 1);
  const Value& text = c.arg(0);
  if (text.is_undefined()) return Value();
  if (!text.is_string()) signature_error(1);
  Json parsed;
  std::string error;
  if (!parse_text(text.as_string(), parsed, error)) d3137("Invalid JSON");
  return from_json(parsed);
}

}  // namespace sfn::jsonata::fn
