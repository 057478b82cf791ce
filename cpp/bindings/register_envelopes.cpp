// The response envelopes of service integrations (service/response_envelopes.h) for Python's
// mocks and in-memory services: they name their protocol's headers, the core builds the shape.
// This file only converts.
#include <pybind11/stl.h>

#include <string>
#include <utility>
#include <vector>

#include "bindings/json_convert.h"
#include "bindings/register.h"
#include "service/response_envelopes.h"

namespace sfn::bindings {

namespace {

using service::HttpHeader;

// {"SdkHttpMetadata": ..., "SdkResponseMetadata": ...} for the headers as received.
py::object sdk_metadata(const std::vector<std::pair<std::string, std::string>>& headers,
                        const std::string& request_id, int status) {
  std::vector<HttpHeader> list;
  list.reserve(headers.size());
  for (const auto& [name, value] : headers) list.push_back(HttpHeader{name, value});
  Json out = Json::object();
  service::append_sdk_metadata(out, std::move(list), status, request_id);
  return to_python(out);
}

// The same for a JSON- or query-protocol answer whose body is `body`.
py::object json_protocol_metadata(const Utf8& body, const std::string& request_id,
                                  std::int64_t now_ms, const std::string& content_type) {
  Json out = Json::object();
  service::append_sdk_metadata(
      out, service::json_protocol_headers(request_id, body.text.size(), now_ms, content_type), 200,
      request_id);
  return to_python(out);
}

// The same for a DynamoDB answer to `operation` whose body is `body` (its CRC32 given).
py::object dynamodb_metadata(const std::string& operation, const Utf8& body, std::uint32_t crc32,
                             const std::string& request_id, std::int64_t now_ms) {
  Json out = Json::object();
  service::append_sdk_metadata(
      out, service::dynamodb_headers(operation, request_id, crc32, body.text.size(), now_ms), 200,
      request_id);
  return to_python(out);
}

py::object start_execution_response(const Utf8& arn, std::int64_t start_ms,
                                    const std::string& request_id, std::int64_t now_ms) {
  return to_python(service::start_execution_response(arn.text, start_ms, request_id, now_ms));
}

}  // namespace

void register_envelopes(py::module_& m) {
  m.def("sdk_metadata", &sdk_metadata, py::arg("headers"), py::arg("request_id"),
        py::arg("status") = 200,
        "SdkHttpMetadata and SdkResponseMetadata of a response with these (name, value) headers.");
  m.def("json_protocol_metadata", &json_protocol_metadata, py::arg("body"), py::arg("request_id"),
        py::arg("now_ms"), py::arg("content_type") = "application/x-amz-json-1.0",
        "SdkHttpMetadata and SdkResponseMetadata of a JSON- or query-protocol answer (SQS, SNS, "
        "Step Functions) with this body.");
  m.def("dynamodb_metadata", &dynamodb_metadata, py::arg("operation"), py::arg("body"),
        py::arg("crc32"), py::arg("request_id"), py::arg("now_ms"),
        "SdkHttpMetadata and SdkResponseMetadata of a DynamoDB answer with this body.");
  m.def("start_execution_response", &start_execution_response, py::arg("execution_arn"),
        py::arg("start_ms"), py::arg("request_id"), py::arg("now_ms"),
        "states:startExecution's optimised response.");
}

}  // namespace sfn::bindings
