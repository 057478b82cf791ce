#include "service/response_envelopes.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <numeric>

#include "common/java.h"
#include "engine/timestamp.h"

namespace sfn::service {

namespace {

// Objects and arrays are filled by appending to storage reserved at its final size: assigning
// key by key searched the ordered map for each key and grew its storage several times, and an
// envelope is built for every call a task makes.
Json object_of(std::size_t size) {
  Json out = Json::object();
  out.get_ref<Json::object_t&>().reserve(size);
  return out;
}

void append(Json& object, std::string key, Json value) {
  object.get_ref<Json::object_t&>().emplace_back(std::move(key), std::move(value));
}

Json one_element_list(std::string value) {
  Json out = Json::array();
  out.get_ref<Json::array_t&>().emplace_back(std::move(value));
  return out;
}

bool less_ignoring_case(const std::string& a, const std::string& b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    return lower(x) < lower(y);
  });
}

// X-Amzn-Trace-Id: AWS X-Ray's form (Root=1-<epoch seconds, hex>-<24 hex digits>), taken from
// the call's request id so a seeded run gives the same text twice.
std::string trace_id(const std::string& request_id, std::int64_t now_ms) {
  std::string hex;
  hex.reserve(32);
  for (char c : request_id) {
    if (c != '-') hex.push_back(c);
  }
  hex.resize(32, '0');
  char root[24];
  int n =
      std::snprintf(root, sizeof root, "%08llx", static_cast<unsigned long long>(now_ms / 1000));
  std::string out;
  out.reserve(80);
  out.append("Root=1-").append(root, static_cast<std::size_t>(n)).append("-");
  out.append(hex, 0, 24).append(";Parent=").append(hex, 16, 16).append(";Sampled=0");
  return out;
}

// json.dumps's length of a string: ensure_ascii, so a character beyond ASCII is \uXXXX (two of
// them beyond the BMP), a control character \uXXXX unless it has a short escape.
std::size_t python_string_length(std::string_view s) {
  std::size_t n = 2;
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      bool short_escape =
          c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f';
      n += short_escape ? 2 : (c < 0x20 ? 6 : 1);
      ++i;
    } else {
      std::size_t width = c >= 0xF0 ? 4 : (c >= 0xE0 ? 3 : 2);
      n += width == 4 ? 12 : 6;
      i += width;
    }
  }
  return n;
}

std::size_t decimal_digits(std::uint64_t v) {
  std::size_t n = 1;
  while (v >= 10) {
    v /= 10;
    ++n;
  }
  return n;
}

// Python's float repr and nlohmann's dump write the same shortest digits and the same exponent
// form ("1e+16", "1.5e-05"); they differ only in where the fixed form ends: Python writes
// [1e15, 1e16) in full ("1000000000000000.0", 16 digits and ".d": 18 characters whatever the
// digits), nlohmann as "1e+15".
std::size_t python_float_length(double v) {
  std::string text = Json(v).dump();
  if (text.find("e+15") == std::string::npos) return text.size();
  return (v < 0 ? 1 : 0) + 18;
}

}  // namespace

std::size_t python_json_length(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object: {
      const auto& members = value.get_ref<const Json::object_t&>();
      std::size_t n = 2;
      for (const auto& [key, member] : members) {
        n += python_string_length(key) + 2 + python_json_length(member);  // "key": value
      }
      return n + (members.empty() ? 0 : 2 * (members.size() - 1));  // ", " between members
    }
    case Json::value_t::array: {
      const auto& items = value.get_ref<const Json::array_t&>();
      std::size_t n = 2;
      for (const auto& item : items) n += python_json_length(item);
      return n + (items.empty() ? 0 : 2 * (items.size() - 1));
    }
    case Json::value_t::string:
      return python_string_length(value.get_ref<const std::string&>());
    case Json::value_t::null:
      return 4;
    case Json::value_t::boolean:
      return value.get<bool>() ? 4 : 5;
    case Json::value_t::number_unsigned:
      return decimal_digits(value.get<std::uint64_t>());
    case Json::value_t::number_integer: {
      auto v = value.get<std::int64_t>();
      // The magnitude of INT64_MIN does not fit an int64_t: negate in unsigned arithmetic.
      auto magnitude = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
      return (v < 0 ? 1 : 0) + decimal_digits(magnitude);
    }
    case Json::value_t::number_float:
      return python_float_length(value.get<double>());
    default:
      return value.dump().size();
  }
}

