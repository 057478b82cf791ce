// A compiled definition as Python holds it (`_core.StateMachine`), and the tuple that
// `_core.compile` and `Service.compile` both return for a compile's result.
#pragma once

#include <pybind11/pybind11.h>

#include "asl/diagnostics.h"
#include "asl/model.h"
#include "common/failure.h"

namespace sfn::bindings {

// A compiled definition, shareable by many executions.
struct Machine {
  asl::StateMachinePtr machine;
};

// (machine, "", []) or (None, InvalidDefinition message, diagnostics); the Python layer raises
// its own exception type.
pybind11::tuple compile_result(Expected<asl::StateMachinePtr, asl::Diagnostics> parsed);

}  // namespace sfn::bindings
