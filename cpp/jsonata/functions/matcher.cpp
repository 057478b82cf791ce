#include "jsonata/functions/matcher.h"

#include "jsonata/regex/regex.h"
#include "jsonata/utf.h"

namespace sfn::jsonata::fn {

Matcher::Matcher(Call& call, const Value& fn, const std::string& subject)
    : c_(call), fn_(fn), s_(subject) {}

std::size_t Matcher::byte_at_utf16(std::size_t units) {
  // Matches come in increasing order: walking on from the last offset found, not from the
  // start of the subject each time, keeps many matches over a long subject linear.
  if (units < walk_units_) {
    walk_units_ = 0;
    walk_bytes_ = 0;
  }
  const std::size_t from = walk_bytes_;
  while (walk_bytes_ < s_.size() && walk_units_ < units) {
    walk_units_ += next_code_point(s_, walk_bytes_) >= 0x10000 ? 2 : 1;
  }
  c_.ev.account(walk_bytes_ - from);
  return walk_bytes_;
}

bool Matcher::from_object(const Value& obj, MatchInfo& out) {
  if (obj.is_undefined()) return false;
  auto field = [&](const char* k) -> Value {
    if (!obj.is_object()) return Value();
    const Value* v = obj.as_object().find(k);
    return v ? *v : Value();
  };
  Value start = field("start");
  Value end = field("end");
  Value groups = field("groups");
  Value next = field("next");
  bool truthy =
      !(obj.is_null() || (obj.is_bool() && !obj.as_bool()) ||
        (obj.is_number() && obj.as_number() == 0) || (obj.is_string() && obj.as_string().empty()));
  if (!truthy) return false;
  if (!(start.is_number() || groups.is_array() || next.is_function())) throw JError("T1010");
  Value match = field("match");
  out.match = match.is_string() ? match.as_string() : std::string();
  double u16 = start.is_number() ? start.as_number() : 0;
  out.index = u16;
  out.start = byte_at_utf16(u16 > 0 ? static_cast<std::size_t>(u16) : 0);
  out.end = out.start + out.match.size();
  if (end.is_number()) {
    double e = end.as_number();
    out.end = byte_at_utf16(e > 0 ? static_cast<std::size_t>(e) : 0);
  }
  out.groups.clear();
  if (groups.is_array()) out.groups = groups.as_array().items;
  next_fn_ = next;
  return true;
}

bool Matcher::next(MatchInfo& out) {
  if (done_) return false;
  const bool is_regex = fn_.is_function() && fn_.as_function().type == Function::Type::Regex;
  if (!is_regex) {
    Value obj;
    if (!started_) {
      started_ = true;
      obj = c_.ev.call(fn_, {Value::string(s_)}, c_.env);
    } else {
      if (!next_fn_.is_function()) {
        done_ = true;
        return false;
      }
      obj = c_.ev.call(next_fn_, {}, c_.env);
    }
    if (!from_object(obj, out)) {
      done_ = true;
      return false;
    }
    return true;
  }
  const Function& f = fn_.as_function();
  RegexMatch m;
  if (started_) {
    if (last_end_ >= s_.size()) {
      done_ = true;
      return false;
    }
  }
  std::size_t from = started_ ? last_end_ : 0;
  // Each search is counted: one that finds its match soon never consults the clock itself, and
  // a subject can hold a million of them. Setting up a search costs about as much as copying
  // a few hundred characters, and more for a long pattern (the VM marks each instruction).
  c_.ev.account(256 + regex_source(*f.regex).size());
  bool found = regex_search(*f.regex, s_, from, m, c_.ev.regex_budget, c_.ev.regex_keep_going());
  if (found) c_.ev.account(m.end - from);
  if (c_.ev.regex_budget < 0) {
    throw JError("U1001").with(
        "message", Value::string("Expression evaluation timeout: Check for infinite loop"));
  }
  if (!found) {
    done_ = true;
    return false;
  }
  if (started_ && m.start == m.end) {
    throw JError("D1004").at(f.position).with("value", Value::string(regex_source(*f.regex)));
  }
  started_ = true;
  last_end_ = m.end;
  out.match = s_.substr(m.start, m.end - m.start);
  out.start = m.start;
  out.end = m.end;
  // advance the UTF-16 cursor incrementally (matches come in increasing order)
  if (m.start < u16_cursor_bytes_) {
    u16_cursor_bytes_ = 0;
    u16_cursor_ = 0;
  }
  u16_cursor_ += static_cast<double>(
      utf16_length(std::string_view(s_).substr(u16_cursor_bytes_, m.start - u16_cursor_bytes_)));
  u16_cursor_bytes_ = m.start;
  out.index = u16_cursor_;
  out.groups.clear();
  for (const auto& [gs, ge] : m.groups) {
    out.groups.push_back(gs == kNoGroup ? Value() : Value::string(s_.substr(gs, ge - gs)));
  }
  return true;
}

}  // namespace sfn::jsonata::fn
