// Jayway's filter language (FilterCompiler, ValueNode(s), EvaluatorFactory, 2.10), ported with its
// Java semantics, because they decide which items a filter keeps:
//  - values compare through Java's equals(): a number equals a string when the string parses to
//    the same BigDecimal ("1" == 1), but a string only equals a number if it is the number's
//    BigDecimal text ("1.0" != 1); booleans and nulls only equal their own kind;
//  - `<` `>` compare numbers as BigDecimal and strings by UTF-16 code units, anything else: false;
//  - a path that finds nothing is "undefined", which nothing equals; a JSON literal is kept as
//    its text, so `[1] == @.list` is never true while `@.list == [1]` can be;
//  - an evaluator that meets the wrong kind of value throws InvalidPathException, which makes
//    the whole filter reject the item.
#include "path/filter.h"

#include <cmath>
#include <optional>
#include <utility>
#include <vector>

#include "common/stack.h"
#include "common/utf.h"
#include "path/char_index.h"
#include "path/compiler.h"
#include "path/evaluate.h"
#include "path/java_decimal.h"
#include "path/java_error.h"
#include "path/java_regex.h"
#include "path/java_text.h"
#include "path/smart_json.h"

namespace sfn::path::detail {

namespace {

enum class Kind : unsigned char {
  Pattern,
  Path,
  Number,
  String,
  Boolean,
  JsonNode,
  Null,
  Undefined,
  ValueList,
};

enum class RelOp : unsigned char {
  GTE,
  LTE,
  EQ,
  TSEQ,
  NE,
  TSNE,
  LT,
  GT,
  REGEX,
  NIN,
  IN,
  CONTAINS,
  ALL,
  SIZE,
  EXISTS,
  TYPE,
  MATCHES,
  EMPTY,
  SUBSETOF,
  ANYOF,
  NONEOF,
};

// A value as written in the filter: a literal, or a path to evaluate against the item/root.
struct Operand {
  Kind kind = Kind::Null;
  Decimal number;
  std::string string;
  bool boolean = false;
  std::string json_text;            // JsonNode: the literal as written
  std::optional<Json> json_parsed;  // ... and as json-smart parses it (nullopt: it can't)
  std::shared_ptr<const Regex> regex;
  std::shared_ptr<const Program> path;
  bool exists_check = false;
  bool should_exist = true;
};

// A value during evaluation (Jayway's ValueNode after PathNode.evaluate).
struct Value {
  Kind kind = Kind::Undefined;
  Decimal number;
  bool nan = false;  // NumberNode.NAN: a string that is not a number
  std::string string;
  bool boolean = false;
  const Regex* regex = nullptr;
  // JsonNode: either a literal (Java keeps its text, in `string`) or a parsed array/object.
  bool json_literal = false;
  const Json* json = nullptr;
  std::shared_ptr<const Json> json_hold;
  std::vector<Value> list;  // ValueList
};

struct Expr {
  enum Type : unsigned char { Relational, And, Or, Not } type = Relational;
  std::vector<Expr> kids;
  Operand left;
  RelOp op = RelOp::EXISTS;
  Operand right;
};

}  // namespace

struct Filter {
  Expr root;
};

namespace {

std::string utf8(std::u16string_view s) { return utf::to_utf8(s); }

[[noreturn]] void fail_filter(std::string message) { throw_invalid_path(std::move(message)); }

std::optional<RelOp> rel_op_from(std::u16string_view text) {
  std::string up;
  for (char16_t c : text) {
    up += (c >= u'a' && c <= u'z') ? static_cast<char>(c - 32)
                                   : (c < 0x80 ? static_cast<char>(c) : '?');
  }
  static const std::pair<const char*, RelOp> kOps[] = {
      {">=", RelOp::GTE},
      {"<=", RelOp::LTE},
      {"==", RelOp::EQ},
      {"===", RelOp::TSEQ},
      {"!=", RelOp::NE},
      {"!==", RelOp::TSNE},
      {"<", RelOp::LT},
      {">", RelOp::GT},
      {"=~", RelOp::REGEX},
      {"NIN", RelOp::NIN},
      {"IN", RelOp::IN},
      {"CONTAINS", RelOp::CONTAINS},
      {"ALL", RelOp::ALL},
      {"SIZE", RelOp::SIZE},
      {"EXISTS", RelOp::EXISTS},
      {"TYPE", RelOp::TYPE},
      {"MATCHES", RelOp::MATCHES},
      {"EMPTY", RelOp::EMPTY},
      {"SUBSETOF", RelOp::SUBSETOF},
      {"ANYOF", RelOp::ANYOF},
      {"NONEOF", RelOp::NONEOF},
  };
  for (const auto& [name, op] : kOps) {
    if (up == name) return op;
  }
  return std::nullopt;
}

bool is_relational_char(char16_t c) {
  return c == u'<' || c == u'>' || c == u'=' || c == u'~' || c == u'!';
}

bool is_number_char(char16_t c) {
  return (c >= u'0' && c <= u'9') || c == u'-' || c == u'.' || c == u'E' || c == u'e';
}

// StringNode(text, escape=true): strips matching quotes, then unescapes.
std::string string_node_text(std::u16string_view text) {
  if (text.size() > 1) {
    const char16_t open = text.front();
    const char16_t close = text.back();
    if ((open == u'\'' && close == u'\'') || (open == u'"' && close == u'"')) {
      text = text.substr(1, text.size() - 2);
    }
    return utf8(jayway_unescape(text));
  }
  return utf8(text);
}

class FilterCompiler {
 public:
  FilterCompiler(const std::u16string& criteria, const CompileOptions& options, int nesting)
      : f_(criteria), options_(options), nesting_(nesting) {
    f_.trim();
    const std::string text = utf8(criteria);
    if (!f_.current_is(u'[') || !f_.last_is(u']')) {
      fail_filter("Filter must start with '[' and end with ']'. " + text);
    }
    f_.increment(1);
    f_.decrement_end(1);
    f_.trim();
    if (!f_.current_is(u'?')) fail_filter("Filter must start with '[?' and end with ']'. " + text);
    f_.increment(1);
    f_.trim();
    if (!f_.current_is(u'(') || !f_.last_is(u')')) {
      fail_filter("Filter must start with '[?(' and end with ')]'. " + text);
    }
  }

