// What the optimised lambda:invoke integration returns around a function's result: the
// payload, the executed version and the SDK's HTTP metadata, with the eight headers AWS
// records (docs/semantics/service-integrations.md L1). Made here rather than in Python, where
// the dict was built per call only to be converted back.
#include <cstdio>

#include "bindings/task_handler.h"
#include "engine/timestamp.h"

namespace sfn::bindings {

namespace {

// The length of the text Python's json.dumps writes for `value` (the Lambda Python runtime's
// serialisation of a handler's result, which Content-Length counts): ", " and ": "
// separators, non-ASCII characters escaped as \uXXXX (a surrogate pair beyond the BMP).
std::size_t python_json_length(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object: {
      std::size_t n = 2;
      bool first = true;
      for (auto it = value.begin(); it != value.end(); ++it) {
        n += (first ? 0 : 2) + python_json_length(Json(it.key())) + 2 +
             python_json_length(it.value());
        first = false;
      }
      return n;
    }
    case Json::value_t::array: {
      std::size_t n = 2;
      for (std::size_t i = 0; i < value.size(); ++i) {
        n += (i ? 2 : 0) + python_json_length(value[i]);
      }
      return n;
    }
    case Json::value_t::string: {
      const auto& s = value.get_ref<const std::string&>();
      std::size_t n = 2;
      for (std::size_t i = 0; i < s.size();) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
          bool short_escape = c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' ||
                              c == '\b' || c == '\f';
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
    case Json::value_t::null:
      return 4;
    case Json::value_t::boolean:
      return value.get<bool>() ? 4 : 5;
    default:
      return value.dump().size();
  }
}

// X-Amzn-Trace-Id: AWS X-Ray's form (Root=1-<epoch seconds, hex>-<24 hex digits>), taken
// from the call's request id so a seeded run gives the same text twice.
std::string trace_id(const std::string& request_id, std::int64_t now_ms) {
  std::string hex;
  for (char c : request_id) {
    if (c != '-') hex.push_back(c);
  }
  hex.resize(32, '0');
  char root[16];
  std::snprintf(root, sizeof root, "%08llx", static_cast<unsigned long long>(now_ms / 1000));
  return "Root=1-" + std::string(root) + "-" + hex.substr(0, 24) + ";Parent=" + hex.substr(16, 16) +
         ";Sampled=0";
}

}  // namespace

Json lambda_invoke_response(Json payload, const std::string& request_id, std::int64_t now_ms) {
  std::string length = std::to_string(python_json_length(payload));
  std::string date = engine::format_http_date(now_ms);
  std::string trace = trace_id(request_id, now_ms);
  // Keys in the order AWS records them (105 of 105 recorded invoke responses agree).
  Json all = Json::object();
  all["X-Amz-Executed-Version"] = Json::array({"$LATEST"});
  all["x-amzn-Remapped-Content-Length"] = Json::array({"0"});
  all["Connection"] = Json::array({"keep-alive"});
  all["x-amzn-RequestId"] = Json::array({request_id});
  all["Content-Length"] = Json::array({length});
  all["Date"] = Json::array({date});
  all["X-Amzn-Trace-Id"] = Json::array({trace});
  all["Content-Type"] = Json::array({"application/json"});
  Json headers = Json::object();
  headers["Connection"] = "keep-alive";
  headers["Content-Length"] = length;
  headers["Content-Type"] = "application/json";
  headers["Date"] = date;
  headers["X-Amz-Executed-Version"] = "$LATEST";
  headers["x-amzn-Remapped-Content-Length"] = "0";
  headers["x-amzn-RequestId"] = request_id;
  headers["X-Amzn-Trace-Id"] = trace;
  Json http = Json::object();
  http["AllHttpHeaders"] = std::move(all);
  http["HttpHeaders"] = std::move(headers);
  http["HttpStatusCode"] = 200;
  Json out = Json::object();
  out["ExecutedVersion"] = "$LATEST";
  out["Payload"] = std::move(payload);
  out["SdkHttpMetadata"] = std::move(http);
  out["SdkResponseMetadata"] = Json{{"RequestId", request_id}};
  out["StatusCode"] = 200;
  return out;
}

}  // namespace sfn::bindings
