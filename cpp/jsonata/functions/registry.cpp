// The table of built-ins: name, implementation, signature, and the arity jsonata-js's
// implementation declares (higher-order functions pass that many arguments to callbacks).
#include <map>
#include <unordered_map>

#include "jsonata/functions/builtins.h"
#include "jsonata/signature.h"

namespace sfn::jsonata {

namespace {

const Builtin kStandard[] = {
    {"sum", fn::sum, "<a<n>:n>", 1},
    {"count", fn::count, "<a:n>", 1},
    {"max", fn::max, "<a<n>:n>", 1},
    {"min", fn::min, "<a<n>:n>", 1},
    {"average", fn::average, "<a<n>:n>", 1},
    {"string", fn::string, "<x-b?:s>", 1},
    {"substring", fn::substring, "<s-nn?:s>", 3},
    {"substringBefore", fn::substringBefore, "<s-s:s>", 2},
    {"substringAfter", fn::substringAfter, "<s-s:s>", 2},
    {"lowercase", fn::lowercase, "<s-:s>", 1},
    {"uppercase", fn::uppercase, "<s-:s>", 1},
    {"length", fn::length, "<s-:n>", 1},
    {"trim", fn::trim, "<s-:s>", 1},
    {"pad", fn::pad, "<s-ns?:s>", 3},
    {"match", fn::match, "<s-f<s:o>n?:a<o>>", 3},
    {"contains", fn::contains, "<s-(sf):b>", 2},
    {"replace", fn::replace, "<s-(sf)(sf)n?:s>", 4},
    {"split", fn::split, "<s-(sf)n?:a<s>>", 3},
    {"join", fn::join, "<a<s>s?:s>", 2},
    {"formatNumber", fn::formatNumber, "<n-so?:s>", 3},
    {"formatBase", fn::formatBase, "<n-n?:s>", 2},
    {"formatInteger", fn::formatInteger, "<n-s:s>", 2},
    {"parseInteger", fn::parseInteger, "<s-s:n>", 2},
    {"number", fn::number, "<(nsb)-:n>", 1},
    {"floor", fn::floor, "<n-:n>", 1},
    {"ceil", fn::ceil, "<n-:n>", 1},
    {"round", fn::round, "<n-n?:n>", 2},
    {"abs", fn::abs, "<n-:n>", 1},
    {"sqrt", fn::sqrt, "<n-:n>", 1},
    {"power", fn::power, "<n-n:n>", 2},
    {"random", fn::random, "<:n>", 0},
    {"boolean", fn::boolean, "<x-:b>", 1},
    {"not", fn::not_, "<x-:b>", 1},
    {"map", fn::map, "<af>", 2},
    {"zip", fn::zip, "<a+>", 0},
    {"filter", fn::filter, "<af>", 2},
    {"single", fn::single, "<af?>", 2},
    {"reduce", fn::reduce, "<afj?:j>", 3},
    {"sift", fn::sift, "<o-f?:o>", 2},
    {"keys", fn::keys, "<x-:a<s>>", 1},
    {"lookup", fn::lookup, "<x-s:x>", 2},
    {"append", fn::append, "<xx:a>", 2},
    {"exists", fn::exists, "<x:b>", 1},
    {"spread", fn::spread, "<x-:a<o>>", 1},
    {"merge", fn::merge, "<a<o>:o>", 1},
    {"reverse", fn::reverse, "<a:a>", 1},
    {"each", fn::each, "<o-f:a>", 2},
    {"error", fn::error, "<s?:x>", 1},
    {"assert", fn::assert_, "<bs?:x>", 2},
    {"type", fn::type, "<x:s>", 1},
    {"sort", fn::sort, "<af?:a>", 2},
    {"shuffle", fn::shuffle, "<a:a>", 1},
    {"distinct", fn::distinct, "<x:x>", 1},
    {"base64encode", fn::base64encode, "<s-:s>", 1},
    {"base64decode", fn::base64decode, "<s-:s>", 1},
    {"encodeUrlComponent", fn::encodeUrlComponent, "<s-:s>", 1},
    {"encodeUrl", fn::encodeUrl, "<s-:s>", 1},
    {"decodeUrlComponent", fn::decodeUrlComponent, "<s-:s>", 1},
    {"decodeUrl", fn::decodeUrl, "<s-:s>", 1},
    {"toMillis", fn::toMillis, "<s-s?:n>", 2},
    {"fromMillis", fn::fromMillis, "<n-s?s?:s>", 3},
    {"clone", fn::clone, "<(oa)-:o>", 1},
    {"now", fn::now, "<s?s?:s>", 2},
    {"millis", fn::millis, "<:n>", 0},
};

const Builtin kEval = {"eval", fn::eval, "<sx?:x>", 2};

// Step Functions' additions (and its seedable $random).
const Builtin kAws[] = {
    // One optional slot more than documented: AWS names a surplus argument in a T0410 of its
    // own, which the functions raise themselves (type checks included).
    {"partition", fn::aws_partition, "<x?x?x?:x>", 2},
    {"range", fn::aws_range, "<x?x?x?x?:x>", 3},
    {"hash", fn::aws_hash, "<x?x?x?:x>", 2},
    {"random", fn::aws_random, "<x?x?:x>", 1},
    {"uuid", fn::aws_uuid, "<x?:x>", 0},
    {"parse", fn::aws_parse, "<x?x?:x>", 1},
};

}  // namespace

const Builtin* find_builtin(std::string_view name, bool aws_dialect) {
  using Table = std::unordered_map<std::string_view, const Builtin*>;
  static const Table kPlain = [] {
    Table t;
    for (const Builtin& b : kStandard) t.emplace(b.name, &b);
    t.emplace(kEval.name, &kEval);
    return t;
  }();
  static const Table kDialect = [] {
    Table t;
    for (const Builtin& b : kStandard) t.emplace(b.name, &b);
    for (const Builtin& b : kAws) t[b.name] = &b;
    return t;
  }();
  const Table& table = aws_dialect ? kDialect : kPlain;
  auto it = table.find(name);
  return it == table.end() ? nullptr : it->second;
}

std::shared_ptr<const Signature> builtin_signature(const Builtin& b) {
  // Every signature is parsed once, on first use, into an immutable table.
  static const auto kTable = [] {
    std::map<const Builtin*, std::shared_ptr<const Signature>> t;
    for (const Builtin& x : kStandard) t.emplace(&x, parse_signature(x.signature));
    for (const Builtin& x : kAws) t.emplace(&x, parse_signature(x.signature));
    t.emplace(&kEval, parse_signature(kEval.signature));
    return t;
  }();
  auto it = kTable.find(&b);
  return it == kTable.end() ? nullptr : it->second;
}

}  // namespace sfn::jsonata