  Expr compile() {
    try {
      Expr result = read_or();
      f_.skip_blanks();
      if (f_.in_bounds()) {
        fail_filter("Expected end of filter expression instead of: " +
                    utf8(f_.sub(f_.position(), f_.length())));
      }
      return result;
    } catch (const JavaException& e) {
      if (e.java_class == JavaClass::InvalidPath) throw;
      fail_filter("Failed to parse filter: " + utf8(f_.text()) +
                  ", error on position: " + std::to_string(f_.position()) +
                  ", char: " + utf8(std::u16string(1, f_.current())));
    }
  }

 private:
  Expr read_or() {
    std::vector<Expr> ops;
    ops.push_back(read_and());
    while (true) {
      const int save = f_.position();
      if (f_.has_significant_sub_sequence(u"||")) {
        ops.push_back(read_and());
      } else {
        f_.set_position(save);
        break;
      }
    }
    if (ops.size() == 1) return std::move(ops[0]);
    Expr e;
    e.type = Expr::Or;
    e.kids = std::move(ops);
    return e;
  }

  Expr read_and() {
    std::vector<Expr> ops;
    ops.push_back(read_and_operand());
    while (true) {
      const int save = f_.position();
      if (f_.has_significant_sub_sequence(u"&&")) {
        ops.push_back(read_and_operand());
      } else {
        f_.set_position(save);
        break;
      }
    }
    if (ops.size() == 1) return std::move(ops[0]);
    Expr e;
    e.type = Expr::And;
    e.kids = std::move(ops);
    return e;
  }

