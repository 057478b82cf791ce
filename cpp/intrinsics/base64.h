// Base64 for States.Base64Encode/Decode. AWS documents "MIME Base64": the standard alphabet with
// `=` padding. Encoding emits no line breaks (the short payloads users encode, such as basic-auth
// headers, never show any); decoding follows Java's MIME decoder, which skips characters outside
// the alphabet (so wrapped text decodes) but refuses a dangling final character.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sfn::intrinsics::base64 {

std::string encode(std::string_view bytes);

// nullopt when the text cannot be decoded.
std::optional<std::string> decode(std::string_view text);

}  // namespace sfn::intrinsics::base64
