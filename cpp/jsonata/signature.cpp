#include "jsonata/signature.h"

#include "jsonata/error.h"

namespace sfn::jsonata {

namespace {

std::size_t closing(std::string_view s, std::size_t start, char open, char close) {
  int depth = 1;
  std::size_t pos = start;
  while (pos < s.size()) {
    ++pos;
    if (pos >= s.size()) break;
    if (s[pos] == close) {
      if (--depth == 0) break;
    } else if (s[pos] == open) {
      ++depth;
    }
  }
  return pos;
}

// Backtracking match of the supplied symbols against the parameter list, with the priorities
// of the JS regex jsonata-js builds (greedy quantifiers). `spans` receives each parameter's
// [begin, end) in `sig`. With `anchored_end` false, the first (highest-priority) prefix match
// wins, as String.match with a pattern lacking `$` would.
bool match_params(const std::vector<SigParam>& params, std::size_t upto, std::string_view sig,
                  std::size_t pi, std::size_t si, bool anchored_end,
                  std::vector<std::pair<std::size_t, std::size_t>>& spans, std::size_t& end) {
  if (pi == upto) {
    if (anchored_end && si != sig.size()) return false;
    end = si;
    return true;
  }
  const SigParam& p = params[pi];
  auto accepts = [&](std::size_t i) {
    return i < sig.size() && p.allowed.find(sig[i]) != std::string::npos;
  };
  std::size_t max_take = 0;
  while (accepts(si + max_take)) ++max_take;
  std::size_t min_take = 1;
  std::size_t top = 1;
  if (p.quantifier == '?') {
    min_take = 0;
  } else if (p.quantifier == '+') {
    top = max_take;
  }
  if (top > max_take) top = max_take;
  for (std::size_t take = top + 1; take-- > min_take;) {
    if (take > max_take) continue;
    spans[pi] = {si, si + take};
    if (match_params(params, upto, sig, pi + 1, si + take, anchored_end, spans, end)) return true;
    if (take == 0) break;
  }
  return false;
}

const char* plural(const std::string& subtype) {
  if (subtype == "a") return "arrays";
  if (subtype == "b") return "booleans";
  if (subtype == "f") return "functions";
  if (subtype == "n") return "numbers";
  if (subtype == "o") return "objects";
  if (subtype == "s") return "strings";
  return nullptr;
}

}  // namespace

char type_symbol(const Value& v) {
  switch (v.kind()) {
    case Kind::Function:
      return 'f';
    case Kind::String:
      return 's';
    case Kind::Number:
      return 'n';
    case Kind::Boolean:
      return 'b';
    case Kind::Null:
      return 'l';
    case Kind::Array:
      return 'a';
    case Kind::Object:
      return 'o';
    default:
      return 'm';
  }
}

std::shared_ptr<const Signature> parse_signature(std::string_view s) {
  auto sig = std::make_shared<Signature>();
  sig->definition = std::string(s);
  SigParam param;
  SigParam* prev = nullptr;
  auto next = [&]() {
    sig->params.push_back(param);
    prev = &sig->params.back();
    param = SigParam{};
  };
  std::size_t pos = 1;
  while (pos < s.size()) {
    char c = s[pos];
    if (c == ':') break;
    switch (c) {
      case 's':
      case 'n':
      case 'b':
      case 'l':
      case 'o':
        param.allowed = std::string(1, c) + "m";
        param.type = std::string(1, c);
        next();
        break;
      case 'a':
        param.allowed = "asnblfom";
        param.type = "a";
        next();
        break;
      case 'f':
        param.allowed = "f";
        param.type = "f";
        next();
        break;
      case 'j':
        param.allowed = "asnblom";
        param.type = "j";
        next();
        break;
      case 'x':
        param.allowed = "asnblfom";
        param.type = "x";
        next();
        break;
      case '-':
        if (prev) {
          prev->context = true;
          prev->context_allowed = prev->allowed;
          prev->quantifier = '?';
        }
        break;
      case '?':
      case '+':
        if (prev) prev->quantifier = c;
        break;
      case '(': {
        std::size_t end = closing(s, pos, '(', ')');
        std::string choice(s.substr(pos + 1, end - pos - 1));
        if (choice.find('<') != std::string::npos) {
          throw JError("S0402").at(static_cast<int>(pos)).with("value", Value::string(choice));
        }
        param.allowed = choice + "m";
        param.type = "(" + choice + ")";
        pos = end;
        next();
        break;
      }
      case '<': {
        if (prev && (prev->type == "a" || prev->type == "f")) {
          std::size_t end = closing(s, pos, '<', '>');
          prev->subtype = std::string(s.substr(pos + 1, end - pos - 1));
          pos = end;
        } else {
          throw JError("S0401")
              .at(static_cast<int>(pos))
              .with("value", Value::string(prev ? prev->type : ""));
        }
        break;
      }
      default:
        break;
    }
    ++pos;
  }
  return sig;
}

std::vector<Value> validate_arguments(const Signature& sig, const std::vector<Value>& args,
                                      const Value& context) {
  std::string supplied;
  supplied.reserve(args.size());
  for (const Value& a : args) supplied.push_back(type_symbol(a));
  const auto& params = sig.params;
  std::vector<std::pair<std::size_t, std::size_t>> spans(params.size());
  std::size_t end = 0;
  if (!match_params(params, params.size(), supplied, 0, 0, true, spans, end)) {
    // Find the first parameter at which the prefix stops matching.
    std::size_t good_to = 0;
    for (std::size_t i = 0; i < params.size(); ++i) {
      std::vector<std::pair<std::size_t, std::size_t>> part(params.size());
      std::size_t pend = 0;
      if (!match_params(params, i + 1, supplied, 0, 0, false, part, pend)) break;
      good_to = pend;
    }
    throw JError("T0410")
        .with("value", good_to < args.size() ? args[good_to] : Value())
        .with("index", Value::number(static_cast<double>(good_to + 1)));
  }
  std::vector<Value> out;
  out.reserve(params.size());
  std::size_t arg_index = 0;
  auto arg_at = [&](std::size_t i) { return i < args.size() ? args[i] : Value(); };
  for (std::size_t pi = 0; pi < params.size(); ++pi) {
    const SigParam& p = params[pi];
    auto [b, e] = spans[pi];
    if (b == e) {
      if (p.context) {
        char ctype = type_symbol(context);
        if (p.context_allowed.find(ctype) != std::string::npos) {
          out.push_back(context);
        } else {
          throw JError("T0411")
              .with("value", context)
              .with("index", Value::number(static_cast<double>(arg_index + 1)));
        }
      } else {
        out.push_back(arg_at(arg_index));
        ++arg_index;
      }
      continue;
    }
    std::string_view match(supplied.data() + b, e - b);
    for (char single : match) {
      Value arg = arg_at(arg_index);
      if (p.type == "a") {
        if (single == 'm') {
          arg = Value();
        } else {
          bool ok = true;
          if (!p.subtype.empty()) {
            if (single != 'a' && match != p.subtype) {
              ok = false;
            } else if (single == 'a') {
              const Array& arr = arg.as_array();
              if (!arr.empty()) {
                char item_type = type_symbol(arr[0]);
                if (item_type != p.subtype[0]) {
                  ok = false;
                } else {
                  for (const Value& v : arr.items)
                    if (type_symbol(v) != item_type) ok = false;
                }
              }
            }
          }
          if (!ok) {
            const char* pl = plural(p.subtype);
            throw JError("T0412")
                .with("value", arg)
                .with("index", Value::number(static_cast<double>(arg_index + 1)))
                .with("type", pl ? Value::string(pl) : Value());
          }
          if (single != 'a') {
            auto wrapped = make_array();
            wrapped->push(arg);
            arg = Value::array(wrapped);
          }
        }
      }
      out.push_back(std::move(arg));
      ++arg_index;
    }
  }
  return out;
}

}  // namespace sfn::jsonata
