// JSON.stringify as jsonata-js's $string calls it: numbers rounded to 15 significant digits,
// functions rendered as "", optional two-space indentation.
#include <cmath>

#include "jsonata/evaluator.h"
#include "jsonata/number_text.h"
#include "jsonata/utf.h"

namespace sfn::jsonata {

void append_js_string(std::string& out, std::string_view s) {
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

namespace {

// The text being written. It is checked as it grows, not once written: sub-values can be shared
// any number of times, so the text can outgrow the value exponentially.
struct Writer {
  std::string out;
  bool pretty = false;
  Evaluator* ev = nullptr;  // charged with the text, when there is one
  std::size_t limit = static_cast<std::size_t>(-1);

  struct Cut {};  // `limit` reached

  void grew() {
    if (ev) {
      ev->account(out.size() - counted_);
      counted_ = out.size();
      ev->charge(out.size());
    }
    if (out.size() > limit) throw Cut{};
  }

  void newline(int indent) {
    if (!pretty) return;
    out += '\n';
    out.append(static_cast<std::size_t>(indent) * 2, ' ');
  }

  // Returns false when the value is omitted (undefined in an object).
  bool write(const Value& v, int indent, bool in_array);

 private:
  std::size_t counted_ = 0;
};

bool Writer::write(const Value& v, int indent, bool in_array) {
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
      append_js_string(out, v.as_string());
      grew();
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
        newline(indent + 1);
        write(a[i], indent + 1, true);
        grew();
      }
      newline(indent);
      out += ']';
      return true;
    }
    case Kind::Object: {
      bool any = false;
      out += '{';
      for (const auto& [k, item] : v.as_object().entries()) {
        // Written in place and taken back when the member is omitted: building each member
        // apart copied a value once per level it is nested in.
        const std::size_t mark = out.size();
        if (any) out += ',';
        newline(indent + 1);
        append_js_string(out, k);
        out += pretty ? ": " : ":";
        if (!write(item, indent + 1, false)) {
          out.resize(mark);
          continue;
        }
        any = true;
        grew();
      }
      if (any) newline(indent);
      out += '}';
      return true;
    }
  }
  return false;
}

}  // namespace

std::string stringify(const Value& v, bool pretty, Evaluator* ev) {
  Writer w;
  w.pretty = pretty;
  w.ev = ev;
  w.write(v, 0, false);
  w.grew();
  return std::move(w.out);
}

std::string stringify_prefix(const Value& v, std::size_t limit) {
  Writer w;
  w.limit = limit;
  try {
    w.write(v, 0, false);
  } catch (const Writer::Cut&) {
    std::size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(w.out[cut]) & 0xC0) == 0x80) --cut;
    w.out.resize(cut);
    w.out += "...";
  }
  return std::move(w.out);
}

std::string value_to_string(const Value& v, Evaluator* ev) {
  if (v.is_string()) return v.as_string();
  if (v.is_function()) return "";
  if (v.is_number() && !std::isfinite(v.as_number())) throw JError("D3001").with("value", v);
  if (v.is_array() && v.as_array().outer_wrapper && !v.as_array().empty()) {
    return stringify(v.as_array()[0], false, ev);
  }
  return stringify(v, false, ev);
}

}  // namespace sfn::jsonata
