#include "json/json.h"

#include <array>
#include <cstdint>

namespace sfn {

std::string to_text(const Json& value) {
  // Invalid UTF-8 cannot come from parsed input, but strings built by intrinsics or tasks might
  // carry it; replace rather than throw so a payload never crashes the engine.
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

bool parse_text(std::string_view text, Json& out, std::string& error) {
  try {
    out = Json::parse(text.begin(), text.end());
    return true;
  } catch (const Json::parse_error& e) {
    error = e.what();
    return false;
  }
}

namespace {

// How many bytes beyond one an ASCII character takes in dump()'s output: the short escapes
// (\" \\ \b \f \n \r \t) take two, other control characters six (\u00XX).
constexpr std::array<unsigned char, 128> kEscapeExtra = [] {
  std::array<unsigned char, 128> extra{};
  for (int c = 0; c < 0x20; ++c) extra[c] = 5;
  for (char c : {'"', '\\', '\b', '\f', '\n', '\r', '\t'}) extra[static_cast<unsigned char>(c)] = 1;
  return extra;
}();

// The rendered size of a string with its quotes and escapes, as dump() writes it (UTF-8 kept as
// is). Non-ASCII text falls back to rendering: invalid UTF-8 is replaced, which changes sizes.
std::size_t string_size(const std::string& s) {
  std::size_t n = 2 + s.size();
  for (char c : s) {
    auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80) return Json(s).dump(-1, ' ', false, Json::error_handler_t::replace).size();
    n += kEscapeExtra[byte];
  }
  return n;
}

std::size_t digits(std::uint64_t v) {
  std::size_t n = 1;
  while (v >= 10) {
    v /= 10;
    ++n;
  }
  return n;
}

// Counts bytes as dump() would produce them, without rendering: the payload limit is checked on
// every task result and state output, and rendering allocated per string and number.
struct SizeCounter {
  std::size_t operator()(const Json& v) const {
    switch (v.type()) {
      case Json::value_t::null:
        return 4;
      case Json::value_t::boolean:
        return v.get<bool>() ? 4 : 5;
      case Json::value_t::string:
        return string_size(v.get_ref<const std::string&>());
      case Json::value_t::number_unsigned:
        return digits(v.get<std::uint64_t>());
      case Json::value_t::number_integer: {
        std::int64_t i = v.get<std::int64_t>();
        // The magnitude as unsigned: -INT64_MIN does not fit an int64.
        return i < 0 ? 1 + digits(0 - static_cast<std::uint64_t>(i))
                     : digits(static_cast<std::uint64_t>(i));
      }
      case Json::value_t::object: {
        std::size_t n = 2 + (v.empty() ? 0 : v.size() - 1);  // braces and commas
        // The map itself: items() builds an iteration proxy per member.
        for (const auto& [k, item] : v.get_ref<const Json::object_t&>()) {
          n += string_size(k) + 1 + (*this)(item);
        }
        return n;
      }
      case Json::value_t::array: {
        std::size_t n = 2 + (v.empty() ? 0 : v.size() - 1);
        for (const auto& item : v) n += (*this)(item);
        return n;
      }
      default:  // floats: their shortest round-trip form is the renderer's business
        return to_text(v).size();
    }
  }
};

}  // namespace

std::size_t text_size(const Json& value) { return SizeCounter{}(value); }

std::string_view type_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "number";
    case Json::value_t::string:
      return "string";
    case Json::value_t::array:
      return "array";
    case Json::value_t::object:
      return "object";
    default:
      return "unknown";
  }
}

}  // namespace sfn
