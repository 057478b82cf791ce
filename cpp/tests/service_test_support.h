// Helpers for service tests: call an operation and read the result.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "service/service.h"

namespace sfn::testing {

inline const char* kRole = "arn:aws:iam::123456789012:role/r";
inline const char* kPassMachine = R"({"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}})";

// The response of a call that must succeed.
inline Json ok(service::Service& s, std::string_view op, const Json& request,
               const service::CallContext& ctx = {}) {
  auto r = s.dispatch(op, request, ctx);
  if (!r.ok()) {
    ADD_FAILURE() << op << " failed: " << r.error().code << ": " << r.error().message;
    return Json();
  }
  return r.value();
}

// The error of a call that must fail.
inline service::ServiceError fails(service::Service& s, std::string_view op, const Json& request,
                                   const service::CallContext& ctx = {}) {
  auto r = s.dispatch(op, request, ctx);
  if (r.ok()) {
    ADD_FAILURE() << op << " succeeded: " << r.value().dump();
    return {};
  }
  return r.error();
}

inline std::string create_machine(service::Service& s, const std::string& name,
                                  const std::string& definition = kPassMachine,
                                  const std::string& type = "STANDARD") {
  Json r = ok(s, "CreateStateMachine",
              {{"name", name}, {"definition", definition}, {"roleArn", kRole}, {"type", type}});
  return r.value("stateMachineArn", "");
}

}  // namespace sfn::testing
