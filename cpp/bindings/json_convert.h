// Python objects <-> sfn::Json, directly (no JSON text in between).
#pragma once

#include <pybind11/pybind11.h>

#include "json/json.h"

namespace sfn::bindings {

namespace py = pybind11;

// Raises ValueError (with the offending path) for values JSON cannot hold: non-str keys, NaN,
// sets, arbitrary objects, nesting deeper than `max_depth`.
Json to_json(py::handle value, int max_depth = 1000);
py::object to_python(const Json& value);

}  // namespace sfn::bindings
