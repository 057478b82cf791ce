// Timestamps as Step Functions reads and writes them: RFC 3339 / ISO-8601 extended offset
// date-times ("2016-03-14T01:59:00Z", "2016-03-14T01:59:00.123+01:00").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sfn::engine {

// Milliseconds since the Unix epoch, or nullopt when `text` is not a valid timestamp (AWS
// requires the `T`, a zone designator, and real calendar values). Fractions beyond
// milliseconds are truncated.
std::optional<std::int64_t> parse_timestamp(std::string_view text);

// Nanosecond-precision comparison key for Choice rules (which compare full precision).
std::optional<long double> parse_timestamp_precise(std::string_view text);

// "2024-05-01T12:00:00.123Z": the context object's StartTime / EnteredTime format.
std::string format_timestamp(std::int64_t epoch_ms);

// "Thu, 18 Apr 2024 06:27:01 GMT": an HTTP Date header (RFC 1123), as the SDK metadata of a
// service integration's response carries it.
std::string format_http_date(std::int64_t epoch_ms);

}  // namespace sfn::engine
