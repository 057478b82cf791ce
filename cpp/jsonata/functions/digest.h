// Message digests for Step Functions' $hash: MD5, SHA-1, SHA-256, SHA-384, SHA-512.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sfn::jsonata {

// Lowercase hex digest of `data`, or nullopt when `algorithm` is not one of the five names.
std::optional<std::string> hex_digest(std::string_view algorithm, std::string_view data);

}  // namespace sfn::jsonata
