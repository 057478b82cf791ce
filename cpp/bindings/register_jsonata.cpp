// sfnsim.jsonata's engine: compile once, evaluate many times, errors as jsonata-js reports them.
#include <pybind11/stl.h>

#include "bindings/json_convert.h"
#include "bindings/register.h"
#include "jsonata/jsonata.h"

namespace sfn::bindings {

namespace {

// A JSON value converted once into the evaluator's form (sfnsim.jsonata.Document): evaluating
// many expressions over one large input then skips the Python -> JSON conversion each time.
struct PyDocument {
  jsonata::Document doc;
};

jsonata::Document as_document(py::handle value) {
  if (py::isinstance<PyDocument>(value)) return value.cast<const PyDocument&>().doc;
  return jsonata::Document(to_json(value));
}

py::dict error_dict(const jsonata::Error& e) {
  py::dict d;
  d["code"] = e.code;
  d["position"] = e.position;
  d["token"] = str_of(e.token);
  d["message"] = str_of(e.message);
  return d;
}

// (kind, value): ("value", python value) | ("undefined", None) | ("function", None)
// | ("error", {code, position, token, message}).
py::tuple evaluate(const jsonata::Expression& expr, py::object data, bool has_data,
                   py::object bindings, bool aws_dialect) {
  std::optional<jsonata::Document> input;
  jsonata::Bindings vars;
  try {
    if (has_data) input = as_document(data);
    if (!bindings.is_none()) {
      for (auto item : bindings.cast<py::dict>()) {
        if (!py::isinstance<py::str>(item.first)) throw py::cast_error("a name is not a str");
        vars.emplace(utf8_of(item.first), as_document(item.second));
      }
    }
  } catch (const py::cast_error& e) {
    throw py::type_error(std::string("bindings must map str names to JSON values: ") + e.what());
  }
  jsonata::Options options;
  options.aws_dialect = aws_dialect;
  Expected<jsonata::Result, jsonata::Error> result = [&] {
    py::gil_scoped_release release;  // pure C++ on C++ values: other threads may run
    return jsonata::evaluate(expr, input ? &*input : static_cast<const jsonata::Document*>(nullptr),
                             vars, options);
  }();
  if (!result.ok()) return py::make_tuple("error", error_dict(result.error()));
  const jsonata::Result& r = result.value();
  switch (r.kind) {
    case jsonata::Result::Kind::Value:
      return py::make_tuple("value", to_python(r.value));
    case jsonata::Result::Kind::Function:
      return py::make_tuple("function", py::none());
    default:
      return py::make_tuple("undefined", py::none());
  }
}

}  // namespace

void register_jsonata(py::module_& m) {
  py::class_<jsonata::Expression>(m, "JsonataExpression")
      .def_property_readonly("source",
                             [](const jsonata::Expression& e) { return str_of(e.source()); });
  py::class_<PyDocument>(m, "JsonataDocument");
  m.def(
      "jsonata_document", [](py::handle data) { return PyDocument{as_document(data)}; },
      py::arg("data"));
  m.def(
      "jsonata_compile",
      [](const Utf8& source) -> py::tuple {
        auto compiled = jsonata::compile(source.text);
        if (!compiled.ok()) return py::make_tuple(false, error_dict(compiled.error()));
        return py::make_tuple(true, py::cast(std::move(compiled).value()));
      },
      py::arg("source"));
  m.def("jsonata_evaluate", &evaluate, py::arg("expression"), py::arg("data"), py::arg("has_data"),
        py::arg("bindings"), py::arg("aws_dialect"));
}

}  // namespace sfn::bindings
