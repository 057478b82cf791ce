// What AWS's optimised service integrations return around a service's answer: the AWS SDK for
// Java 1.x's HTTP metadata (`SdkHttpMetadata`, `SdkResponseMetadata`) and the `lambda:invoke` and
// `states:startExecution` responses built on it. The one home of these shapes (rules R1-R3 and L1
// of docs/semantics/service-integrations.md): the service's nested executions use it, and the
// bindings hand it to Python's mocks and in-memory services, which supply only the headers their
// own protocol sends.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.h"

namespace sfn::service {

struct HttpHeader {
  std::string name;
  std::string value;
};

// Appends to `out` (an object) `SdkHttpMetadata` — `AllHttpHeaders` (each header a one-element
// list, in the order given), `HttpHeaders` (the same as plain strings, sorted case-insensitively
// as the SDK's header map orders them), `HttpStatusCode` — and `SdkResponseMetadata`
// (`RequestId`).
void append_sdk_metadata(Json& out, std::vector<HttpHeader> headers, int status,
                         const std::string& request_id);

// The five headers, in AWS's recorded order, of an answer in the JSON or query protocol (SQS,
// SNS, Step Functions) whose body is `content_length` bytes.
std::vector<HttpHeader> json_protocol_headers(const std::string& request_id,
                                              std::size_t content_length, std::int64_t now_ms,
                                              std::string_view content_type);

// The seven headers, in AWS's recorded order, of a DynamoDB answer to `operation` ("getItem",
// "putItem", ...) whose body is `content_length` bytes with the CRC32 checksum `crc32`.
std::vector<HttpHeader> dynamodb_headers(std::string_view operation, const std::string& request_id,
                                         std::uint32_t crc32, std::size_t content_length,
                                         std::int64_t now_ms);

// lambda:invoke's response around a function's result `payload`, for a call made at `now_ms`
// with the given request id (rule L1).
Json lambda_invoke_response(Json payload, const std::string& request_id, std::int64_t now_ms);

// states:startExecution's response (the request-response result, and the TaskSubmitted output of
// .sync and .waitForTaskToken) for the execution `arn` started at `start_ms` (rule R2).
Json start_execution_response(const std::string& arn, std::int64_t start_ms,
                              const std::string& request_id, std::int64_t now_ms);

// The length of the text Python's json.dumps writes for `value`: what a Lambda Python runtime's
// answer measures, and so lambda:invoke's Content-Length.
std::size_t python_json_length(const Json& value);

}  // namespace sfn::service
