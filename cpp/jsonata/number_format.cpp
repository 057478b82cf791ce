// $formatNumber: the XPath F&O 3.1 fn:format-number picture language, ported from jsonata-js
// (including its validation order: the last failing rule's code wins).
#include <cmath>
#include <unordered_set>

#include "jsonata/functions/builtins.h"
#include "jsonata/number_text.h"
#include "jsonata/utf.h"

namespace sfn::jsonata::fn {

namespace {

using U = std::u32string;

struct Properties {
  U decimal = U".", grouping = U",", exponent = U"e", infinity = U"Infinity", minus = U"-",
    nan = U"NaN", percent = U"%", per_mille = U"\u2030", zero = U"0", digit = U"#", pattern = U";";
};

struct Parts {
  U prefix, suffix, active, mantissa, exponent, integer, fractional, subpicture;
  bool has_exponent = false;
};

struct Pic {
  std::vector<int> integer_grouping;
  int regular_grouping = 0;
  int min_integer = 0;
  int scaling = 0;
  U prefix, suffix, picture;
  std::vector<int> fractional_grouping;
  int min_fraction = 0;
  int max_fraction = 0;
  int min_exponent = 0;
};

std::size_t find(const U& s, const U& needle, std::size_t from = 0) {
  if (needle.empty()) return from <= s.size() ? from : U::npos;
  return s.find(needle, from);
}
std::size_t rfind(const U& s, const U& needle) {
  if (needle.empty()) return s.size();
  return s.rfind(needle);
}
bool contains_char(const std::vector<char32_t>& set, char32_t c) {
  for (char32_t x : set)
    if (x == c) return true;
  return false;
}
char32_t first(const U& s) { return s.empty() ? 0 : s[0]; }

// `s` with `separator` every `every` digits leftwards from `decimal_pos` (not at its start): the
// insertions jsonata-js makes one at a time, each a copy of the string, done in one pass.
U group_regularly(const U& s, std::size_t decimal_pos, std::size_t every, const U& separator) {
  const std::size_t groups = decimal_pos == 0 ? 0 : (decimal_pos - 1) / every;
  U out;
  out.reserve(s.size() + groups * separator.size());
  const std::size_t first_group = decimal_pos - groups * every;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i >= first_group && i < decimal_pos && (decimal_pos - i) % every == 0) out += separator;
    out += s[i];
  }
  return out;
}

}  // namespace

