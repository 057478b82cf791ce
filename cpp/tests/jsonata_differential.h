// Comparison of sfnsim's JSONata with jsonata-js answers recorded by tools/jsonata-ref/golden.js:
// sfnsim's answer in the same encoding, and the agreement rule. Shared by
// test_jsonata_differential.cpp and the campaign triage tool tools/jsonata-ref/jsonata_diff.cpp.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "json/json.h"
#include "jsonata/evaluator.h"
#include "jsonata/jsonata.h"
#include "jsonata/number_text.h"

namespace sfn::jsonata::differential {

// An array index as JavaScript orders object keys: a canonical decimal below 2^32 - 1.
inline bool is_index_key(const std::string& k) {
  if (k.empty() || k.size() > 10 || (k.size() > 1 && k[0] == '0')) return false;
  for (const char c : k) {
    if (c < '0' || c > '9') return false;
  }
  return std::stoull(k) < 4294967295ULL;
}

// `v` as JSON.stringify prints the JavaScript value jsonata-js would hold: numbers as
// JavaScript prints doubles, objects with integer-like keys first in ascending order.
inline void js_text(const Json& v, std::string& out) {
  if (v.is_null()) {
    out += "null";
  } else if (v.is_boolean()) {
    out += v.get<bool>() ? "true" : "false";
  } else if (v.is_number()) {
    const double d = v.get<double>();
    out += std::isfinite(d) ? js_number_to_string(d) : "null";
  } else if (v.is_string()) {
    append_js_string(out, v.get_ref<const std::string&>());
  } else if (v.is_array()) {
    out += '[';
    bool first = true;
    for (const Json& item : v) {
      if (!first) out += ',';
      first = false;
      js_text(item, out);
    }
    out += ']';
  } else {
    std::vector<std::pair<unsigned long long, const std::string*>> indexes;
    std::vector<const std::string*> names;
    for (const auto& [k, item] : v.items()) {
      if (is_index_key(k)) {
        indexes.emplace_back(std::stoull(k), &k);
      } else {
        names.push_back(&k);
      }
    }
    std::sort(indexes.begin(), indexes.end());
    std::vector<const std::string*> keys;
    for (const auto& [n, k] : indexes) keys.push_back(k);
    keys.insert(keys.end(), names.begin(), names.end());
    out += '{';
    bool first = true;
    for (const std::string* k : keys) {
      if (!first) out += ',';
      first = false;
      append_js_string(out, *k);
      out += ':';
      js_text(v.at(*k), out);
    }
    out += '}';
  }
}

// sfnsim's answer in golden.js's encoding.
inline Json our_answer(const Json& c) {
  Json out = Json::object();
  auto expr = compile(c.at("expr").get<std::string>());
  Expected<Result, Error> r = Error{};
  if (expr) {
    Options o;
    o.now_millis = 1700000000000;
    o.time_limit = std::chrono::milliseconds(2000);
    const Json* input = c.contains("input") ? &c.at("input") : nullptr;
    r = evaluate(*expr, input, {}, o);
  } else {
    r = expr.error();
  }
  if (!r) {
    out["code"] = r.error().code;
    if (r.error().position >= 0) out["position"] = r.error().position;
    out["message"] = r.error().message;
  } else if (r->kind == Result::Kind::Undefined) {
    out["undefined"] = true;
  } else if (r->kind == Result::Kind::Function) {
    out["function"] = true;
  } else {
    std::string text;
    js_text(r->value, text);
    out["json"] = text;
  }
  return out;
}

// Error positions are compared for syntax errors (S0xxx), where the parser's position is part
// of the message AWS shows; runtime positions follow jsonata-js's AST layout too closely to
// promise (they are compared by the campaign script's report, not here).
inline bool same(const Json& js, const Json& ours) {
  if (js.contains("code")) {
    if (!ours.contains("code") || ours["code"] != js["code"]) return false;
    const std::string code = js["code"].get<std::string>();
    if (code[0] == 'S' && js.contains("position")) {
      return ours.value("position", -1) == js["position"].get<int>();
    }
    return true;
  }
  if (js.contains("json")) return ours.contains("json") && ours["json"] == js["json"];
  if (js.contains("function")) return ours.contains("function");
  return ours.contains("undefined");
}

// Known differences from jsonata-js, each a row of docs/semantics/jsonata.md; returns the row's
// name, or "" when the disagreement is not explained by one. Each test is narrow: it names the
// construct that triggers the deviation and the shape of both answers.
inline std::string deviation(const Json& c, const Json& js, const Json& ours) {
  const std::string expr = c.at("expr").get<std::string>();
  const std::string js_text = js.value("json", "");
  const std::string our_text = ours.value("json", "");
  // D2 (partial application): jsonata-js calls a partially applied built-in without checking
  // its signature; sfnsim checks it (T0410).
  static const std::regex partial(R"re((\(|,)\s*\?\s*(,|\)))re");
  if (ours.value("code", "") == "T0410" && std::regex_search(expr, partial)) {
    return "partial-application-signature";
  }
  // D3: $replace with a string pattern and a function replacement: jsonata-js inserts the
  // JavaScript source text of its function wrapper.
  static const std::regex replace_fn(R"re(\$replace\([^,]*,\s*("[^"]*"|'[^']*'),\s*function)re");
  if (js_text.find("async function (...params)") != std::string::npos ||
      std::regex_search(expr, replace_fn)) {
    return "replace-function-source";
  }
  // D4: lone surrogates cannot be held in sfnsim's UTF-8 strings.
  static const std::regex surrogate(R"re(\\u[dD][89a-fA-F][0-9a-fA-F]{2})re");
  if (std::regex_search(js_text, surrogate)) return "lone-surrogate";
  // D5: $power uses the C library's pow, correctly rounded; V8's differs in the last place.
  if (!js_text.empty() && !our_text.empty() && expr.find("$power") != std::string::npos) {
    const Json a = Json::parse(js_text, nullptr, false);
    const Json b = Json::parse(our_text, nullptr, false);
    std::function<bool(const Json&, const Json&)> close = [&](const Json& x, const Json& y) {
      if (x.is_number() && y.is_number()) {
        const double p = x.get<double>(), q = y.get<double>();
        return p == q || std::fabs(p - q) <= 4e-16 * std::max(std::fabs(p), std::fabs(q));
      }
      if (x.is_array() && y.is_array() && x.size() == y.size()) {
        for (std::size_t i = 0; i < x.size(); ++i) {
          if (!close(x[i], y[i])) return false;
        }
        return true;
      }
      if (x.is_object() && y.is_object() && x.size() == y.size()) {
        for (const auto& [k, v] : x.items()) {
          if (!y.contains(k) || !close(v, y.at(k))) return false;
        }
        return true;
      }
      return x == y;
    };
    if (close(a, b)) return "pow-last-place";
  }
  // D1: object keys that look like array indexes: JavaScript lists them first, sfnsim keeps
  // insertion order. Results are compared in JavaScript's order already; what remains is the
  // order leaking into $keys, $each, $spread, $string or a later key collision: the same
  // characters in another order, with an integer-like key or string somewhere.
  static const std::regex int_key(R"re("(0|[1-9][0-9]*)")re");
  if (!js_text.empty() && !our_text.empty()) {
    std::string x = js_text, y = our_text;
    std::sort(x.begin(), x.end());
    std::sort(y.begin(), y.end());
    // keys made of numbers by a grouping (`items{$string(price): ...}`) are integer-like too
    if (x == y &&
        (std::regex_search(js_text, int_key) || expr.find("{$string(") != std::string::npos)) {
      return "integer-key-order";
    }
  }
  // D7: jsonata-js's grouping (an object constructor) pushes `undefined` into an empty array
  // it is given as input, which is the document's own array when a transform matches it or a
  // later expression reads it again: it then prints as [null].
  if (!js_text.empty() && !our_text.empty() && expr.find('{') != std::string::npos) {
    std::string x = js_text;
    for (std::size_t p = x.find("[null]"); p != std::string::npos; p = x.find("[null]", p)) {
      x.replace(p, 6, "[]");
    }
    if (x == our_text) return "group-empty-array-mutation";
  }
  // D6: array and object constructors evaluate their members concurrently in jsonata-js
  // (Promise.all), so when two members fail, the error that surfaces first is not always the
  // first in the text; sfnsim reports the first in the text.
  if (js.contains("code") && ours.contains("code") &&
      (expr.find('[') != std::string::npos || expr.find('{') != std::string::npos) &&
      expr.find(',') != std::string::npos && js["code"].get<std::string>()[0] != 'S') {
    return "constructor-error-order";
  }
  return "";
}

}  // namespace sfn::jsonata::differential
