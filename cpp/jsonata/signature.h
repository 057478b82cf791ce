// Function signatures (`<s-nn?:s>`): parsed once, then used to check and fix up the arguments
// of every call the way jsonata-js's signature.js does (context substitution for `-`, wrapping
// a single value into an array for `a`, T0410/T0411/T0412 errors).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "jsonata/value.h"

namespace sfn::jsonata {

struct SigParam {
  std::string allowed;   // type symbols accepted (always includes 'm' except for 'f')
  char quantifier = 0;   // 0, '?' or '+'
  bool context = false;  // `-`: use the context value when the argument is missing
  std::string context_allowed;
  std::string type;     // "s", "a", "f", "(sf)", ...
  std::string subtype;  // for a<...> / f<...>
};

struct Signature {
  std::string definition;
  std::vector<SigParam> params;
};

// Throws JError S0401/S0402 (position = offset in the signature text).
std::shared_ptr<const Signature> parse_signature(std::string_view text);

// The type symbol jsonata-js uses for a value: s n b l a o f m(issing).
char type_symbol(const Value& v);

// Throws JError T0410/T0411/T0412.
std::vector<Value> validate_arguments(const Signature& sig, const std::vector<Value>& args,
                                      const Value& context);

}  // namespace sfn::jsonata
