// $string $substring $substringBefore $substringAfter $lowercase $uppercase $length $trim $pad
// $contains $match $replace $split $join
#include <cmath>
#include <string_view>
#include <vector>

#include "jsonata/functions/builtins.h"
#include "jsonata/functions/matcher.h"
#include "jsonata/utf.h"

namespace sfn::jsonata::fn {

namespace {

// Array.prototype.slice's index normalisation.
std::size_t slice_index(double v, std::size_t len) {
  if (std::isnan(v)) return 0;
  v = std::trunc(v);
  double n = static_cast<double>(len);
  if (v < 0) return static_cast<std::size_t>(std::max(n + v, 0.0));
  return static_cast<std::size_t>(std::min(v, n));
}

// Finds a string in a text. std::string::find compares the whole needle at each place where
// its first character occurs: n·m work for a long needle that nearly matches everywhere (a 1 MB
// text and a 300 KB needle, 5.6 s). Long needles go through Knuth-Morris-Pratt, linear in both.
// Byte matching is code point matching: UTF-8 synchronises itself.
class Finder {
 public:
  explicit Finder(std::string_view needle) : needle_(needle) {
    if (needle.size() < kLong) return;
    fail_.resize(needle.size());
    std::size_t k = 0;
    for (std::size_t i = 1; i < needle.size(); ++i) {
      while (k > 0 && needle[i] != needle[k]) k = fail_[k - 1];
      if (needle[i] == needle[k]) ++k;
      fail_[i] = k;
    }
  }

  std::size_t find(std::string_view text, std::size_t from = 0) const {
    if (fail_.empty()) return text.find(needle_, from);
    std::size_t k = 0;
    for (std::size_t i = from; i < text.size(); ++i) {
      while (k > 0 && text[i] != needle_[k]) k = fail_[k - 1];
      if (text[i] == needle_[k]) ++k;
      if (k == needle_.size()) return i + 1 - k;
    }
    return std::string_view::npos;
  }

 private:
  // Below this, find()'s worst case (n times the needle) is a small multiple of n.
  static constexpr std::size_t kLong = 64;
  std::string_view needle_;
  std::vector<std::size_t> fail_;  // longest proper border of each prefix
};

std::string slice_code_points(const std::u32string& s, double start, double end) {
  std::size_t a = slice_index(start, s.size());
  std::size_t b = slice_index(end, s.size());
  if (b <= a) return std::string();
  return from_u32(std::u32string_view(s).substr(a, b - a));
}

}  // namespace

Value string(Call& c) {
  const Value& a = c.arg(0);
  if (a.is_undefined()) return Value();
  bool pretty = c.arg(1).is_bool() && c.arg(1).as_bool();
  if (pretty && !a.is_string() && !a.is_function()) {
    if (a.is_number() && !std::isfinite(a.as_number())) throw JError("D3001").with("value", a);
    Value v = a;
    if (v.is_array() && v.as_array().outer_wrapper && !v.as_array().empty()) v = v.as_array()[0];
    return Value::string(stringify(v, true, &c.ev));
  }
  return Value::string(value_to_string(a, &c.ev));
}

Value substring(Call& c) {
  const Value& str = c.arg(0);
  if (str.is_undefined()) return Value();
  std::u32string chars = to_u32(str.as_string());
  double len = static_cast<double>(chars.size());
  double start = c.arg(1).is_number() ? c.arg(1).as_number() : 0.0 / 0.0;
  if (len + start < 0) start = 0;
  if (!c.arg(2).is_undefined()) {
    double length = c.arg(2).as_number();
    if (length <= 0) return Value::string("");
    double end = start >= 0 ? start + length : len + start + length;
    return Value::string(slice_code_points(chars, start, end));
  }
  return Value::string(slice_code_points(chars, start, len));
}

Value substringBefore(Call& c) {
  const Value& str = c.arg(0);
  if (str.is_undefined()) return Value();
  if (!c.arg(1).is_string()) return str;
  std::size_t pos = Finder(c.arg(1).as_string()).find(str.as_string());
  if (pos == std::string::npos) return str;
  return Value::string(str.as_string().substr(0, pos));
}

Value substringAfter(Call& c) {
  const Value& str = c.arg(0);
  if (str.is_undefined()) return Value();
  if (!c.arg(1).is_string()) return str;
  const std::string& chars = c.arg(1).as_string();
  std::size_t pos = Finder(chars).find(str.as_string());
  if (pos == std::string::npos) return str;
  return Value::string(str.as_string().substr(pos + chars.size()));
}

Value lowercase(Call& c) {
  const Value& str = c.arg(0);
  if (str.is_undefined()) return Value();
  return Value::string(to_lower(str.as_string()));
}

Value uppercase(Call& c) {
  const Value& str = c.arg(0);
  if (str.is_undefined()) return Value();
  return Value::string(to_upper(str.as_string()));
}

Value length(Call& c) {
  const Value& str = c.arg(0);
  if (str.is_undefined()) return Value();
  return Value::number(static_cast<double>(code_point_count(str.as_string())));
}

Value trim(Call& c) {
  const Value& str = c.arg(0);
  if (str.is_undefined()) return Value();
  std::string out;
  bool in_space = false;
  for (char ch : str.as_string()) {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      if (!in_space) out += ' ';
      in_space = true;
    } else {
      out += ch;
      in_space = false;
    }
  }
  if (!out.empty() && out.front() == ' ') out.erase(0, 1);
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return Value::string(std::move(out));
}

