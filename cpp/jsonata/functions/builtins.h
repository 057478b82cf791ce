// The built-in function library, one family per file. Each takes its arguments already checked
// against its signature (jsonata-js's registration in jsonata.js).
#pragma once

#include "jsonata/evaluator.h"

namespace sfn::jsonata::fn {

// clang-format re-wraps an X-macro list differently from one run to the next.
// clang-format off
#define SFN_JSONATA_BUILTINS(X)                                                                    \
  X(sum) X(count) X(max) X(min) X(average) X(string) X(substring) X(substringBefore)               \
  X(substringAfter) X(lowercase) X(uppercase) X(length) X(trim) X(pad) X(match) X(contains)        \
  X(replace) X(split) X(join) X(formatNumber) X(formatBase) X(formatInteger) X(parseInteger)       \
  X(number) X(floor) X(ceil) X(round) X(abs) X(sqrt) X(power) X(random) X(boolean) X(not_)         \
  X(exists) X(map) X(zip) X(filter) X(single) X(reduce) X(sift) X(each) X(keys) X(lookup)          \
  X(append) X(spread) X(merge) X(reverse) X(error) X(assert_) X(type) X(sort) X(shuffle)           \
  X(distinct) X(clone) X(base64encode) X(base64decode) X(encodeUrlComponent) X(encodeUrl)          \
  X(decodeUrlComponent) X(decodeUrl) X(eval) X(toMillis) X(fromMillis) X(now) X(millis)            \
  X(aws_partition) X(aws_range) X(aws_hash) X(aws_random) X(aws_uuid) X(aws_parse)
// clang-format on

#define SFN_JSONATA_DECLARE(name) Value name(Call& c);
SFN_JSONATA_BUILTINS(SFN_JSONATA_DECLARE)
#undef SFN_JSONATA_DECLARE

// Shared by several families.
Value sort_array(Call& c, const Value& arr, const Value& comparator);
double round_half_even(double value, int precision);

}  // namespace sfn::jsonata::fn
