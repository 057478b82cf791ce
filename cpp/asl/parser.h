// Definition text -> compiled StateMachine, or every problem AWS would report.
#pragma once

#include <string_view>

#include "asl/diagnostics.h"
#include "asl/model.h"
#include "common/failure.h"

namespace sfn::asl {

struct ParseOptions {
  bool express = false;  // EXPRESS state machines refuse .sync and .waitForTaskToken
  // A caller that cannot run JSONata states may refuse definitions using them.
  bool allow_jsonata = true;
};

// Parses JSON text, validates it and compiles it. All diagnostics are collected (not just the
// first); a definition with any ERROR diagnostic yields no StateMachine.
Expected<StateMachinePtr, Diagnostics> parse(std::string_view definition_text,
                                             const ParseOptions& options = {});

// The same for an already-parsed document.
Expected<StateMachinePtr, Diagnostics> compile(const Json& definition,
                                               const ParseOptions& options = {});

}  // namespace sfn::asl
