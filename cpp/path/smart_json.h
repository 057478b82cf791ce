// JSON literals inside filters (`@.size in ['S', 'M']`) are parsed by Jayway with json-smart's
// permissive mode, not by the document's JSON provider: quotes may be single or double, and
// unquoted words are strings. This is that parser, as far as literals need it.
#pragma once

#include <optional>
#include <string_view>

#include "json/json.h"

namespace sfn::path::detail {

// nullopt when json-smart would throw a ParseException.
std::optional<Json> parse_permissive_json(std::string_view text);

}  // namespace sfn::path::detail
