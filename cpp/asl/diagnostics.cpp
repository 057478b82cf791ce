#include "asl/diagnostics.h"

namespace sfn::asl {
namespace {

// Python's repr() of a str, which the value-error form prints its arguments with.
std::string python_repr(std::string_view text) {
  bool has_single = text.find('\'') != std::string_view::npos;
  bool has_double = text.find('"') != std::string_view::npos;
  char quote = has_single && !has_double ? '"' : '\'';
  std::string out(1, quote);
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == quote || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7F) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    } else {
      out += c;
    }
  }
  out += quote;
  return out;
}

}  // namespace

bool has_errors(const Diagnostics& diagnostics) {
  for (const Diagnostic& d : diagnostics)
    if (d.severity == "ERROR") return true;
  return false;
}

std::string format_invalid_definition(const Diagnostics& diagnostics,
                                      std::string_view definition_text) {
  std::string joined;
  const Diagnostic* value_error = nullptr;
  for (const Diagnostic& d : diagnostics) {
    if (d.severity != "ERROR") continue;
    if (d.reported_as_value_error) {
      if (!value_error) value_error = &d;
      continue;
    }
    if (!joined.empty()) joined += ", ";
    joined += d.code + ": " + d.message + " at " + (d.location.empty() ? "null" : d.location);
  }
  if (joined.empty() && value_error) {
    return "Error=ValueError Args=[" + python_repr(value_error->message) + "] in definition '" +
           std::string(definition_text) + "'.";
  }
  return "Invalid State Machine Definition: '" + joined + "'";
}

}  // namespace sfn::asl
