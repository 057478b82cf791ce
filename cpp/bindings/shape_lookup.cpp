#include "bindings/shape_lookup.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "bindings/json_convert.h"
#include "bindings/task_handler.h"

namespace sfn::bindings {

service::OutputShapeLookup make_shape_lookup(py::object lookup) {
  if (lookup.is_none()) return {};
  // The context, and with it the callable, may be dropped on a thread without the GIL.
  std::shared_ptr<py::object> shared(new py::object(std::move(lookup)), [](py::object* p) {
    py::gil_scoped_acquire gil;
    delete p;
  });
  return [shared](std::string_view service, std::string_view operation) -> std::optional<Json> {
    py::gil_scoped_acquire gil;
    try {
      py::object shape = (*shared)(str_of(service), str_of(operation));
      if (shape.is_none()) return std::nullopt;
      return to_json(shape);
    } catch (py::error_already_set& e) {
      if (!e.matches(PyExc_Exception)) keep_handler_escape(std::move(e));
      return std::nullopt;
    }
  };
}

}  // namespace sfn::bindings