void append_sdk_metadata(Json& out, std::vector<HttpHeader> headers, int status,
                         const std::string& request_id) {
  // The AWS SDK for Java keeps the response's headers in a map ordered case-insensitively
  // (HttpHeaders) beside the list as received (AllHttpHeaders): 315 of 315 recorded responses
  // in ../shared/conformance list HttpHeaders in that order.
  std::vector<std::size_t> order(headers.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&headers](std::size_t a, std::size_t b) {
    return less_ignoring_case(headers[a].name, headers[b].name);
  });
  Json all = object_of(headers.size());
  for (const HttpHeader& h : headers) append(all, h.name, one_element_list(h.value));
  Json sorted = object_of(headers.size());
  for (std::size_t i : order) {
    append(sorted, std::move(headers[i].name), Json(std::move(headers[i].value)));
  }
  Json http = object_of(3);
  append(http, "AllHttpHeaders", std::move(all));
  append(http, "HttpHeaders", std::move(sorted));
  append(http, "HttpStatusCode", status);
  Json response = object_of(1);
  append(response, "RequestId", request_id);
  append(out, "SdkHttpMetadata", std::move(http));
  append(out, "SdkResponseMetadata", std::move(response));
}

std::vector<HttpHeader> json_protocol_headers(const std::string& request_id,
                                              std::size_t content_length, std::int64_t now_ms,
                                              std::string_view content_type) {
  // The order AWS records for SQS, SNS and Step Functions (77 recorded responses).
  return {{"x-amzn-RequestId", request_id},
          {"connection", "keep-alive"},
          {"Content-Length", std::to_string(content_length)},
          {"Date", engine::format_http_date(now_ms)},
          {"Content-Type", std::string(content_type)}};
}

std::vector<HttpHeader> dynamodb_headers(std::string_view operation, const std::string& request_id,
                                         std::uint32_t crc32, std::size_t content_length,
                                         std::int64_t now_ms) {
  // As recorded (64 responses): getItem names the request id header in lower case, after
  // Server; the other operations after Connection.
  std::vector<HttpHeader> headers;
  headers.reserve(7);
  headers.push_back({"Server", "Server"});
  if (operation == "getItem") {
    headers.push_back({"x-amzn-requestid", request_id});
    headers.push_back({"Connection", "keep-alive"});
  } else {
    headers.push_back({"Connection", "keep-alive"});
    headers.push_back({"x-amzn-RequestId", request_id});
  }
  headers.push_back({"x-amz-crc32", std::to_string(crc32)});
  headers.push_back({"Content-Length", std::to_string(content_length)});
  headers.push_back({"Date", engine::format_http_date(now_ms)});
  headers.push_back({"Content-Type", "application/x-amz-json-1.0"});
  return headers;
}

Json lambda_invoke_response(Json payload, const std::string& request_id, std::int64_t now_ms) {
  // Content-Length is the payload as the Lambda Python runtime's json.dumps writes it; the
  // headers in the order AWS records them (105 of 105 recorded invoke responses agree).
  std::vector<HttpHeader> headers = {
      {"X-Amz-Executed-Version", "$LATEST"},
      {"x-amzn-Remapped-Content-Length", "0"},
      {"Connection", "keep-alive"},
      {"x-amzn-RequestId", request_id},
      {"Content-Length", std::to_string(python_json_length(payload))},
      {"Date", engine::format_http_date(now_ms)},
      {"X-Amzn-Trace-Id", trace_id(request_id, now_ms)},
      {"Content-Type", "application/json"}};
  Json out = object_of(5);
  append(out, "ExecutedVersion", "$LATEST");
  append(out, "Payload", std::move(payload));
  append_sdk_metadata(out, std::move(headers), 200, request_id);
  append(out, "StatusCode", 200);
  return out;
}

Json start_execution_response(const std::string& arn, std::int64_t start_ms,
                              const std::string& request_id, std::int64_t now_ms) {
  // The service's JSON protocol writes epoch seconds with Java's Double.toString ("1.7E9"); the
  // body's length is the Content-Length.
  std::string wire = "{\"executionArn\":" + Json(arn).dump() + ",\"startDate\":" +
                     java::double_to_string(static_cast<double>(start_ms) / 1000.0) + "}";
  Json out = object_of(4);
  append(out, "ExecutionArn", arn);
  append_sdk_metadata(
      out, json_protocol_headers(request_id, wire.size(), now_ms, "application/x-amz-json-1.0"),
      200, request_id);
  append(out, "StartDate", start_ms);
  return out;
}

}  // namespace sfn::service
