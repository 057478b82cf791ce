// The RFC 3339 timestamps AWS accepts in Wait `Timestamp` and Choice `Timestamp*` operands:
// `2016-03-14T01:59:00Z`, `2016-03-05T21:29:29.243167252Z`, `2016-03-14T01:59:00+01:00`. A space
// instead of `T`, a missing zone, or an impossible date or time is refused ("String does not
// match RFC3339 timestamp").
#pragma once

#include <optional>
#include <string_view>

namespace sfn::asl {

bool is_rfc3339_timestamp(std::string_view text);

}  // namespace sfn::asl