  Expr read_and_operand() {
    if (++depth_ > kMaxNesting * 4 || stack::nearly_exhausted_at(depth_))
      fail_filter("Filter nested too deeply");
    struct Leave {
      int& d;
      ~Leave() { --d; }
    } leave{depth_};
    f_.skip_blanks();
    const int save = f_.position();
    f_.skip_blanks();
    if (f_.current_is(u'!')) {
      f_.read_significant(u'!');
      f_.skip_blanks();
      const char16_t c = f_.current();
      if (c == u'$' || c == u'@') {
        f_.set_position(save);
      } else {
        Expr e;
        e.type = Expr::Not;
        e.kids.push_back(read_and_operand());
        return e;
      }
    }
    f_.skip_blanks();
    if (f_.current_is(u'(')) {
      f_.read_significant(u'(');
      Expr e = read_or();
      f_.read_significant(u')');
      return e;
    }
    return read_expression();
  }

  Expr read_expression() {
    Expr e;
    e.type = Expr::Relational;
    e.left = read_value();
    const int save = f_.position();
    try {
      const RelOp op = read_relational_operator();
      e.right = read_value();
      e.op = op;
      return e;
    } catch (const JavaException& ex) {
      if (ex.java_class != JavaClass::InvalidPath) throw;
      f_.set_position(save);
    }
    if (e.left.kind != Kind::Path) fail_filter("Expected path node");
    e.left.exists_check = true;
    e.op = RelOp::EXISTS;
    e.right = Operand{};
    e.right.kind = Kind::Boolean;
    e.right.boolean = e.left.should_exist;
    return e;
  }

  RelOp read_relational_operator() {
    f_.skip_blanks();
    const int begin = f_.position();
    if (is_relational_char(f_.current())) {
      while (f_.in_bounds() && is_relational_char(f_.current())) f_.increment(1);
    } else {
      while (f_.in_bounds() && f_.current() != u' ') f_.increment(1);
    }
    const std::u16string op = f_.sub(begin, f_.position());
    const auto parsed = rel_op_from(op);
    if (!parsed) fail_filter("Filter operator " + utf8(op) + " is not supported!");
    return *parsed;
  }

  Operand read_value() {
    f_.skip_blanks();
    switch (f_.current()) {
      case u'$':
      case u'@':
        return read_path();
      case u'!':
        f_.increment(1);
        f_.skip_blanks();
        switch (f_.current()) {
          case u'$':
          case u'@':
            return read_path();
          default:
            fail_filter("Unexpected character: !");
        }
      default:
        return read_literal();
    }
  }

  Operand read_literal() {
    f_.skip_blanks();
    switch (f_.current()) {
      case u'\'':
        return read_string(u'\'');
      case u'"':
        return read_string(u'"');
      case u't':
      case u'f':
        return read_boolean();
      case u'-':
        return read_number();
      case u'n':
        return read_null();
      case u'{':
      case u'[':
        return read_json();
      case u'/':
        return read_pattern();
      default:
        return read_number();
    }
  }

  Operand read_null() {
    if (f_.current() == u'n' && f_.in_bounds(f_.position() + 3)) {
      if (f_.sub(f_.position(), f_.position() + 4) == u"null") {
        f_.increment(4);
        return Operand{};
      }
    }
    fail_filter("Expected <null> value");
  }

  Operand read_json() {
    const int begin = f_.position();
    const char16_t open = f_.current();
    const char16_t close = open == u'[' ? u']' : u'}';
    const int closing = f_.index_of_matching_close(f_.position(), open, close, true, false);
    if (closing == -1) fail_filter("String not closed. Expected ' in " + utf8(f_.text()));
    f_.set_position(closing + 1);
    Operand o;
    o.kind = Kind::JsonNode;
    o.json_text = utf8(f_.sub(begin, f_.position()));
    o.json_parsed = parse_permissive_json(o.json_text);
    return o;
  }

