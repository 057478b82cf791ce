// JSON.stringify as jsonata-js's $string calls it: numbers rounded to 15 significant digits,
// functions rendered as "", optional two-space indentation.
#include <cmath>

#include "jsonata/evaluator.h"
#include "jsonata/number_text.h"
#include "jsonata/utf.h"

namespace sfn::jsonata {

namespace {

void quote(std::string& out, std::string_view s) {
  out += '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
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
        if (c < 0x20) {
          static const char* kHex = "0123456789abcdef";
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

void newline(std::string& out, bool pretty, int indent) {
  if (!pretty) return;
  out += '\n';
  out.append(static_cast<std::size_t>(indent) * 2, ' ');
}

// Returns false when the value is omitted (undefined in an object).
bool write(std::string& out, const Value& v, bool pretty, int indent, bool in_array) {
  check_nesting(indent);
  switch (v.kind()) {
    case Kind::Undefined:
      if (in_array) {
        out += "null";
        return true;
      }
      return false;
    case Kind::Null:
      out += "null";
      return true;
    case Kind::Boolean:
      out += v.as_bool() ? "true" : "false";
      return true;
    case Kind::Number: {
      double d = v.as_number();
      if (std::isnan(d)) {
        out += "null";
        return true;
      }
      if (!is_numeric(v)) return true;
      // Number(d.toPrecision(15)) can overflow to Infinity, which JSON renders as null
      double r = js_round15(d);
      out += std::isfinite(r) ? js_number_to_string(r) : "null";
      return true;
    }
    case Kind::String:
      quote(out, v.as_string());
      return true;
    case Kind::Function:
      out += "\"\"";
      return true;
    case Kind::Array: {
      const Array& a = v.as_array();
      if (a.empty()) {
        out += "[]";
        return true;
      }
      out += '[';
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (i) out += ',';
        newline(out, pretty, indent + 1);
        write(out, a[i], pretty, indent + 1, true);
      }
      newline(out, pretty, indent);
      out += ']';
      return true;
    }
    case Kind::Object: {
      const Object& o = v.as_object();
      out += '{';
      bool any = false;
      for (const auto& [k, item] : o.entries()) {
        std::string member;
        newline(member, pretty, indent + 1);
        quote(member, k);
        member += pretty ? ": " : ":";
        if (!write(member, item, pretty, indent + 1, false)) continue;
        if (any) out += ',';
        out += member;
        any = true;
      }
      if (any) newline(out, pretty, indent);
      out += '}';
      return true;
    }
  }
  return false;
}

}  // namespace

std::string stringify(const Value& v, bool pretty) {
  std::string out;
  write(out, v, pretty, 0, false);
  return out;
}

std::string value_to_string(const Value& v) {
  if (v.is_string()) return v.as_string();
  if (v.is_function()) return "";
  if (v.is_number() && !std::isfinite(v.as_number())) throw JError("D3001").with("value", v);
  if (v.is_array() && v.as_array().outer_wrapper && !v.as_array().empty()) {
    return stringify(v.as_array()[0], false);
  }
  return stringify(v, false);
}

}  // namespace sfn::jsonata
