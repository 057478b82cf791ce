// $now $millis $fromMillis $toMillis with XPath date/time picture strings (jsonata-js's
// datetime.js), all in UTC with an optional fixed offset.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "jsonata/functions/builtins.h"
#include "jsonata/functions/civil_time.h"
#include "jsonata/functions/picture.h"
#include "jsonata/number_text.h"
#include "jsonata/regex/regex.h"
#include "jsonata/utf.h"

namespace sfn::jsonata::fn {

namespace {

const char* const kDays[] = {"",         "Monday", "Tuesday",  "Wednesday",
                             "Thursday", "Friday", "Saturday", "Sunday"};
const char* const kMonths[] = {"January",   "February", "March",    "April",
                               "May",       "June",     "July",     "August",
                               "September", "October",  "November", "December"};
constexpr double kMsPerDay = 86400000.0;

// Widths in pictures and the fields of a date are JavaScript numbers in jsonata-js: NaN when a
// width is not a number ("[Y,5-x]") or the date is out of range, and as large as written.
// Casting such a double to an integer type is undefined behaviour in C++, so these convert
// explicitly: NaN acts as 0 (jsonata-js's comparisons with it all fail, so it pads nothing) and
// the rest is clamped far beyond any string the memory limit lets an evaluation build.
int to_int(double v) {
  if (std::isnan(v)) return 0;
  return static_cast<int>(std::clamp(v, -1e9, 1e9));
}

std::size_t to_size(double v) { return static_cast<std::size_t>(std::max(0, to_int(v))); }

// `names[index]` as JavaScript reads it: undefined unless `index` is an integer in range.
const char* name_at(const char* const* names, std::size_t count, double index) {
  if (!(index >= 0 && index < static_cast<double>(count)) || index != std::floor(index))
    return nullptr;
  return names[static_cast<std::size_t>(index)];
}

struct Width {
  std::optional<double> min;
  std::optional<double> max;
};

struct PicturePart {
  bool literal = false;
  std::string value;  // literal text
  char32_t component = 0;
  std::optional<Width> width;
  std::optional<std::u32string> presentation1;
  std::optional<char32_t> presentation2;
  bool ordinal = false;
  std::optional<LetterCase> names;
  std::optional<IntegerFormat> integer_format;
  double n = 0;
  bool has_n = false;
};

std::optional<std::u32string> default_presentation(char32_t component) {
  switch (component) {
    case 'Y':
    case 'M':
    case 'D':
    case 'd':
    case 'W':
    case 'w':
    case 'X':
    case 'x':
    case 'H':
    case 'h':
    case 'f':
      return U"1";
    case 'F':
    case 'P':
    case 'C':
    case 'E':
      return U"n";
    case 'm':
    case 's':
      return U"01";
    case 'Z':
    case 'z':
      return U"01:01";
    default:
      return std::nullopt;
  }
}

bool in(const char* set, char32_t c) {
  for (const char* p = set; *p; ++p)
    if (static_cast<char32_t>(*p) == c) return true;
  return false;
}

// parseInt of the leading integer; nullopt for NaN.
std::optional<double> parse_int(const std::u32string& s) {
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  std::string digits;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) digits += static_cast<char>(s[i++]);
  std::size_t start = digits.size();
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') digits += static_cast<char>(s[i++]);
  if (digits.size() == start) return std::nullopt;
  return std::strtod(digits.c_str(), nullptr);
}

std::vector<PicturePart> analyse_datetime_picture(const std::u32string& picture) {
  std::vector<PicturePart> spec;
  auto add_literal = [&](std::size_t start, std::size_t end) {
    if (end > start) {
      std::u32string lit = picture.substr(start, end - start);
      std::u32string out;
      for (std::size_t i = 0; i < lit.size(); ++i) {
        out += lit[i];
        if (lit[i] == ']' && i + 1 < lit.size() && lit[i + 1] == ']') ++i;
      }
      PicturePart p;
      p.literal = true;
      p.value = from_u32(out);
      spec.push_back(std::move(p));
    }
  };
  std::size_t start = 0;
  std::size_t pos = 0;
  while (pos < picture.size()) {
    if (picture[pos] == '[') {
      if (pos + 1 < picture.size() && picture[pos + 1] == '[') {
        add_literal(start, pos);
        PicturePart p;
        p.literal = true;
        p.value = "[";
        spec.push_back(std::move(p));
        pos += 2;
        start = pos;
        continue;
      }
      add_literal(start, pos);
      start = pos;
      pos = picture.find(']', start);
      if (pos == std::u32string::npos) throw JError("D3135");
      std::u32string raw = picture.substr(start + 1, pos - start - 1);
      std::u32string marker;
      for (char32_t ch : raw)
        if (!(ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v'))
          marker += ch;
      PicturePart def;
      def.component = marker.empty() ? 0 : marker[0];
      std::size_t comma = marker.rfind(',');
      std::u32string pres;
      if (comma != std::u32string::npos) {
        std::u32string width_mod = marker.substr(comma + 1);
        std::size_t dash = width_mod.find('-');
        auto parse_width = [](const std::optional<std::u32string>& wm) -> std::optional<double> {
          if (!wm || *wm == U"*") return std::nullopt;
          auto v = parse_int(*wm);
          return v ? v : std::optional<double>(std::nan(""));
        };
        Width w;
        if (dash == std::u32string::npos) {
          w.min = parse_width(width_mod);
        } else {
          w.min = parse_width(width_mod.substr(0, dash));
          w.max = parse_width(width_mod.substr(dash + 1));
        }
        def.width = w;
        pres = marker.substr(1, comma - 1);
      } else {
        pres = marker.size() > 1 ? marker.substr(1) : U"";
      }
      if (pres.size() == 1) {
        def.presentation1 = pres;
      } else if (pres.size() > 1) {
        char32_t last = pres.back();
        if (in("atco", last)) {
          def.presentation2 = last;
          if (last == 'o') def.ordinal = true;
          def.presentation1 = pres.substr(0, pres.size() - 1);
        } else {
          def.presentation1 = pres;
        }
      } else {
        def.presentation1 = default_presentation(def.component);
      }
      if (!def.presentation1) {
        std::string comp;
        if (def.component) append_utf8(comp, def.component);
        throw JError("D3132").with("value", Value::string(comp));
      }
      const std::u32string& p1 = *def.presentation1;
      if (!p1.empty() && p1[0] == 'n') {
        def.names = LetterCase::Lower;
      } else if (!p1.empty() && p1[0] == 'N') {
        def.names = (p1.size() > 1 && p1[1] == 'n') ? LetterCase::Title : LetterCase::Upper;
      } else if (in("YMDdFWwXxHhmsf", def.component)) {
        std::u32string pattern = p1;
        if (def.presentation2) {
          pattern += U';';
          pattern += *def.presentation2;
        }
        def.integer_format = analyse_integer_picture(pattern);
        if (def.width && def.width->min) {
          if (def.integer_format->mandatory_digits < *def.width->min) {
            def.integer_format->mandatory_digits = to_int(*def.width->min);
          }
        }
        if (in("YMD", def.component)) {
          def.n = -1;
          def.has_n = true;
          if (def.width && def.width->max) {
            def.n = *def.width->max;
            def.integer_format->mandatory_digits = to_int(def.n);
          } else {
            int w = def.integer_format->mandatory_digits + def.integer_format->optional_digits;
            if (w >= 2) def.n = w;
          }
        }
      }
      if (def.component == 'Z' || def.component == 'z') {
        def.integer_format = analyse_integer_picture(p1);
      }
      spec.push_back(std::move(def));
      start = pos + 1;
    }
    ++pos;
  }
  add_literal(start, pos);
  return spec;
}

double start_of_first_week(double year, double month) {
  double jan1 = date_utc(year, month);
  int day = civil_from_time(jan1).weekday;
  if (day == 0) day = 7;
  return day > 4 ? jan1 + (8 - day) * kMsPerDay : jan1 - (day - 1) * kMsPerDay;
}

double delta_weeks(double start, double end) { return (end - start) / (kMsPerDay * 7) + 1; }

// getDateTimeFragment; nullopt stands for JS undefined, strings are returned in `text`.
std::optional<double> fragment(double t, const CivilTime& d, char32_t component,
                               std::string& text) {
  if (!d.valid) {
    if (component == 'P') {
      text = "am";
      return std::nullopt;
    }
    if (component == 'C' || component == 'E') {
      text = "ISO";
      return std::nullopt;
    }
    return std::nan("");
  }
  switch (component) {
    case 'Y':
      return d.year;
    case 'M':
      return d.month + 1;
    case 'D':
      return d.day;
    case 'd': {
      double today = date_utc(d.year, d.month, d.day);
      double first = date_utc(d.year, 0);
      return (today - first) / kMsPerDay + 1;
    }
    case 'F':
      return d.weekday == 0 ? 7 : d.weekday;
    case 'W': {
      double start1 = start_of_first_week(d.year, 0);
      double today = date_utc(d.year, d.month, d.day);
      double week = delta_weeks(start1, today);
      if (week > 52) {
        if (today >= start_of_first_week(d.year + 1, 0)) week = 1;
      } else if (week < 1) {
        week = delta_weeks(start_of_first_week(d.year - 1, 0), today);
      }
      return std::floor(week);
    }
    case 'w': {
      double start1 = start_of_first_week(d.year, d.month);
      double today = date_utc(d.year, d.month, d.day);
      double week = delta_weeks(start1, today);
      double ny = d.month == 11 ? d.year + 1 : d.year;
      double nm = d.month == 11 ? 0 : d.month + 1;
      double py = d.month == 0 ? d.year - 1 : d.year;
      double pm = d.month == 0 ? 11 : d.month - 1;
      if (week > 4) {
        if (today >= start_of_first_week(ny, nm)) week = 1;
      } else if (week < 1) {
        week = delta_weeks(start_of_first_week(py, pm), today);
      }
      return std::floor(week);
    }
    case 'X': {
      double start = start_of_first_week(d.year, 0);
      double end = start_of_first_week(d.year + 1, 0);
      if (t < start) return d.year - 1;
      if (t >= end) return d.year + 1;
      return d.year;
    }
    case 'x': {
      double start = start_of_first_week(d.year, d.month);
      double ny = d.month == 11 ? d.year + 1 : d.year;
      int nm = d.month == 11 ? 0 : d.month + 1;
      int pm = d.month == 0 ? 11 : d.month - 1;
      double end = start_of_first_week(ny, nm);
      if (t < start) return pm + 1;
      if (t >= end) return nm + 1;
      return d.month + 1;
    }
    case 'H':
      return d.hours;
    case 'h': {
      int h = d.hours % 12;
      return h == 0 ? 12 : h;
    }
    case 'P':
      text = d.hours >= 12 ? "pm" : "am";
      return std::nullopt;
    case 'm':
      return d.minutes;
    case 's':
      return d.seconds;
    case 'f':
      return d.millis;
    case 'C':
    case 'E':
      text = "ISO";
      return std::nullopt;
    default:
      text = "undefined";
      return std::nullopt;
  }
}

std::string apply_case(std::string s, LetterCase c) {
  if (c == LetterCase::Upper) return to_upper(s);
  if (c == LetterCase::Lower) return to_lower(s);
  return s;
}

std::string format_datetime(Evaluator& ev, double millis, const std::optional<std::string>& picture,
                            const std::optional<std::string>& timezone) {
  double offset_hours = 0;
  double offset_minutes = 0;
  if (timezone) {
    auto offset = parse_int(to_u32(*timezone));
    double o = offset ? *offset : std::nan("");
    offset_hours = std::floor(o / 100);
    offset_minutes = std::fmod(o, 100);
  }
  static const std::vector<PicturePart> kIso =
      analyse_datetime_picture(U"[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]");
  std::vector<PicturePart> parsed;
  const std::vector<PicturePart>* spec = &kIso;
  if (picture) {
    parsed = analyse_datetime_picture(to_u32(*picture));
    spec = &parsed;
  }
  double offset_millis = (60 * offset_hours + offset_minutes) * 60 * 1000;
  double t = std::trunc(millis + offset_millis);
  CivilTime date = civil_from_time(t);
  std::string result;
  for (const PicturePart& part : *spec) {
    if (part.literal) {
      result += part.value;
      continue;
    }
    // A width is a number of characters the part will have at least: charged before it is
    // padded to, as $pad charges its padding ("[Y,99999999]" asks for 100 MB).
    if (part.integer_format && part.integer_format->mandatory_digits > 0)
      ev.charge(static_cast<std::size_t>(part.integer_format->mandatory_digits));
    std::string text;
    std::optional<double> value = fragment(t, date, part.component, text);
    std::string out;
    if (in("YMDdFWwXxHhms", part.component)) {
      double v = value.value_or(std::nan(""));
      if (part.component == 'Y' && part.has_n && part.n != -1)
        v = std::fmod(v, std::pow(10, part.n));
      if (part.names) {
        std::string name;
        if (part.component == 'M' || part.component == 'x') {
          const char* found = name_at(kMonths, std::size(kMonths), v - 1);
          name = found ? found : "undefined";
        } else if (part.component == 'F') {
          const char* found = name_at(kDays, std::size(kDays), v);
          name = found ? found : "undefined";
        } else {
          std::string comp;
          append_utf8(comp, part.component);
          throw JError("D3133").with("value", Value::string(comp));
        }
        name = apply_case(name, *part.names);
        if (part.width && part.width->max && static_cast<double>(name.size()) > *part.width->max) {
          name = name.substr(0, to_size(*part.width->max));
        }
        out = name;
      } else {
        out = format_integer_value(v, *part.integer_format, ev);
      }
    } else if (part.component == 'f') {
      out = format_integer_value(value.value_or(std::nan("")), *part.integer_format, ev);
    } else if (part.component == 'Z' || part.component == 'z') {
      double offset = offset_hours * 100 + offset_minutes;
      const IntegerFormat& fmt = *part.integer_format;
      if (fmt.regular) {
        out = format_integer_value(offset, fmt, ev);
      } else {
        int num_digits = fmt.mandatory_digits;
        if (num_digits == 1 || num_digits == 2) {
          out = format_integer_value(offset_hours, fmt, ev);
          if (offset_minutes != 0) {
            out += ":" + format_integer_value(std::floor(offset_minutes),
                                              analyse_integer_picture(U"00"), ev);
          }
        } else if (num_digits == 3 || num_digits == 4) {
          out = format_integer_value(offset, fmt, ev);
        } else {
          throw JError("D3134").with("value", Value::number(num_digits));
        }
      }
      if (offset >= 0) out = "+" + out;
      if (part.component == 'z') out = "GMT" + out;
      if (offset == 0 && part.presentation2 && *part.presentation2 == 't') out = "Z";
    } else if (part.component == 'P') {
      out = text;
      if (part.names && *part.names == LetterCase::Upper) out = to_upper(out);
    } else {
      out = value ? js_number_to_string(*value) : text;
    }
    result += out;
  }
  return result;
}

// ---- parsing ($toMillis with a picture) ----

std::string escape_regex(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (std::string_view(".*+?^${}()|[]\\").find(ch) != std::string_view::npos) out += '\\';
    out += ch;
  }
  return out;
}

struct MatchPart {
  std::string regex;
  char32_t component = 0;
  enum class Kind { None, Offset, Integer, Names } kind = Kind::None;
  IntegerFormat integer;
  std::optional<std::u32string> separator;  // offset
  std::map<std::string, double> lookup;
};

std::vector<MatchPart> generate_matchers(const std::vector<PicturePart>& parts) {
  std::vector<MatchPart> out;
  for (const PicturePart& part : parts) {
    MatchPart res;
    if (part.literal) {
      res.regex = escape_regex(part.value);
    } else if (part.component == 'Z' || part.component == 'z') {
      res.kind = MatchPart::Kind::Offset;
      if (part.integer_format->regular)
        res.separator = part.integer_format->regular_separator.character;
      if (part.component == 'z') res.regex = "GMT";
      res.regex += "[-+][0-9]+";
      if (res.separator) res.regex += escape_regex(from_u32(*res.separator)) + "[0-9]+";
    } else if (part.integer_format) {
      res.kind = MatchPart::Kind::Integer;
      IntegerFormat fmt = *part.integer_format;
      fmt.has_n = part.has_n;
      fmt.n = to_int(part.n);
      IntegerMatcher m = integer_matcher(fmt);
      res.regex = m.regex;
      res.integer = fmt;
    } else {
      res.kind = MatchPart::Kind::Names;
      res.regex = "[a-zA-Z]+";
      auto truncate = [&](const std::string& name) {
        if (part.width && part.width->max && *part.width->max > 0) {
          return name.substr(0, to_size(*part.width->max));
        }
        return name;
      };
      if (part.component == 'M' || part.component == 'x') {
        for (int i = 0; i < 12; ++i) res.lookup[truncate(kMonths[i])] = i + 1;
      } else if (part.component == 'F') {
        for (int i = 1; i < 8; ++i) res.lookup[truncate(kDays[i])] = i;
      } else if (part.component == 'P') {
        res.lookup = {{"am", 0}, {"AM", 0}, {"pm", 1}, {"PM", 1}};
      } else {
        std::string comp;
        append_utf8(comp, part.component);
        throw JError("D3133").with("value", Value::string(comp));
      }
    }
    res.component = part.component;
    out.push_back(std::move(res));
  }
  return out;
}

std::optional<double> parse_part(const MatchPart& part, const std::string& value) {
  switch (part.kind) {
    case MatchPart::Kind::Offset: {
      std::u32string v = to_u32(value);
      if (part.component == 'z') v = v.substr(3);
      double hours = 0;
      double minutes = 0;
      if (part.separator) {
        std::size_t at = v.find(*part.separator);
        hours = parse_int(v.substr(0, at)).value_or(std::nan(""));
        minutes =
            parse_int(at == std::u32string::npos ? U"" : v.substr(at + part.separator->size()))
                .value_or(std::nan(""));
      } else {
        std::size_t digits = v.size() - 1;
        if (digits <= 2) {
          hours = parse_int(v).value_or(std::nan(""));
        } else {
          hours = parse_int(v.substr(0, 3)).value_or(std::nan(""));
          minutes = parse_int(v.substr(3)).value_or(std::nan(""));
        }
      }
      return hours * 60 + minutes;
    }
    case MatchPart::Kind::Integer:
      return parse_integer_text(value, part.integer);
    case MatchPart::Kind::Names: {
      auto it = part.lookup.find(value);
      if (it == part.lookup.end()) return std::nullopt;
      return it->second;
    }
    default:
      return std::nullopt;
  }
}

std::optional<double> parse_datetime(Call& c, const std::string& timestamp,
                                     const std::string& picture) {
  std::vector<PicturePart> spec = analyse_datetime_picture(to_u32(picture));
  std::vector<MatchPart> parts = generate_matchers(spec);
  std::string full = "^";
  for (const auto& p : parts) full += "(" + p.regex + ")";
  full += "$";
  std::string error;
  auto re = compile_regex(full, "i", error);
  if (!re) return std::nullopt;
  RegexMatch m;
  long long budget = 10'000'000;
  if (!regex_search(*re, timestamp, 0, m, budget)) return std::nullopt;

  std::map<char32_t, std::optional<double>> components;  // present key = specified
  for (std::size_t i = 0; i < parts.size() && i < m.groups.size(); ++i) {
    const MatchPart& p = parts[i];
    if (p.kind == MatchPart::Kind::None) continue;
    auto [gs, ge] = m.groups[i];
    std::string text = gs == kNoGroup ? std::string() : timestamp.substr(gs, ge - gs);
    components[p.component] = parse_part(p, text);
  }
  if (components.empty()) return std::nullopt;
  auto defined = [&](char32_t k) {
    auto it = components.find(k);
    return it != components.end() && it->second.has_value();
  };
  int mask = 0;
  auto shift = [&](bool bit) { mask = (mask << 1) + (bit ? 1 : 0); };
  // JS tests truthiness: a component parsed as 0 counts as absent here
  auto truthy = [&](char32_t k) {
    auto it = components.find(k);
    return it != components.end() && it->second && *it->second != 0 && !std::isnan(*it->second);
  };
  for (char32_t p : std::u32string(U"YXMxWwdD")) shift(truthy(p));
  auto is_type = [&](int type) { return !(~type & mask) && (type & mask); };
  bool date_a = is_type(161);
  bool date_b = !date_a && is_type(130);
  bool date_c = is_type(84);
  bool date_d = !date_c && is_type(72);
  mask = 0;
  for (char32_t p : std::u32string(U"PHhmsf")) shift(truthy(p));
  bool time_a = is_type(23);
  bool time_b = !time_a && is_type(47);
  std::u32string comps = std::u32string(date_b   ? U"YD"
                                        : date_c ? U"XxwF"
                                        : date_d ? U"XWF"
                                                 : U"YMD") +
                         (time_b ? U"Phmsf" : U"Hmsf");
  CivilTime now = civil_from_time(static_cast<double>(c.ev.now_millis()));
  bool start_specified = false;
  bool end_specified = false;
  for (char32_t part : comps) {
    if (!defined(part)) {
      if (start_specified) {
        components[part] = in("MDd", part) ? 1.0 : 0.0;
        end_specified = true;
      } else {
        std::string ignored;
        components[part] = fragment(static_cast<double>(c.ev.now_millis()), now, part, ignored);
      }
    } else {
      start_specified = true;
      if (end_specified) throw JError("D3136");
    }
  }
  auto get = [&](char32_t k) {
    auto it = components.find(k);
    return (it != components.end() && it->second) ? *it->second : std::nan("");
  };
  double month = get('M');
  month = month > 0 ? month - 1 : 0;
  double day = get('D');
  if (date_b) {
    double first = date_utc(get('Y'), 0);
    CivilTime derived = civil_from_time(first + (get('d') - 1) * kMsPerDay);
    month = derived.month;
    day = derived.day;
  }
  if (date_c || date_d) throw JError("D3136");
  double hours = get('H');
  if (time_b) {
    double h = get('h');
    hours = h == 12 ? 0 : h;
    if (get('P') == 1) hours += 12;
  }
  double millis = date_utc(get('Y'), month, day, hours, get('m'), get('s'), get('f'));
  double offset = 0;
  if (truthy('Z')) {
    offset = get('Z');
  } else if (truthy('z')) {
    offset = get('z');
  }
  if (offset != 0) millis -= offset * 60 * 1000;
  return millis;
}

// Date.parse for the forms jsonata's ISO 8601 check lets through.
double parse_iso(const std::string& s) {
  auto digits = [&](std::size_t at, std::size_t n, int& out) {
    if (at + n > s.size()) return false;
    out = 0;
    for (std::size_t i = 0; i < n; ++i) {
      char ch = s[at + i];
      if (ch < '0' || ch > '9') return false;
      out = out * 10 + (ch - '0');
    }
    return true;
  };
  std::size_t p = 0;
  int year = 0, month = 1, day = 1, hh = 0, mm = 0, ss = 0;
  double ms = 0;
  if (!digits(0, 4, year)) return std::nan("");
  p = 4;
  if (p < s.size() && s[p] == '-') {
    if (!digits(p + 1, 2, month)) return std::nan("");
    p += 3;
    if (p < s.size() && s[p] == '-') {
      if (!digits(p + 1, 2, day)) return std::nan("");
      p += 3;
    }
  }
  bool has_time = false;
  if (p < s.size() && s[p] == 'T') {
    if (!digits(p + 1, 2, hh) || s[p + 3] != ':' || !digits(p + 4, 2, mm) || s[p + 6] != ':' ||
        !digits(p + 7, 2, ss)) {
      return std::nan("");
    }
    has_time = true;
    p += 9;
    if (p < s.size() && s[p] == '.') {
      ++p;
      std::size_t start = p;
      std::string frac;
      while (p < s.size() && s[p] >= '0' && s[p] <= '9') frac += s[p++];
      if (p == start) return std::nan("");
      frac = frac.substr(0, 3);
      while (frac.size() < 3) frac += '0';
      ms = std::atoi(frac.c_str());
    }
  }
  double offset_min = 0;
  if (p < s.size()) {
    if (!has_time) return std::nan("");
    if (s[p] == 'Z') {
      ++p;
    } else if (s[p] == '+' || s[p] == '-') {
      int sign = s[p] == '-' ? -1 : 1;
      int oh = 0, om = 0;
      if (!digits(p + 1, 2, oh)) return std::nan("");
      std::size_t q = p + 3;
      if (q < s.size() && s[q] == ':') ++q;
      if (!digits(q, 2, om)) return std::nan("");
      p = q + 2;
      offset_min = sign * (oh * 60 + om);
    }
  }
  if (p != s.size()) return std::nan("");
  if (month < 1 || month > 12 || day < 1 || day > 31 || hh > 24 || mm > 59 || ss > 59)
    return std::nan("");
  if (hh == 24 && (mm != 0 || ss != 0 || ms != 0)) return std::nan("");
  double days_in_year_start = date_utc(year, month - 1, day, hh, mm, ss, ms);
  if (year >= 0 && year <= 99) {
    // Date.UTC maps two-digit years to 19xx; ISO strings do not
    days_in_year_start =
        date_utc(year + 400, month - 1, day, hh, mm, ss, ms) - 146097.0 * kMsPerDay;
  }
  return days_in_year_start - offset_min * 60000;
}

bool matches_iso_shape(const std::string& s) {
  static const auto kIso = [] {
    std::string err;
    return compile_regex(
        "^\\d{4}(-[01]\\d)*(-[0-3]\\d)*(T[0-2]\\d:[0-5]\\d:[0-5]\\d)*(\\.\\d+)?([+-][0-2]\\d:?[0-5]"
        "\\d|Z)?$",
        "", err);
  }();
  RegexMatch m;
  long long budget = 1'000'000;
  return regex_search(*kIso, s, 0, m, budget);
}

std::optional<std::string> opt_string(const Value& v) {
  if (v.is_string()) return v.as_string();
  return std::nullopt;
}

}  // namespace

Value fromMillis(Call& c) {
  const Value& v = c.arg(0);
  if (v.is_undefined()) return Value();
  return Value::string(
      format_datetime(c.ev, v.as_number(), opt_string(c.arg(1)), opt_string(c.arg(2))));
}

Value toMillis(Call& c) {
  const Value& v = c.arg(0);
  if (v.is_undefined()) return Value();
  const std::string& ts = v.as_string();
  if (!c.arg(1).is_string()) {
    if (!matches_iso_shape(ts)) throw JError("D3110").with("value", v);
    return Value::number(parse_iso(ts));
  }
  auto r = parse_datetime(c, ts, c.arg(1).as_string());
  return r ? Value::number(*r) : Value();
}

Value now(Call& c) {
  return Value::string(format_datetime(c.ev, static_cast<double>(c.ev.now_millis()),
                                       opt_string(c.arg(0)), opt_string(c.arg(1))));
}

Value millis(Call& c) { return Value::number(static_cast<double>(c.ev.now_millis())); }

}  // namespace sfn::jsonata::fn
