#include "engine/timestamp.h"

#include <cstdio>
#include <ctime>

namespace sfn::engine {

namespace {

// Days from 1970-01-01 to the given civil date (Howard Hinnant's algorithm).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

struct Cursor {
  std::string_view s;
  std::size_t i = 0;
  bool digits(int n, int& out) {
    out = 0;
    for (int k = 0; k < n; ++k) {
      if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i++] - '0');
    }
    return true;
  }
  bool lit(char c) {
    if (i < s.size() && s[i] == c) {
      ++i;
      return true;
    }
    return false;
  }
};

struct Parsed {
  std::int64_t seconds;  // since epoch, UTC
  long double fraction;  // [0, 1)
};

std::optional<Parsed> parse(std::string_view text) {
  Cursor c{text};
  int year, month, day, hour, minute, second;
  if (!c.digits(4, year) || !c.lit('-') || !c.digits(2, month) || !c.lit('-') ||
      !c.digits(2, day) || !(c.lit('T'))) {
    return std::nullopt;
  }
  if (!c.digits(2, hour) || !c.lit(':') || !c.digits(2, minute) || !c.lit(':') ||
      !c.digits(2, second)) {
    return std::nullopt;
  }
  long double fraction = 0;
  if (c.lit('.')) {
    long double scale = 0.1L;
    std::size_t start = c.i;
    while (c.i < text.size() && text[c.i] >= '0' && text[c.i] <= '9') {
      fraction += (text[c.i] - '0') * scale;
      scale /= 10;
      ++c.i;
    }
    if (c.i == start) return std::nullopt;
  }
  int offset_minutes = 0;
  if (c.lit('Z') || c.lit('z')) {
  } else if (c.i < text.size() && (text[c.i] == '+' || text[c.i] == '-')) {
    int sign = text[c.i++] == '-' ? -1 : 1;
    int oh, om;
    if (!c.digits(2, oh) || !c.lit(':') || !c.digits(2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_minutes = sign * (oh * 60 + om);
  } else {
    return std::nullopt;
  }
  if (c.i != text.size()) return std::nullopt;
  if (month < 1 || month > 12 || day < 1 ||
      static_cast<unsigned>(day) > days_in_month(year, static_cast<unsigned>(month)) || hour > 23 ||
      minute > 59 || second > 59) {
    return std::nullopt;
  }
  std::int64_t days =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  std::int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
  return Parsed{secs, fraction};
}

}  // namespace

std::optional<std::int64_t> parse_timestamp(std::string_view text) {
  auto p = parse(text);
  if (!p) return std::nullopt;
  return p->seconds * 1000 + static_cast<std::int64_t>(p->fraction * 1000);
}

std::optional<long double> parse_timestamp_precise(std::string_view text) {
  auto p = parse(text);
  if (!p) return std::nullopt;
  return static_cast<long double>(p->seconds) + p->fraction;
}

std::string format_timestamp(std::int64_t epoch_ms) {
  std::int64_t secs = epoch_ms >= 0 ? epoch_ms / 1000 : (epoch_ms - 999) / 1000;
  int ms = static_cast<int>(epoch_ms - secs * 1000);
  std::int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  std::int64_t rem = secs - days * 86400;
  // civil_from_days (Howard Hinnant)
  std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<long long>(y),
                m, d, static_cast<int>(rem / 3600), static_cast<int>(rem % 3600 / 60),
                static_cast<int>(rem % 60), ms);
  return buf;
}

std::string format_http_date(std::int64_t epoch_ms) {
  std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  // English names whatever the process's locale (strftime's %a and %b follow LC_TIME, which a
  // Python program may have set).
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday],
                        tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                        tm.tm_sec);
  return std::string(buf, static_cast<std::size_t>(n));
}

}  // namespace sfn::engine
