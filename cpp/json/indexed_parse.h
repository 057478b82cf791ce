// Parsing JSON text into Json in time linear in the number of keys.
#pragma once

#include <string>
#include <string_view>

#include "json/json.h"

namespace sfn {

// What Json::parse gives (members in text order, a repeated key keeping its first place and its
// last value, the same error texts), but each object's keys are indexed while it is built:
// ordered_json finds a key by searching the entries, so parsing an object of n keys took n^2/2
// string comparisons (100,000 keys: minutes). `strict` false reads the first document and
// ignores what follows it, as Jackson's readTree does. Nesting is not limited here.
bool parse_indexed(std::string_view text, Json& out, std::string& error, bool strict = true);

}  // namespace sfn
