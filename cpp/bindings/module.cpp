// sfnsim._core: the compiled engine. The user-facing API is the Python package around it.
#include "bindings/register.h"

PYBIND11_MODULE(_core, m) {
  m.doc() = "sfnsim's C++ engine";
  sfn::bindings::register_engine(m);
  sfn::bindings::register_service(m);
  sfn::bindings::register_jsonata(m);
  sfn::bindings::register_envelopes(m);
  sfn::bindings::register_server(m);
}
