#include "path/java_text.h"

#include <cstdint>
#include <limits>

namespace sfn::path::detail {

std::string java_class_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "java.lang.Boolean";
    case Json::value_t::string:
      return "java.lang.String";
    case Json::value_t::number_integer: {
      const auto v = value.get<std::int64_t>();
      const bool fits_int = v >= std::numeric_limits<std::int32_t>::min() &&
                            v <= std::numeric_limits<std::int32_t>::max();
      return fits_int ? "java.lang.Integer" : "java.lang.Long";
    }
    case Json::value_t::number_unsigned: {
      const auto v = value.get<std::uint64_t>();
      if (v <= static_cast<std::uint64_t>(std::numeric_limits<std::int32_t>::max())) {
        return "java.lang.Integer";
      }
      if (v <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return "java.lang.Long";
      }
      return "java.math.BigInteger";
    }
    case Json::value_t::number_float:
      return "java.lang.Double";
    case Json::value_t::array:
      return "java.util.ArrayList";
    case Json::value_t::object:
      return "java.util.LinkedHashMap";
    default:
      return "java.lang.Object";
  }
}

std::string java_index_message(long index) {
  return "java.lang.StringIndexOutOfBoundsException: String index out of range: " +
         std::to_string(index);
}

}  // namespace sfn::path::detail
