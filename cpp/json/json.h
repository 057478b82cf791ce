// The one JSON value type of the core, and the helpers every layer shares.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace sfn {

// Insertion-ordered, because AWS keeps the key order of the documents it is given.
using Json = nlohmann::ordered_json;

// Payloads travel between states as immutable shared values: a state that forwards its input
// forwards the pointer, and history events hold the same pointer instead of a copy.
using JsonPtr = std::shared_ptr<const Json>;

inline JsonPtr share(Json value) { return std::make_shared<const Json>(std::move(value)); }

// Compact JSON text as AWS renders payloads in history and API responses (no spaces, numbers
// as Java's Jackson prints them).
std::string to_text(const Json& value);

// Parses JSON text; nullopt-like failure is reported through `error` (a human message).
bool parse_text(std::string_view text, Json& out, std::string& error);

// Byte size of the compact rendering, for the 256 KiB payload limit, without building the string.
std::size_t text_size(const Json& value);

// The JSON type name as AWS error messages spell it ("string", "number", "object", ...).
std::string_view type_name(const Json& value);

}  // namespace sfn
