// json.dumps's output, byte for byte, following CPython's Modules/_json.c (the encoder
// json.dumps uses when no option is given): the same separators, the same string escapes
// (ensure_ascii), ints and floats spelt by int.__repr__ and float.__repr__, keys in the dict's
// order. Anything else is left to json.dumps (see json_text.h).
#include "bindings/json_text.h"

#include <charconv>
#include <cmath>
#include <string>

namespace sfn::bindings {

namespace {

// Deeper values go to json.dumps, whose recursion limit decides what happens to them.
constexpr int kMaxDepth = 200;

void append_repr(std::string& out, PyObject* value, reprfunc repr) {
  PyObject* text = repr(value);
  if (text == nullptr) throw py::error_already_set();
  Py_ssize_t size = 0;
  const char* bytes = PyUnicode_AsUTF8AndSize(text, &size);  // digits: ASCII
  if (bytes == nullptr) {
    Py_DECREF(text);
    throw py::error_already_set();
  }
  out.append(bytes, static_cast<std::size_t>(size));
  Py_DECREF(text);
}

void append_hex4(std::string& out, Py_UCS4 unit) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\u";
  out += kHex[(unit >> 12) & 0xf];
  out += kHex[(unit >> 8) & 0xf];
  out += kHex[(unit >> 4) & 0xf];
  out += kHex[unit & 0xf];
}

// _json.c's ascii_escape_unichar.
void append_string(std::string& out, PyObject* text) {
  const int kind = PyUnicode_KIND(text);
  const void* data = PyUnicode_DATA(text);
  const Py_ssize_t length = PyUnicode_GET_LENGTH(text);
  out += '"';
  for (Py_ssize_t i = 0; i < length; ++i) {
    const Py_UCS4 c = PyUnicode_READ(kind, data, i);
    if (c >= ' ' && c <= '~' && c != '\\' && c != '"') {
      out += static_cast<char>(c);
      continue;
    }
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c >= 0x10000) {
          const Py_UCS4 v = c - 0x10000;
          append_hex4(out, 0xd800 | ((v >> 10) & 0x3ff));
          append_hex4(out, 0xdc00 | (v & 0x3ff));
        } else {
          append_hex4(out, c);
        }
    }
  }
  out += '"';
}

bool append_value(std::string& out, PyObject* value, int depth);

bool append_items(std::string& out, PyObject* const* items, Py_ssize_t size, int depth) {
  out += '[';
  for (Py_ssize_t i = 0; i < size; ++i) {
    if (i > 0) out += ", ";
    if (!append_value(out, items[i], depth + 1)) return false;
  }
  out += ']';
  return true;
}

bool append_value(std::string& out, PyObject* value, int depth) {
  if (depth > kMaxDepth) return false;
  PyTypeObject* type = Py_TYPE(value);
  if (type == &PyUnicode_Type) {
    append_string(out, value);
  } else if (type == &PyDict_Type) {
    out += '{';
    Py_ssize_t at = 0;
    PyObject* key = nullptr;
    PyObject* item = nullptr;
    bool first = true;
    // Nothing below runs Python code, so the dict cannot change while it is read.
    while (PyDict_Next(value, &at, &key, &item)) {
      if (Py_TYPE(key) != &PyUnicode_Type) return false;
      if (!first) out += ", ";
      first = false;
      append_string(out, key);
      out += ": ";
      if (!append_value(out, item, depth + 1)) return false;
    }
    out += '}';
  } else if (type == &PyList_Type) {
    if (!append_items(out, PySequence_Fast_ITEMS(value), PyList_GET_SIZE(value), depth)) {
      return false;
    }
  } else if (type == &PyTuple_Type) {
    if (!append_items(out, PySequence_Fast_ITEMS(value), PyTuple_GET_SIZE(value), depth)) {
      return false;
    }
  } else if (value == Py_None) {
    out += "null";
  } else if (value == Py_True) {
    out += "true";
  } else if (value == Py_False) {
    out += "false";
  } else if (type == &PyLong_Type) {
    int overflow = 0;
    const long long small = PyLong_AsLongLongAndOverflow(value, &overflow);
    if (overflow != 0) {
      append_repr(out, value, PyLong_Type.tp_repr);
    } else {
      char digits[24];
      const auto end = std::to_chars(digits, digits + sizeof digits, small).ptr;
      out.append(digits, end);
    }
  } else if (type == &PyFloat_Type) {
    const double d = PyFloat_AS_DOUBLE(value);
    if (std::isnan(d)) {
      out += "NaN";
    } else if (std::isinf(d)) {
      out += d > 0 ? "Infinity" : "-Infinity";
    } else {
      append_repr(out, value, PyFloat_Type.tp_repr);
    }
  } else {
    return false;
  }
  return true;
}

}  // namespace

py::object plain_json_text(py::handle value) {
  std::string out;
  if (!append_value(out, value.ptr(), 0)) return py::none();
  // ASCII only, as ensure_ascii writes it.
  PyObject* text = PyUnicode_DecodeASCII(out.data(), static_cast<Py_ssize_t>(out.size()), nullptr);
  if (text == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::object>(text);
}

}  // namespace sfn::bindings
