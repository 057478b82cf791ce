// Python's json.dumps(value) with its defaults (", " and ": " separators, ASCII with \u escapes,
// NaN and Infinity written), for the plain values a definition passed as a dict is made of:
// sfnsim.run(dict) keeps the text it compiled as the execution's definition, and that text is
// json.dumps's own. Written here it costs a fraction of the encoder's pass over every dict.
#pragma once

#include "bindings/json_convert.h"

namespace sfn::bindings {

// The text json.dumps(value) gives, or None when `value` holds anything but dicts with str
// keys, lists, tuples, strs, ints, floats, bools and None of exactly those types, or nests
// deeper than a definition does: json.dumps itself then decides (its text, or its error).
py::object plain_json_text(py::handle value);

}  // namespace sfn::bindings
