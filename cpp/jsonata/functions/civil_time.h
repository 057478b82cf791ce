// JavaScript Date arithmetic in UTC (Date.UTC and the getUTC* accessors) without the C library's
// time zone machinery.
#pragma once

#include <cstdint>

namespace sfn::jsonata {

struct CivilTime {
  bool valid = false;
  double year = 0;
  int month = 0;  // 0-11
  int day = 1;    // 1-31
  int hours = 0;
  int minutes = 0;
  int seconds = 0;
  int millis = 0;
  int weekday = 0;  // 0 = Sunday
};

// Date.UTC(year, month, day, h, m, s, ms) with JS's overflow normalisation and 0..99 year rule.
double date_utc(double year, double month, double day = 1, double h = 0, double m = 0, double s = 0,
                double ms = 0);
// new Date(t) followed by the getUTC* accessors; invalid when t is not a valid time value.
CivilTime civil_from_time(double t);

}  // namespace sfn::jsonata
