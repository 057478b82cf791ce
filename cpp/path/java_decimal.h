// java.math.BigDecimal, as far as Jayway's filters use it: built from text (a literal, or Java's
// toString() of a document number), compared numerically, printed back with toString().
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "json/json.h"

namespace sfn::path::detail {

struct Decimal {
  bool negative = false;
  std::string digits = "0";  // unscaled magnitude, no leading zeros ("0" for zero)
  int scale = 0;             // value = digits * 10^-scale

  // new BigDecimal(text); nullopt where Java throws NumberFormatException.
  static std::optional<Decimal> parse(std::string_view text);

  int compare(const Decimal& other) const;  // BigDecimal.compareTo: -1, 0, 1
  std::string to_string() const;            // BigDecimal.toString()
  int int_value() const;                    // BigDecimal.intValue() (truncates, wraps)
};

// Java's toString() of a Jackson-parsed number: "5", "1.5", "1.0E10".
std::string java_number_text(const Json& number);

}  // namespace sfn::path::detail
