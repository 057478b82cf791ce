// The service models in Python: CallContext::output_shape answered by a Python callable
// `(service, operation) -> dict | None` (sfnsim.services.aws_models.output_shape).
#pragma once

#include <pybind11/pybind11.h>

#include "service/service.h"

namespace sfn::bindings {

namespace py = pybind11;

// Empty when `lookup` is None. The callable runs with the GIL taken; an Exception it raises
// counts as "no model" (the service then says it has none), a BaseException that is no
// Exception (Ctrl-C) is kept for the caller as a task handler's is.
service::OutputShapeLookup make_shape_lookup(py::object lookup);

}  // namespace sfn::bindings