  Operand read_pattern() {
    const int begin = f_.position();
    int closing = f_.next_index_of_unescaped(f_.position(), u'/');
    if (closing == -1) fail_filter("Pattern not closed. Expected / in " + utf8(f_.text()));
    if (f_.in_bounds(closing + 1)) {
      int end_flags = closing + 1;
      while (f_.in_bounds(end_flags) && regex_flag_of(f_.char_at(end_flags)) != 0) ++end_flags;
      closing = end_flags - 1;
    }
    f_.set_position(closing + 1);
    const std::u16string text = f_.sub(begin, f_.position());
    const auto first = text.find(u'/');
    const auto last = text.rfind(u'/');
    const std::u16string pattern = text.substr(first + 1, last - first - 1);
    int flags = 0;
    for (char16_t c : text.substr(last + 1)) flags |= regex_flag_of(c);
    std::u32string pattern32;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      char32_t c = pattern[i];
      if (c >= 0xD800 && c <= 0xDBFF && i + 1 < pattern.size()) {
        c = 0x10000 + ((c - 0xD800) << 10) + (pattern[++i] - 0xDC00);
      }
      pattern32 += c;
    }
    std::string error;
    auto regex = Regex::compile(pattern32, flags, error);
    if (!regex) {
      // Pattern.compile's PatternSyntaxException is not an InvalidPathException.
      throw JavaException{JavaClass::Other, error, "java.util.regex.PatternSyntaxException"};
    }
    Operand o;
    o.kind = Kind::Pattern;
    o.regex = std::make_shared<const Regex>(std::move(*regex));
    o.string = utf8(text);
    return o;
  }

  Operand read_string(char16_t end) {
    const int begin = f_.position();
    const int closing = f_.next_index_of_unescaped(f_.position(), end);
    if (closing == -1) {
      fail_filter("String literal does not have matching quotes. Expected " +
                  utf8(std::u16string(1, end)) + " in " + utf8(f_.text()));
    }
    f_.set_position(closing + 1);
    Operand o;
    o.kind = Kind::String;
    o.string = string_node_text(f_.sub(begin, f_.position()));
    return o;
  }

  Operand read_number() {
    const int begin = f_.position();
    while (f_.in_bounds() && is_number_char(f_.char_at(f_.position()))) f_.increment(1);
    const std::string text = utf8(f_.sub(begin, f_.position()));
    const auto d = Decimal::parse(text);
    if (!d) {
      throw JavaException{JavaClass::NumberFormat, "", "java.lang.NumberFormatException"};
    }
    Operand o;
    o.kind = Kind::Number;
    o.number = *d;
    return o;
  }

  Operand read_boolean() {
    const int begin = f_.position();
    const int end = f_.current() == u't' ? f_.position() + 3 : f_.position() + 4;
    if (!f_.in_bounds(end)) fail_filter("Expected boolean literal");
    const std::u16string value = f_.sub(begin, end + 1);
    if (value != u"true" && value != u"false") fail_filter("Expected boolean literal");
    f_.increment(static_cast<int>(value.size()));
    Operand o;
    o.kind = Kind::Boolean;
    o.boolean = value == u"true";
    return o;
  }

  bool current_is_closing_function_bracket(int lower_bound) const {
    if (f_.current() != u')') return false;
    int idx = f_.index_of_previous_significant(f_.position());
    if (idx == -1 || f_.char_at(idx) != u'(') return false;
    --idx;
    while (f_.in_bounds(idx) && idx > lower_bound) {
      if (f_.char_at(idx) == u'.') return true;
      --idx;
    }
    return false;
  }

  Operand read_path() {
    const char16_t previous = f_.previous_significant();
    const int begin = f_.position();
    f_.increment(1);
    while (f_.in_bounds()) {
      if (f_.current() == u'[') {
        const int close = f_.index_of_matching_close(f_.position(), u'[', u']', true, false);
        if (close == -1) fail_filter("Square brackets does not match in filter " + utf8(f_.text()));
        f_.set_position(close + 1);
      }
      const bool closing_function =
          f_.current() == u')' && current_is_closing_function_bracket(begin);
      const bool closing_logical = f_.current() == u')' && !closing_function;
      if (!f_.in_bounds() || is_relational_char(f_.current()) || f_.current() == u' ' ||
          closing_logical) {
        break;
      }
      f_.increment(1);
    }
    Operand o;
    o.kind = Kind::Path;
    o.should_exist = previous != u'!';
    o.path = compile_program(f_.sub(begin, f_.position()), options_, nesting_ + 1);
    return o;
  }

