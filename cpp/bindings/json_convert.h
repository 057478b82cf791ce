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

// Text across the boundary. Python strings may hold unpaired surrogates ('\ud800', which JSON
// escapes can spell and AWS's Java strings hold): they travel as the three bytes UTF-8 would
// give them (Python's "surrogatepass"), so they come back unchanged. Bytes that are no UTF-8
// at all (States.Base64Decode of arbitrary data) come back as U+FFFD.
std::string utf8_of(py::handle str);
py::str str_of(std::string_view text);

// A str argument read with utf8_of: pybind11's std::string refuses a str holding a lone
// surrogate with "incompatible function arguments", before the rule that should judge the text
// (a definition, an expression) can answer in the user's terms.
struct Utf8 {
  std::string text;
};

}  // namespace sfn::bindings

namespace pybind11::detail {

template <>
struct type_caster<sfn::bindings::Utf8> {
  PYBIND11_TYPE_CASTER(sfn::bindings::Utf8, const_name("str"));
  bool load(handle src, bool) {
    if (!PyUnicode_Check(src.ptr())) return false;
    value.text = sfn::bindings::utf8_of(src);
    return true;
  }
  static handle cast(const sfn::bindings::Utf8& v, return_value_policy, handle) {
    return sfn::bindings::str_of(v.text).release();
  }
};

}  // namespace pybind11::detail
