#include "jsonata/functions/civil_time.h"

#include <cmath>
#include <initializer_list>

namespace sfn::jsonata {

namespace {

constexpr double kCivilMsPerDay = 86400000.0;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
double days_from_civil(double y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  double era = std::floor(y / 400);
  double yoe = y - era * 400;
  int mp = (m + 9) % 12;
  double doy = std::floor((153 * mp + 2) / 5) + d - 1;
  double doe = yoe * 365 + std::floor(yoe / 4) - std::floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(double z, double& y, int& m, int& d) {
  z += 719468;
  double era = std::floor(z / 146097);
  double doe = z - era * 146097;
  double yoe = std::floor(
      (doe - std::floor(doe / 1460) + std::floor(doe / 36524) - std::floor(doe / 146096)) / 365);
  y = yoe + era * 400;
  double doy = doe - (365 * yoe + std::floor(yoe / 4) - std::floor(yoe / 100));
  double mp = std::floor((5 * doy + 2) / 153);
  d = static_cast<int>(doy - std::floor((153 * mp + 2) / 5) + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  if (m <= 2) y += 1;
}

double to_integer(double v) { return std::isfinite(v) ? std::trunc(v) : v; }

}  // namespace

double date_utc(double year, double month, double day, double h, double m, double s, double ms) {
  for (double v : {year, month, day, h, m, s, ms})
    if (!std::isfinite(v)) return std::nan("");
  double y = to_integer(year);
  if (y >= 0 && y <= 99) y += 1900;
  double mo = to_integer(month);
  y += std::floor(mo / 12);
  double mn = std::fmod(mo, 12);
  if (mn < 0) mn += 12;
  double days = days_from_civil(y, static_cast<int>(mn) + 1, 1) + to_integer(day) - 1;
  double t = days * kCivilMsPerDay + to_integer(h) * 3600000.0 + to_integer(m) * 60000.0 +
             to_integer(s) * 1000.0 + to_integer(ms);
  if (std::fabs(t) > 8.64e15) return std::nan("");
  return t;
}

CivilTime civil_from_time(double t) {
  CivilTime c;
  if (!std::isfinite(t)) return c;
  t = std::trunc(t);
  if (std::fabs(t) > 8.64e15) return c;
  double days = std::floor(t / kCivilMsPerDay);
  double ms = t - days * kCivilMsPerDay;
  civil_from_days(days, c.year, c.month, c.day);
  c.month -= 1;
  auto msi = static_cast<long long>(ms);
  c.hours = static_cast<int>(msi / 3600000);
  c.minutes = static_cast<int>((msi / 60000) % 60);
  c.seconds = static_cast<int>((msi / 1000) % 60);
  c.millis = static_cast<int>(msi % 1000);
  double wd = std::fmod(days + 4, 7);
  if (wd < 0) wd += 7;
  c.weekday = static_cast<int>(wd);
  c.valid = true;
  return c;
}

}  // namespace sfn::jsonata
