#include "bindings/json_convert.h"

#include <cmath>
#include <string>
#include <vector>

#include "common/stack.h"

namespace sfn::bindings {

std::string utf8_of(py::handle str) {
  Py_ssize_t size = 0;
  if (const char* data = PyUnicode_AsUTF8AndSize(str.ptr(), &size)) {
    return std::string(data, static_cast<std::size_t>(size));
  }
  PyErr_Clear();
  auto bytes = py::reinterpret_steal<py::object>(
      PyUnicode_AsEncodedString(str.ptr(), "utf-8", "surrogatepass"));
  if (!bytes) throw py::error_already_set();
  char* data = nullptr;
  if (PyBytes_AsStringAndSize(bytes.ptr(), &data, &size) != 0) throw py::error_already_set();
  return std::string(data, static_cast<std::size_t>(size));
}

py::str str_of(std::string_view text) {
  auto size = static_cast<Py_ssize_t>(text.size());
  PyObject* o = PyUnicode_DecodeUTF8(text.data(), size, "surrogatepass");
  if (!o) {
    PyErr_Clear();
    o = PyUnicode_DecodeUTF8(text.data(), size, "replace");
    if (!o) throw py::error_already_set();
  }
  return py::reinterpret_steal<py::str>(o);
}

namespace {

[[noreturn]] void bad(const std::string& message) { throw py::value_error(message); }

Json convert(py::handle value, int depth, int max_depth);

Json object(py::handle value, int depth, int max_depth) {
  Json out = Json::object();
  auto& members = out.get_ref<Json::object_t&>();
  auto dict = py::reinterpret_borrow<py::dict>(value);
  members.reserve(dict.size());
  for (auto item : dict) {
    if (!py::isinstance<py::str>(item.first)) {
      bad("JSON object keys must be strings, not " +
          std::string(py::str(py::type::of(item.first).attr("__name__"))));
    }
    // A dict's keys are unique: appended without the ordered map's search for an existing key.
    members.emplace_back(utf8_of(item.first), convert(item.second, depth + 1, max_depth));
  }
  return out;
}

Json convert(py::handle value, int depth, int max_depth) {
  if (depth > max_depth) {
    bad("JSON value is nested deeper than " + std::to_string(max_depth) + " levels");
  }
  if (stack::nearly_exhausted_at(depth)) {
    bad("JSON value is nested too deeply for this thread's stack (" + std::to_string(depth) +
        " levels)");
  }
  // Exact str and dict first: they are most of what task results hold, and the checks below
  // would reach the same branches after four failed type tests.
  if (PyUnicode_CheckExact(value.ptr())) return Json(utf8_of(value));
  if (PyDict_CheckExact(value.ptr())) return object(value, depth, max_depth);
  if (value.is_none()) return Json(nullptr);
  if (py::isinstance<py::bool_>(value)) return Json(value.cast<bool>());
  if (py::isinstance<py::int_>(value)) {
    try {
      return Json(value.cast<std::int64_t>());
    } catch (const py::cast_error&) {
      try {
        return Json(value.cast<std::uint64_t>());
      } catch (const py::cast_error&) {
        double d = PyLong_AsDouble(value.ptr());
        if (d == -1.0 && PyErr_Occurred()) {
          PyErr_Clear();
          bad("JSON numbers here are 64-bit floats: an integer of " +
              std::to_string(py::int_(value.attr("bit_length")()).cast<long long>()) +
              " bits is out of their range");
        }
        return Json(d);
      }
    }
  }
  if (py::isinstance<py::float_>(value)) {
    double d = value.cast<double>();
    if (!std::isfinite(d)) bad("JSON cannot hold NaN or infinite numbers");
    return Json(d);
  }
  if (py::isinstance<py::str>(value)) return Json(utf8_of(value));
  if (py::isinstance<py::dict>(value)) return object(value, depth, max_depth);
  if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) {
    Json out = Json::array();
    for (auto item : value) out.push_back(convert(item, depth + 1, max_depth));
    return out;
  }
  bad("Object of type " + std::string(py::str(py::type::of(value).attr("__name__"))) +
      " is not JSON serializable");
}

}  // namespace

Json to_json(py::handle value, int max_depth) { return convert(value, 0, max_depth); }

namespace {

py::object scalar_to_python(const Json& value) {
  switch (value.type()) {
    case Json::value_t::boolean:
      return py::bool_(value.get<bool>());
    case Json::value_t::number_integer:
      return py::int_(value.get<std::int64_t>());
    case Json::value_t::number_unsigned:
      return py::int_(value.get<std::uint64_t>());
    case Json::value_t::number_float:
      return py::float_(value.get<double>());
    case Json::value_t::string:
      return str_of(value.get_ref<const std::string&>());
    default:
      return py::none();
  }
}

// A container is put into its parent first and filled after, so the walk needs no recursion.
py::object empty_container(const Json& value) {
  if (value.is_array()) return py::list(value.size());
  return py::dict();
}

struct Filling {
  const Json* json;
  py::object target;
  Json::const_iterator next;
  std::size_t index = 0;
};

}  // namespace

py::object to_python(const Json& value) {
  // The engine bounds what it holds at kMaxNestingDepth, but this is the path by which
  // anything it holds reaches Python: iterative, so no depth can exhaust the C++ stack.
  if (!value.is_structured()) return scalar_to_python(value);
  py::object root = empty_container(value);
  std::vector<Filling> stack;
  stack.push_back(Filling{&value, root, value.cbegin()});
  while (!stack.empty()) {
    Filling& top = stack.back();
    if (top.next == top.json->cend()) {
      stack.pop_back();
      continue;
    }
    const Json& child = *top.next;
    py::object item = child.is_structured() ? empty_container(child) : scalar_to_python(child);
    if (top.json->is_array()) {
      PyList_SET_ITEM(top.target.ptr(), static_cast<Py_ssize_t>(top.index), item.inc_ref().ptr());
    } else if (PyDict_SetItem(top.target.ptr(), str_of(top.next.key()).ptr(), item.ptr()) != 0) {
      throw py::error_already_set();
    }
    ++top.index;
    ++top.next;
    if (child.is_structured()) stack.push_back(Filling{&child, std::move(item), child.cbegin()});
  }
  return root;
}

}  // namespace sfn::bindings
