#include "json/java_text.h"

#include <cstdint>

#include "common/java.h"

namespace sfn {

void append_java_to_string(const Json& value, std::string& out) {
  switch (value.type()) {
    case Json::value_t::string:
      out += value.get_ref<const std::string&>();
      return;
    case Json::value_t::number_integer:
      out += std::to_string(value.get<std::int64_t>());
      return;
    case Json::value_t::number_unsigned:
      out += std::to_string(value.get<std::uint64_t>());
      return;
    case Json::value_t::number_float:
      out += java::double_to_string(value.get<double>());
      return;
    case Json::value_t::boolean:
      out += value.get<bool>() ? "true" : "false";
      return;
    case Json::value_t::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, item] : value.items()) {
        if (!first) out += ", ";
        first = false;
        out += key;
        out.push_back('=');
        append_java_to_string(item, out);
      }
      out.push_back('}');
      return;
    }
    case Json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const Json& item : value) {
        if (!first) out += ", ";
        first = false;
        append_java_to_string(item, out);
      }
      out.push_back(']');
      return;
    }
    default:
      out += "null";
      return;
  }
}

std::string java_to_string(const Json& value) {
  std::string out;
  append_java_to_string(value, out);
  return out;
}

}  // namespace sfn