Value pad(Call& c) {
  const Value& str = c.arg(0);
  if (str.is_undefined()) return Value();
  std::string ch = " ";
  if (c.arg(2).is_string() && !c.arg(2).as_string().empty()) ch = c.arg(2).as_string();
  double width = c.arg(1).is_number() ? c.arg(1).as_number() : 0.0 / 0.0;
  double pad_length = std::fabs(width) - static_cast<double>(code_point_count(str.as_string()));
  if (!(pad_length > 0)) return str;
  auto n = static_cast<std::size_t>(pad_length);
  if (n > (64u << 20)) throw JError("D3001").with("value", c.arg(1));
  // charged before it is built: the width alone decides its size
  c.ev.charge(n);
  c.ev.account(n);
  std::u32string unit = to_u32(ch);
  std::u32string padding;
  padding.reserve(n + unit.size());
  while (padding.size() < n) padding += unit;
  padding.resize(n);
  std::string p = from_u32(padding);
  return Value::string(width > 0 ? str.as_string() + p : p + str.as_string());
}

Value contains(Call& c) {
  const Value& str = c.arg(0);
  if (str.is_undefined()) return Value();
  const Value& token = c.arg(1);
  if (token.is_string()) {
    return Value::boolean(Finder(token.as_string()).find(str.as_string()) != std::string::npos);
  }
  Matcher m(c, token, str.as_string());
  MatchInfo info;
  return Value::boolean(m.next(info));
}

Value match(Call& c) {
  const Value& str = c.arg(0);
  if (str.is_undefined()) return Value();
  const Value& limit = c.arg(2);
  if (limit.is_number() && limit.as_number() < 0) {
    throw JError("D3040").with("value", limit).with("index", Value::number(3));
  }
  auto result = make_sequence();
  if (limit.is_undefined() || limit.as_number() > 0) {
    Matcher m(c, c.arg(1), str.as_string());
    MatchInfo info;
    double count = 0;
    bool have = m.next(info);
    while (have && (limit.is_undefined() || count < limit.as_number())) {
      auto obj = std::make_shared<Object>();
      obj->set("match", Value::string(info.match));
      obj->set("index", Value::number(info.index));
      auto groups = make_array();
      groups->items = info.groups;
      obj->set("groups", Value::array(groups));
      result->push(Value::object(obj));
      c.ev.charge_growing(result->size());
      ++count;
      have = m.next(info);
    }
  }
  return Value::array(result);
}

namespace {

// jsonata-js's `$n` substitution in a replacement string.
std::string substitute(const std::string& replacement, const MatchInfo& m) {
  std::string out;
  std::size_t position = 0;
  std::size_t index = replacement.find('$', position);
  while (index != std::string::npos && position < replacement.size()) {
    out += replacement.substr(position, index - position);
    position = index + 1;
    char dollar = position < replacement.size() ? replacement[position] : '\0';
    if (dollar == '$') {
      out += '$';
      ++position;
    } else if (dollar == '0') {
      out += m.match;
      ++position;
    } else {
      std::size_t ngroups = m.groups.size();
      int max_digits =
          ngroups == 0 ? 1
                       : static_cast<int>(std::floor(std::log10(static_cast<double>(ngroups)))) + 1;
      auto parse = [&](int digits, long& v) {
        std::size_t k = 0;
        v = 0;
        while (k < static_cast<std::size_t>(digits) && position + k < replacement.size() &&
               replacement[position + k] >= '0' && replacement[position + k] <= '9') {
          v = v * 10 + (replacement[position + k] - '0');
          ++k;
        }
        return k > 0;
      };
      long group = 0;
      bool ok = parse(max_digits, group);
      if (ok && max_digits > 1 && static_cast<std::size_t>(group) > ngroups) {
        ok = parse(max_digits - 1, group);
      }
      if (ok) {
        if (ngroups > 0 && group >= 1 && static_cast<std::size_t>(group) <= ngroups) {
          const Value& g = m.groups[static_cast<std::size_t>(group - 1)];
          if (g.is_string()) out += g.as_string();
        }
        position += std::to_string(group).size();
      } else {
        out += '$';
      }
    }
    index = replacement.find('$', position);
  }
  if (position < replacement.size()) out += replacement.substr(position);
  return out;
}

}  // namespace