Value formatNumber(Call& c) {
  const Value& value_arg = c.arg(0);
  if (value_arg.is_undefined()) return Value();
  double value = value_arg.as_number();
  Properties props;
  if (c.arg(2).is_object()) {
    for (const auto& [k, v] : c.arg(2).as_object().entries()) {
      if (!v.is_string()) continue;
      U s = to_u32(v.as_string());
      if (k == "decimal-separator")
        props.decimal = s;
      else if (k == "grouping-separator")
        props.grouping = s;
      else if (k == "exponent-separator")
        props.exponent = s;
      else if (k == "infinity")
        props.infinity = s;
      else if (k == "minus-sign")
        props.minus = s;
      else if (k == "NaN")
        props.nan = s;
      else if (k == "percent")
        props.percent = s;
      else if (k == "per-mille")
        props.per_mille = s;
      else if (k == "zero-digit")
        props.zero = s;
      else if (k == "digit")
        props.digit = s;
      else if (k == "pattern-separator")
        props.pattern = s;
    }
  }
  std::vector<char32_t> digit_family;
  for (int i = 0; i < 10; ++i) digit_family.push_back(first(props.zero) + static_cast<char32_t>(i));
  std::vector<char32_t> active_chars = digit_family;
  for (const U* p :
       {&props.decimal, &props.exponent, &props.grouping, &props.digit, &props.pattern})
    active_chars.push_back(first(*p));
  const char32_t exp_char = first(props.exponent);

  U picture = to_u32(c.arg(1).is_string() ? c.arg(1).as_string() : std::string());
  std::vector<U> sub_pictures;
  {
    std::size_t start = 0;
    for (;;) {
      std::size_t at = find(picture, props.pattern, start);
      if (at == U::npos || props.pattern.empty()) {
        sub_pictures.push_back(picture.substr(start));
        break;
      }
      sub_pictures.push_back(picture.substr(start, at - start));
      start = at + props.pattern.size();
    }
  }
  if (sub_pictures.size() > 2) throw JError("D3080");

  auto split_parts = [&](const U& sub) {
    Parts p;
    p.subpicture = sub;
    std::size_t pre = U::npos;
    for (std::size_t i = 0; i < sub.size(); ++i) {
      if (contains_char(active_chars, sub[i]) && sub[i] != exp_char) {
        pre = i;
        break;
      }
    }
    // With no active character jsonata-js fails on an undefined prefix (a TypeError without a
    // code). AWS answers D3086: the whole sub-picture is then the active part, and its passive
    // characters break that rule. We do the same in both dialects.
    p.prefix = pre == U::npos ? U() : sub.substr(0, pre);
    std::size_t suf_start = U::npos;
    for (std::size_t i = sub.size(); i-- > 0;) {
      if (contains_char(active_chars, sub[i]) && sub[i] != exp_char) {
        suf_start = i + 1;
        break;
      }
    }
    p.suffix = suf_start == U::npos ? U() : sub.substr(suf_start);
    std::size_t active_len = sub.size() >= p.prefix.size() + p.suffix.size()
                                 ? sub.size() - p.prefix.size() - p.suffix.size()
                                 : 0;
    p.active = sub.substr(p.prefix.size(), active_len);
    std::size_t exp_pos = find(sub, props.exponent, p.prefix.size());
    if (exp_pos == U::npos || exp_pos > sub.size() - p.suffix.size()) {
      p.mantissa = p.active;
      p.has_exponent = false;
    } else {
      p.mantissa = p.active.substr(0, std::min(exp_pos, p.active.size()));
      p.exponent = exp_pos + 1 <= p.active.size() ? p.active.substr(exp_pos + 1) : U();
      p.has_exponent = true;
    }
    std::size_t dec = find(p.mantissa, props.decimal);
    if (dec == U::npos) {
      p.integer = p.mantissa;
      p.fractional = p.suffix;
    } else {
      p.integer = p.mantissa.substr(0, dec);
      p.fractional = p.mantissa.substr(dec + 1);
    }
    return p;
  };

  auto is_digit = [&](char32_t ch) { return contains_char(digit_family, ch); };

  auto validate = [&](const Parts& parts) {
    const char* error = nullptr;
    const U& sub = parts.subpicture;
    std::size_t decimal_pos = find(sub, props.decimal);
    if (decimal_pos != rfind(sub, props.decimal)) error = "D3081";
    if (find(sub, props.percent) != rfind(sub, props.percent)) error = "D3082";
    if (find(sub, props.per_mille) != rfind(sub, props.per_mille)) error = "D3083";
    if (find(sub, props.percent) != U::npos && find(sub, props.per_mille) != U::npos)
      error = "D3084";
    bool valid = false;
    for (char32_t ch : parts.mantissa) {
      if (is_digit(ch) || ch == first(props.digit)) {
        valid = true;
        break;
      }
    }
    if (!valid) error = "D3085";
    for (char32_t ch : parts.active) {
      if (!contains_char(active_chars, ch)) {
        error = "D3086";
        break;
      }
    }
    if (decimal_pos != U::npos) {
      char32_t before = decimal_pos > 0 ? sub[decimal_pos - 1] : 0;
      char32_t after = decimal_pos + 1 < sub.size() ? sub[decimal_pos + 1] : 0;
      if (before == first(props.grouping) || after == first(props.grouping)) error = "D3087";
    } else if (!parts.integer.empty() && parts.integer.back() == first(props.grouping)) {
      error = "D3088";
    }
    if (find(sub, props.grouping + props.grouping) != U::npos) error = "D3089";
    std::size_t opt = find(parts.integer, props.digit);
    if (opt != U::npos) {
      for (std::size_t i = 0; i < opt; ++i)
        if (is_digit(parts.integer[i])) error = "D3090";
    }
    std::size_t last_opt = rfind(parts.fractional, props.digit);
    if (last_opt != U::npos && last_opt < parts.fractional.size()) {
      for (std::size_t i = last_opt; i < parts.fractional.size(); ++i)
        if (is_digit(parts.fractional[i])) error = "D3091";
    }
    if (parts.has_exponent && !parts.exponent.empty() &&
        (find(sub, props.percent) != U::npos || find(sub, props.per_mille) != U::npos)) {
      error = "D3092";
    }
    if (parts.has_exponent) {
      bool bad = parts.exponent.empty();
      for (char32_t ch : parts.exponent)
        if (!is_digit(ch)) bad = true;
      if (bad) error = "D3093";
    }
    if (error) throw JError(error);
  };

  auto grouping_positions = [&](const U& part, bool to_left, const Parts& parts) {
    // Digits before each place, counted once: counting them per separator was quadratic.
    std::vector<int> digits_before(part.size() + 1, 0);
    for (std::size_t i = 0; i < part.size(); ++i) {
      bool counted = is_digit(part[i]) || part[i] == first(props.digit);
      digits_before[i + 1] = digits_before[i] + (counted ? 1 : 0);
    }
    std::vector<int> positions;
    std::size_t gp = find(part, props.grouping);
    while (gp != U::npos && !props.grouping.empty()) {
      // String.substring clamps; the later separators are searched for in the integer part
      // whatever `part` is, as jsonata-js does.
      int left = digits_before[std::min(gp, part.size())];
      positions.push_back(to_left ? left : digits_before[part.size()] - left);
      gp = find(parts.integer, props.grouping, gp + 1);
    }
    return positions;
  };

  auto analyse = [&](const Parts& parts) {
    Pic pic;
    pic.integer_grouping = grouping_positions(parts.integer, false, parts);
    const auto& idx = pic.integer_grouping;
    if (!idx.empty()) {
      int factor = idx[0];
      for (std::size_t i = 1; i < idx.size(); ++i) {
        int a = factor, b = idx[i];
        while (b != 0) {
          int t = a % b;
          a = b;
          b = t;
        }
        factor = a;
      }
      pic.regular_grouping = factor;
      const std::unordered_set<int> present(idx.begin(), idx.end());
      for (std::size_t k = 1; k <= idx.size(); ++k) {
        if (present.count(static_cast<int>(k) * factor) == 0) {
          pic.regular_grouping = 0;
          break;
        }
      }
    }
    pic.fractional_grouping = grouping_positions(parts.fractional, true, parts);
    for (char32_t ch : parts.integer)
      if (is_digit(ch)) ++pic.min_integer;
    pic.scaling = pic.min_integer;
    for (char32_t ch : parts.fractional) {
      if (is_digit(ch)) ++pic.min_fraction;
      if (is_digit(ch) || ch == first(props.digit)) ++pic.max_fraction;
    }
    bool exponent_present = parts.has_exponent;
    if (pic.min_integer == 0 && pic.max_fraction == 0) {
      if (exponent_present) {
        pic.min_fraction = 1;
        pic.max_fraction = 1;
      } else {
        pic.min_integer = 1;
      }
    }
    if (exponent_present && pic.min_integer == 0 && find(parts.integer, props.digit) != U::npos) {
      pic.min_integer = 1;
    }
    if (pic.min_integer == 0 && pic.min_fraction == 0) pic.min_fraction = 1;
    if (exponent_present) {
      for (char32_t ch : parts.exponent)
        if (is_digit(ch)) ++pic.min_exponent;
    }
    pic.prefix = parts.prefix;
    pic.suffix = parts.suffix;
    pic.picture = parts.subpicture;
    return pic;
  };

  std::vector<Parts> parts;
  for (const U& sp : sub_pictures) parts.push_back(split_parts(sp));
  for (const Parts& p : parts) validate(p);
  std::vector<Pic> variables;
  for (const Parts& p : parts) variables.push_back(analyse(p));
  if (variables.size() == 1) {
    variables.push_back(variables[0]);
    variables[1].prefix = props.minus + variables[1].prefix;
  }

  const Pic& pic = value >= 0 ? variables[0] : variables[1];
  // The picture's digit counts size the text before it is built (as padding and as toFixed's
  // digits): charged first.
  c.ev.charge(static_cast<std::size_t>(pic.min_integer) +
              static_cast<std::size_t>(pic.max_fraction) +
              static_cast<std::size_t>(pic.min_exponent));
  double adjusted;
  if (find(pic.picture, props.percent) != U::npos) {
    adjusted = value * 100;
  } else if (find(pic.picture, props.per_mille) != U::npos) {
    adjusted = value * 1000;
  } else {
    adjusted = value;
  }
  double mantissa;
  std::optional<double> exponent;
  if (pic.min_exponent == 0) {
    mantissa = adjusted;
  } else {
    double max_m = std::pow(10, pic.scaling);
    double min_m = std::pow(10, pic.scaling - 1);
    mantissa = adjusted;
    double e = 0;
    int guard = 0;
    while (mantissa < min_m && ++guard < 2000) {
      mantissa *= 10;
      e -= 1;
    }
    while (mantissa > max_m && ++guard < 4000) {
      mantissa /= 10;
      e += 1;
    }
    exponent = e;
  }
  double rounded = round_half_even(mantissa, pic.max_fraction);
  auto make_string = [&](double v, int dp) {
    U s = to_u32(js_to_fixed(std::fabs(v), dp));
    if (first(props.zero) != U'0') {
      for (char32_t& ch : s)
        if (ch >= U'0' && ch <= U'9') ch = digit_family[ch - U'0'];
    }
    return s;
  };
  U sv = make_string(rounded, pic.max_fraction);
  std::size_t dot = sv.find(U'.');
  if (dot == U::npos) {
    sv += props.decimal;
  } else {
    sv.replace(dot, 1, props.decimal);
  }
  char32_t zero = first(props.zero);
  while (!sv.empty() && sv.front() == zero) sv.erase(0, 1);
  while (!sv.empty() && sv.back() == zero) sv.pop_back();
  std::size_t decimal_pos = find(sv, props.decimal);
  int pad_left = pic.min_integer - static_cast<int>(decimal_pos);
  int pad_right = pic.min_fraction - static_cast<int>(sv.size() - decimal_pos - 1);
  if (pad_left > 0) sv.insert(0, static_cast<std::size_t>(pad_left), zero);
  if (pad_right > 0) sv.append(static_cast<std::size_t>(pad_right), zero);
  decimal_pos = find(sv, props.decimal);
  // String.prototype.slice positions: a negative index counts from the end.
  auto insert_at = [&](long at) {
    long len = static_cast<long>(sv.size());
    if (at < 0) at = std::max(0L, len + at);
    if (at > len) at = len;
    sv.insert(static_cast<std::size_t>(at), props.grouping);
  };
  if (pic.regular_grouping > 0) {
    sv = group_regularly(sv, decimal_pos, static_cast<std::size_t>(pic.regular_grouping),
                         props.grouping);
  } else {
    // Irregular groupings are short in any real picture; each insertion is counted as work.
    for (int pos : pic.integer_grouping) {
      c.ev.account(sv.size());
      insert_at(static_cast<long>(decimal_pos) - pos);
      ++decimal_pos;
    }
  }
  decimal_pos = find(sv, props.decimal);
  for (int pos : pic.fractional_grouping) {
    c.ev.account(sv.size());
    insert_at(static_cast<long>(pos) + static_cast<long>(decimal_pos) + 1);
  }
  decimal_pos = find(sv, props.decimal);
  if (find(pic.picture, props.decimal) == U::npos || decimal_pos == sv.size() - 1) {
    if (!sv.empty()) sv.pop_back();
  }
  if (exponent) {
    U se = make_string(*exponent, 0);
    int pad = pic.min_exponent - static_cast<int>(se.size());
    if (pad > 0) se.insert(0, static_cast<std::size_t>(pad), zero);
    sv += props.exponent + (*exponent < 0 ? props.minus : U()) + se;
  }
  sv = pic.prefix + sv + pic.suffix;
  return Value::string(from_u32(sv));
}

}  // namespace sfn::jsonata::fn
