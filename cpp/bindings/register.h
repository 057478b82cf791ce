// One register_* function per area of the Python module.
#pragma once

#include <pybind11/pybind11.h>

namespace sfn::bindings {

void register_engine(pybind11::module_& m);
void register_service(pybind11::module_& m);
void register_jsonata(pybind11::module_& m);
void register_envelopes(pybind11::module_& m);
void register_server(pybind11::module_& m);
void register_durable_road(pybind11::module_& m);  // called by register_server

}  // namespace sfn::bindings