Value replace(Call& c) {
  const Value& str = c.arg(0);
  if (str.is_undefined()) return Value();
  const Value& pattern = c.arg(1);
  const Value& replacement = c.arg(2);
  const Value& limit = c.arg(3);
  if (pattern.is_string() && pattern.as_string().empty()) {
    throw JError("D3010").with("value", pattern).with("index", Value::number(2));
  }
  if (limit.is_number() && limit.as_number() < 0) {
    throw JError("D3011").with("value", limit).with("index", Value::number(4));
  }
  const std::string& s = str.as_string();
  if (!(limit.is_undefined() || limit.as_number() > 0)) return str;
  std::string result;
  double count = 0;
  auto under_limit = [&]() { return limit.is_undefined() || count < limit.as_number(); };
  if (pattern.is_string()) {
    const std::string& p = pattern.as_string();
    std::string rep = replacement.is_string() ? replacement.as_string() : std::string();
    const Finder finder(p);
    std::size_t position = 0;
    std::size_t index = finder.find(s, position);
    while (index != std::string::npos && under_limit()) {
      result.append(s, position, index - position);
      result += rep;
      // a long replacement repeated can outgrow the subject many times over
      c.ev.charge(result.size());
      position = index + p.size();
      ++count;
      index = finder.find(s, position);
    }
    result.append(s, position);
    c.ev.charge(result.size());
    return Value::string(std::move(result));
  }
  Matcher m(c, pattern, s);
  MatchInfo info;
  std::size_t position = 0;
  bool any = false;
  // jsonata-js fetches the next match before it tests the limit, so a zero-length match just
  // past the last one allowed still fails (D1004); the same in $match and $split.
  bool have = m.next(info);
  while (have && under_limit()) {
    any = true;
    if (info.start >= position) result.append(s, position, info.start - position);
    if (replacement.is_string()) {
      result += substitute(replacement.as_string(), info);
    } else {
      auto obj = std::make_shared<Object>();
      obj->set("match", Value::string(info.match));
      obj->set("start", Value::number(info.index));
      obj->set("end", Value::number(info.index + static_cast<double>(utf16_length(info.match))));
      auto groups = make_array();
      groups->items = info.groups;
      obj->set("groups", Value::array(groups));
      Value r = c.ev.call(replacement, {Value::object(obj)}, c.env);
      if (!r.is_string()) throw JError("D3012").with("value", r);
      result += r.as_string();
    }
    position = info.start + info.match.size();
    ++count;
    c.ev.charge(result.size());
    have = m.next(info);
  }
  if (!any) return str;
  if (position < s.size()) result.append(s, position);
  c.ev.charge(result.size());
  return Value::string(std::move(result));
}

Value split(Call& c) {
  const Value& str = c.arg(0);
  if (str.is_undefined()) return Value();
  const Value& sep = c.arg(1);
  const Value& limit = c.arg(2);
  if (limit.is_number() && limit.as_number() < 0) {
    throw JError("D3020").with("value", limit).with("index", Value::number(3));
  }
  auto result = make_array();
  const std::string& s = str.as_string();
  if (!(limit.is_undefined() || limit.as_number() > 0)) return Value::array(result);
  double max = limit.is_undefined() ? 4294967295.0 : std::trunc(limit.as_number());
  auto room = [&]() { return static_cast<double>(result->size()) < max; };
  if (sep.is_string()) {
    const std::string& p = sep.as_string();
    if (p.empty()) {
      for (std::size_t i = 0; i < s.size() && room();) {
        std::size_t start = i;
        next_code_point(s, i);
        result->push(Value::string(s.substr(start, i - start)));
        c.ev.charge_growing(result->size());
      }
      return Value::array(result);
    }
    const Finder finder(p);
    std::size_t position = 0;
    for (;;) {
      if (!room()) break;
      std::size_t index = finder.find(s, position);
      if (index == std::string::npos) {
        result->push(Value::string(s.substr(position)));
        break;
      }
      result->push(Value::string(s.substr(position, index - position)));
      c.ev.charge_growing(result->size());
      position = index + p.size();
    }
    return Value::array(result);
  }
  Matcher m(c, sep, s);
  MatchInfo info;
  std::size_t start = 0;
  double count = 0;
  bool any = false;
  bool have = m.next(info);
  while (have && (limit.is_undefined() || count < limit.as_number())) {
    any = true;
    result->push(Value::string(info.start >= start ? s.substr(start, info.start - start) : ""));
    c.ev.charge_growing(result->size());
    start = info.end;
    ++count;
    have = m.next(info);
  }
  if (!any) {
    result->push(str);
  } else if (limit.is_undefined() || count < limit.as_number()) {
    result->push(Value::string(start <= s.size() ? s.substr(start) : ""));
  }
  return Value::array(result);
}

Value join(Call& c) {
  const Value& strs = c.arg(0);
  if (strs.is_undefined()) return Value();
  std::string sep = c.arg(1).is_string() ? c.arg(1).as_string() : std::string();
  // Sized and charged before it is built: a long separator repeats once per item.
  const auto& items = strs.as_array().items;
  std::size_t size = items.empty() ? 0 : sep.size() * (items.size() - 1);
  for (const Value& v : items) size += v.is_string() ? v.as_string().size() : 0;
  c.ev.charge(size);
  std::string out;
  out.reserve(size);
  bool first = true;
  for (const Value& v : items) {
    if (!first) out += sep;
    first = false;
    if (v.is_string()) out += v.as_string();
  }
  return Value::string(std::move(out));
}

}  // namespace sfn::jsonata::fn
