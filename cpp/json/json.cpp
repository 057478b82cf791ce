#include "json/json.h"

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

// Counts bytes as dump() would produce them. Strings need escaping rules, so they are the one
// place we fall back to rendering.
struct SizeCounter {
  std::size_t operator()(const Json& v) const {
    switch (v.type()) {
      case Json::value_t::null:
        return 4;
      case Json::value_t::boolean:
        return v.get<bool>() ? 4 : 5;
      case Json::value_t::object: {
        std::size_t n = 2 + (v.empty() ? 0 : v.size() - 1);  // braces and commas
        for (const auto& [k, item] : v.items()) n += Json(k).dump().size() + 1 + (*this)(item);
        return n;
      }
      case Json::value_t::array: {
        std::size_t n = 2 + (v.empty() ? 0 : v.size() - 1);
        for (const auto& item : v) n += (*this)(item);
        return n;
      }
      default:
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