  CharIndex f_;
  const CompileOptions& options_;
  int nesting_;
  int depth_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Evaluation

Value boolean_value(bool b) {
  Value v;
  v.kind = Kind::Boolean;
  v.boolean = b;
  return v;
}

Value undefined_value() { return Value{}; }

Value literal_value(const Operand& o) {
  Value v;
  v.kind = o.kind;
  switch (o.kind) {
    case Kind::Number:
      v.number = o.number;
      break;
    case Kind::String:
      v.string = o.string;
      break;
    case Kind::Boolean:
      v.boolean = o.boolean;
      break;
    case Kind::Pattern:
      v.regex = o.regex.get();
      break;
    case Kind::JsonNode:
      v.json_literal = true;
      v.string = o.json_text;
      v.json = o.json_parsed ? &*o.json_parsed : nullptr;
      break;
    default:
      break;
  }
  return v;
}

// PathNode.evaluate's conversion of a value found in a document.
Value from_json(const Json& j, std::shared_ptr<const Json> hold) {
  Value v;
  switch (j.type()) {
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      v.kind = Kind::Number;
      v.number = *Decimal::parse(java_number_text(j));
      return v;
    case Json::value_t::string:
      v.kind = Kind::String;
      v.string = j.get<std::string>();
      return v;
    case Json::value_t::boolean:
      return boolean_value(j.get<bool>());
    case Json::value_t::null:
      v.kind = Kind::Null;
      return v;
    default:
      v.kind = Kind::JsonNode;
      v.json = &j;
      v.json_hold = std::move(hold);
      return v;
  }
}

Value evaluate_operand(Evaluation& ev, const Operand& o, const Json& item) {
  if (o.kind != Kind::Path) return literal_value(o);
  const Program& program = *o.path;
  if (o.exists_check) {
    if (program.simple) return boolean_value(find_simple(program, item) != nullptr);
    Evaluation sub(program, ev.root(), &ev, true);
    try {
      sub.run(item);
      if (program.definite) sub.definite_value();
      return boolean_value(true);
    } catch (const JavaException& e) {
      if (e.java_class != JavaClass::PathNotFound) throw;
      return boolean_value(false);
    }
  }
  const Json& document = program.root_is_document ? ev.root() : item;
  if (program.simple) {
    const Json* found = find_simple(program, document);
    return found ? from_json(*found, nullptr) : undefined_value();
  }
  Evaluation sub(program, ev.root(), &ev);
  try {
    sub.run(document);
    if (program.definite) {
      const Json* value = sub.definite_value();
      if (auto built = sub.release(value)) {
        std::shared_ptr<const Json> hold(std::move(built));
        const Json& ref = *hold;
        return from_json(ref, std::move(hold));
      }
      return from_json(*value, nullptr);
    }
    auto hold = std::make_shared<const Json>(sub.indefinite_value());
    const Json& ref = *hold;
    return from_json(ref, std::move(hold));
  } catch (const JavaException& e) {
    if (e.java_class != JavaClass::PathNotFound) throw;
    return undefined_value();
  }
}

// The Java objects behind a JsonNode compare with equals(): the same class and value.
bool java_equals(const Json& a, const Json& b) {
  if (java_class_name(a) != java_class_name(b)) return false;
  switch (a.type()) {
    case Json::value_t::object: {
      if (a.size() != b.size()) return false;
      for (const auto& [key, value] : a.items()) {
        const auto it = b.find(key);
        if (it == b.end() || !java_equals(value, *it)) return false;
      }
      return true;
    }
    case Json::value_t::array: {
      if (a.size() != b.size()) return false;
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (!java_equals(a[i], b[i])) return false;
      }
      return true;
    }
    case Json::value_t::number_float:
      return a.get<double>() == b.get<double>() &&
             std::signbit(a.get<double>()) == std::signbit(b.get<double>());
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return java_number_text(a) == java_number_text(b);
    default:
      return a == b;
  }
}

// JsonNode.parse(ctx): literals are parsed by json-smart on use.
const Json& parsed(const Value& v) {
  if (!v.json) {
    throw JavaException{JavaClass::Other,
                        "net.minidev.json.parser.ParseException: Unexpected token in " + v.string,
                        "java.lang.IllegalArgumentException"};
  }
  return *v.json;
}

std::string number_text(const Value& v) { return v.number.to_string(); }

// StringNode.asNumberNode().
Value string_as_number(const Value& s) {
  Value n;
  n.kind = Kind::Number;
  auto d = Decimal::parse(s.string);
  if (d) {
    n.number = *d;
  } else {
    n.nan = true;
  }
  return n;
}

// ValueNode.equals(Object) for `a.equals(b)`.
bool node_equals(const Value& a, const Value& b) {
  switch (a.kind) {
    case Kind::String:
      if (b.kind == Kind::String) return a.string == b.string;
      if (b.kind == Kind::Number) return a.string == number_text(b);
      return false;
    case Kind::Number: {
      if (b.kind != Kind::Number && b.kind != Kind::String) return false;
      const Value that = b.kind == Kind::String ? string_as_number(b) : b;
      if (that.nan) return false;
      return a.number.compare(that.number) == 0;
    }
    case Kind::Boolean:
      return b.kind == Kind::Boolean && a.boolean == b.boolean;
    case Kind::Null:
      return b.kind == Kind::Null;
    case Kind::JsonNode:
      if (b.kind != Kind::JsonNode) return false;
      if (a.json_literal || b.json_literal) {
        return a.json_literal && b.json_literal && a.string == b.string;
      }
      return java_equals(*a.json, *b.json);
    case Kind::ValueList: {
      if (b.kind != Kind::ValueList || a.list.size() != b.list.size()) return false;
      for (std::size_t i = 0; i < a.list.size(); ++i) {
        if (!node_equals(a.list[i], b.list[i])) return false;
      }
      return true;
    }
    default:  // Pattern and Path compare by identity; Undefined equals nothing
      return false;
  }
}

// ValueNode.toValueNode(Object) for the elements of a list.
Value element_value(const Json& j) {
  if (j.is_null()) {
    Value v;
    v.kind = Kind::Null;
    return v;
  }
  if (j.is_string()) {
    const std::string& s = j.get_ref<const std::string&>();
    std::size_t b = 0;
    std::size_t e = s.size();
    while (b < e && static_cast<unsigned char>(s[b]) <= ' ') ++b;
    while (e > b && static_cast<unsigned char>(s[e - 1]) <= ' ') --e;
    const std::string trimmed = s.substr(b, e - b);
    if (!trimmed.empty() && (trimmed[0] == '@' || trimmed[0] == '$')) {
      try {
        compile_program(utf::to_utf16(trimmed), CompileOptions{}, 0);
        Value v;
        v.kind = Kind::Path;  // never evaluated: equal to nothing
        return v;
      } catch (const JavaException&) {
      }
    }
    if (trimmed.size() > 1 && ((trimmed.front() == '[' && trimmed.back() == ']') ||
                               (trimmed.front() == '{' && trimmed.back() == '}'))) {
      if (parse_permissive_json(trimmed)) {
        Value v;
        v.kind = Kind::JsonNode;  // a JsonNode of text: equal only to the same text
        v.json_literal = true;
        v.string = trimmed == s ? s : s;
        return v;
      }
    }
    Value v;
    v.kind = Kind::String;
    v.string = string_node_text(utf::to_utf16(s));
    return v;
  }
  if (j.is_number()) return from_json(j, nullptr);
  if (j.is_boolean()) return boolean_value(j.get<bool>());
  throw_json_path("Could not determine value type");
}

// JsonNode.asValueListNode(ctx): a list, or nullopt (UNDEFINED) when the JSON is not an array.
std::optional<Value> as_value_list(const Value& v, const Evaluation& ev) {
  const Json& j = parsed(v);
  if (!j.is_array()) return std::nullopt;
  Value list;
  list.kind = Kind::ValueList;
  list.list.reserve(j.size());
  for (const auto& item : j) list.list.push_back(element_value(item));
  return list;
}

bool list_contains(const Value& list, const Value& node) {
  for (const auto& item : list.list) {
    if (node_equals(node, item)) return true;
  }
  return false;
}

// The list operand of in/nin/subsetof/anyof/noneof: nullopt means "evaluator answers false".
std::optional<Value> list_operand(const Value& v, const Evaluation& ev) {
  if (v.kind == Kind::JsonNode) return as_value_list(v, ev);
  if (v.kind == Kind::ValueList) return v;
  fail_filter("Expected value list node");
}

const Value& as_boolean(const Value& v) {
  if (v.kind != Kind::Boolean) fail_filter("Expected boolean node");
  return v;
}

std::string regex_input(const Value& v) {
  if (v.kind == Kind::String) return v.string;
  if (v.kind == Kind::Number) return number_text(v);
  if (v.kind == Kind::Boolean) return v.boolean ? "true" : "false";
  return "";
}

bool json_is_array(const Value& v) { return v.kind == Kind::JsonNode && parsed(v).is_array(); }

int compare_values(const Value& l, const Value& r, bool& comparable) {
  comparable = true;
  if (l.kind == Kind::Number && r.kind == Kind::Number) return l.number.compare(r.number);
  if (l.kind == Kind::String && r.kind == Kind::String)
    return utf::compare_utf16(l.string, r.string);
  comparable = false;
  return 0;
}

bool equals_evaluator(const Value& l, const Value& r) {
  if (l.kind == Kind::JsonNode && r.kind == Kind::JsonNode) {
    // JsonNode.equals(JsonNode, ctx): the left's Java object against the right parsed.
    if (l.json_literal) return false;  // a String never equals a parsed List/Map
    return java_equals(*l.json, parsed(r));
  }
  return node_equals(l, r);
}

bool evaluate_relation(RelOp op, const Value& l, const Value& r, const Evaluation& ev) {
  switch (op) {
    case RelOp::EXISTS:
      if (l.kind != Kind::Boolean && r.kind != Kind::Boolean) {
        throw_json_path("Failed to evaluate exists expression");
      }
      return as_boolean(l).boolean == as_boolean(r).boolean;
    case RelOp::EQ:
      return equals_evaluator(l, r);
    case RelOp::NE:
      return !equals_evaluator(l, r);
    case RelOp::TSEQ:
      return l.kind == r.kind && equals_evaluator(l, r);
    case RelOp::TSNE:
      return !(l.kind == r.kind && equals_evaluator(l, r));
    case RelOp::LT:
    case RelOp::LTE:
    case RelOp::GT:
    case RelOp::GTE: {
      bool comparable = false;
      const int c = compare_values(l, r, comparable);
      if (!comparable) return false;
      if (op == RelOp::LT) return c < 0;
      if (op == RelOp::LTE) return c <= 0;
      if (op == RelOp::GT) return c > 0;
      return c >= 0;
    }
    case RelOp::REGEX: {
      const bool lp = l.kind == Kind::Pattern;
      const bool rp = r.kind == Kind::Pattern;
      if (lp == rp) return false;
      const Value& pattern = lp ? l : r;
      const Value& other = lp ? r : l;
      if (other.kind == Kind::ValueList || json_is_array(other)) {
        if (other.kind != Kind::JsonNode) fail_filter("Expected json node");
        const auto list = as_value_list(other, ev);
        if (!list) return false;
        for (const auto& item : list->list) {
          if (pattern.regex->matches(regex_input(item))) return true;
        }
        return false;
      }
      return pattern.regex->matches(regex_input(other));
    }
    case RelOp::SIZE: {
      if (r.kind != Kind::Number) return false;
      const int expected = r.number.int_value();
      if (l.kind == Kind::String) return static_cast<long>(utf::utf16_length(l.string)) == expected;
      if (l.kind == Kind::JsonNode) {
        const Json& j = parsed(l);
        return (j.is_array() ? static_cast<long>(j.size()) : -1L) == expected;
      }
      return false;
    }
    case RelOp::EMPTY: {
      if (l.kind == Kind::String) return l.string.empty() == as_boolean(r).boolean;
      if (l.kind == Kind::JsonNode) {
        const Json& j = parsed(l);
        if (j.is_object()) {
          // Jayway casts any non-list to Collection here, and a Map is not one.
          const std::string cls =
              l.json_literal ? "net.minidev.json.JSONObject" : "java.util.LinkedHashMap";
          const std::string where =
              l.json_literal
                  ? cls +
                        " is in unnamed module of loader 'app'; java.util.Collection is in module "
                        "java.base of loader 'bootstrap'"
                  : cls + " and java.util.Collection are in module java.base of loader 'bootstrap'";
          throw JavaException{
              JavaClass::Other,
              "class " + cls + " cannot be cast to class java.util.Collection (" + where + ")",
              "java.lang.ClassCastException"};
        }
        const bool empty =
            j.is_array() ? j.empty() : (j.is_string() ? j.get<std::string>().empty() : true);
        return empty == as_boolean(r).boolean;
      }
      return false;
    }
    case RelOp::IN:
    case RelOp::NIN: {
      bool in = false;
      if (r.kind == Kind::JsonNode) {
        const auto list = as_value_list(r, ev);
        in = list && list_contains(*list, l);
      } else {
        const auto list = list_operand(r, ev);
        in = list && list_contains(*list, l);
      }
      return op == RelOp::IN ? in : !in;
    }
    case RelOp::ALL:
      // right.asValueListNode() without a context: a JSON literal is not a value list node.
      fail_filter("Expected value list node");
    case RelOp::CONTAINS: {
      if (l.kind == Kind::String && r.kind == Kind::String) {
        return l.string.find(r.string) != std::string::npos;
      }
      if (l.kind == Kind::JsonNode) {
        const auto list = as_value_list(l, ev);
        return list && list_contains(*list, r);
      }
      return false;
    }
    case RelOp::MATCHES:
      fail_filter("Expected predicate node");
    case RelOp::TYPE:
      fail_filter("Expected class node");
    case RelOp::SUBSETOF:
    case RelOp::ANYOF:
    case RelOp::NONEOF: {
      const auto right = list_operand(r, ev);
      if (!right) return false;
      const auto left = list_operand(l, ev);
      if (!left) return false;
      if (op == RelOp::SUBSETOF) {
        for (const auto& item : left->list) {
          if (!list_contains(*right, item)) return false;
        }
        return true;
      }
      for (const auto& a : left->list) {
        for (const auto& b : right->list) {
          if (node_equals(a, b)) return op == RelOp::ANYOF;
        }
      }
      return op == RelOp::NONEOF;
    }
  }
  return false;
}

bool apply(Evaluation& ev, const Expr& e, const Json& item) {
  switch (e.type) {
    case Expr::Or:
      for (const auto& k : e.kids) {
        if (apply(ev, k, item)) return true;
      }
      return false;
    case Expr::And:
      for (const auto& k : e.kids) {
        if (!apply(ev, k, item)) return false;
      }
      return true;
    case Expr::Not:
      return !apply(ev, e.kids[0], item);
    case Expr::Relational: {
      const Value l = evaluate_operand(ev, e.left, item);
      const Value r = evaluate_operand(ev, e.right, item);
      return evaluate_relation(e.op, l, r, ev);
    }
  }
  return false;
}

}  // namespace

std::shared_ptr<const Filter> compile_filter(const std::u16string& criteria,
                                             const CompileOptions& options, int nesting) {
  if (nesting > kMaxNesting) fail_filter("Path is nested too deeply");
  auto filter = std::make_shared<Filter>();
  filter->root = FilterCompiler(criteria, options, nesting).compile();
  return filter;
}

bool filter_accepts(Evaluation& ev, const Token& token, const Json& item) {
  for (const auto& filter : token.filters) {
    try {
      if (!apply(ev, filter->root, item)) return false;
    } catch (const JavaException& e) {
      if (e.java_class != JavaClass::InvalidPath) throw;
      return false;
    }
  }
  return true;
}

}  // namespace sfn::path::detail
