// Parsing and definition-time checks of intrinsic calls.
//
// Grammar (whitespace allowed between tokens):
//   call     := 'States.' Name '(' [ argument { ',' argument } ] ')'
//   argument := string | number | 'true' | 'false' | 'null' | path | call
//   string   := "'" { char | '\'' | '\{' | '\}' | '\\' } "'"   (any other '\c' compiles
//               and fails at evaluation, see Expression::runtime_error)
//   number   := JSON number
//   path     := '$' ...   (the text up to the next top-level ',' or ')', compiled by the path
//   layer)
#include <charconv>
#include <string>

#include "intrinsics/call.h"
#include "intrinsics/function_table.h"
#include "intrinsics/intrinsics.h"

namespace sfn::intrinsics {

namespace {

using detail::Argument;
using detail::Call;
using detail::FunctionId;
using detail::FunctionSpec;
using detail::Param;

constexpr std::string_view kPrefix = "States.";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

// A string literal: its value, and the same text cut at its unescaped `{}` (States.Format
// placeholders; `\{}` and `{\}` are not placeholders).
struct StringLiteral {
  std::string value;
  std::vector<std::string> pieces;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : s_(text) {}

  std::unique_ptr<Call> parse() {
    skip_space();
    auto call = parse_call(1);
    if (!call) return nullptr;
    skip_space();
    if (pos_ != s_.size()) return fail("unexpected text after the closing parenthesis");
    return call;
  }

  const std::string& error() const { return error_; }
  const std::string& runtime_error() const { return runtime_error_; }
  const std::string& warning() const { return warning_; }

 private:
  bool reject(std::string message) {
    if (error_.empty()) error_ = std::move(message) + " (at offset " + std::to_string(pos_) + ")";
    return false;
  }

  std::unique_ptr<Call> fail(std::string message) {
    reject(std::move(message));
    return nullptr;
  }

  void skip_space() {
    while (pos_ < s_.size() && is_space(s_[pos_])) ++pos_;
  }

  bool starts_with(std::string_view what) const { return s_.substr(pos_).starts_with(what); }

  std::unique_ptr<Call> parse_call(int depth) {
    if (depth > kMaxNesting) {
      return fail("intrinsic functions are nested more than " + std::to_string(kMaxNesting) +
                  " deep");
    }
    const std::size_t name_start = pos_;
    if (!starts_with(kPrefix)) return fail("expected an intrinsic function (States.<Name>)");
    pos_ += kPrefix.size();
    while (pos_ < s_.size() && is_name_char(s_[pos_])) ++pos_;
    const std::string_view name = s_.substr(name_start, pos_ - name_start);
    const FunctionSpec* spec = detail::find_function(name);
    if (!spec) return fail("unknown intrinsic function '" + std::string(name) + "'");
    skip_space();
    if (pos_ >= s_.size() || s_[pos_] != '(')
      return fail("expected '(' after " + std::string(name));
    ++pos_;

    auto call = std::make_unique<Call>();
    call->id = spec->id;
    StringLiteral first_string;  // kept for States.Format's template
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == ')') {
      ++pos_;
    } else {
      for (;;) {
        skip_space();
        Argument arg;
        StringLiteral literal;
        if (!parse_argument(depth, arg, literal)) return nullptr;
        if (call->args.empty()) first_string = std::move(literal);
        call->args.push_back(std::move(arg));
        skip_space();
        if (pos_ < s_.size() && s_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (pos_ < s_.size() && s_[pos_] == ')') {
          ++pos_;
          break;
        }
        return fail("expected ',' or ')' in the arguments of " + std::string(name));
      }
    }
    if (!check_arguments(*spec, *call)) return nullptr;
    if (call->id == FunctionId::Format && call->args[0].kind == Argument::Kind::Literal &&
        call->args[0].literal.is_string()) {
      // "There must be as many remaining arguments in the Invocation as there are occurrences
      // of {}."
      if (first_string.pieces.size() != call->args.size()) {
        return fail("States.Format has " + std::to_string(first_string.pieces.size() - 1) +
                    " placeholders but " + std::to_string(call->args.size() - 1) + " values");
      }
      call->literal_template = true;
      call->template_pieces = std::move(first_string.pieces);
    }
    return call;
  }

  bool check_arguments(const FunctionSpec& spec, const Call& call) {
    const std::size_t n = call.args.size();
    if (n < spec.min_args || (spec.max_args != detail::kVariadic && n > spec.max_args)) {
      std::string expected = std::to_string(spec.min_args);
      if (spec.max_args == detail::kVariadic) {
        expected = "at least " + expected;
      } else if (spec.max_args != spec.min_args) {
        expected += " to " + std::to_string(spec.max_args);
      }
      return reject(std::string(spec.name) + " takes " + expected + " arguments, not " +
                    std::to_string(n));
    }
    for (std::size_t i = 0; i < n; ++i) {
      const Argument& arg = call.args[i];
      const Param want = detail::param_at(spec, i);
      if (want == Param::PathOnly) {
        if (arg.kind != Argument::Kind::Path) {
          return reject(std::string(spec.name) + " takes a path as its argument");
        }
        continue;
      }
      if (arg.kind != Argument::Kind::Literal || want == Param::Any) continue;
      const Json& v = arg.literal;
      const bool ok = (want == Param::String && v.is_string()) ||
                      (want == Param::Number && v.is_number()) ||
                      (want == Param::Boolean && v.is_boolean());
      // A literal of another type than the function takes: no source shows AWS refusing one,
      // and a deployed Terraform module (clowdhaus/terraform-aws-ebs-snapshot-builder) creates
      // `States.StringToJson(6000)`, so the call compiles with a warning and evaluating it
      // meets the function's own argument check (States.IntrinsicFailure).
      if (!ok && warning_.empty()) {
        warning_ = "argument " + std::to_string(i + 1) + " of " + std::string(spec.name) +
                   " cannot be the literal " + to_text(v);
      }
    }
    return true;
  }

  bool parse_argument(int depth, Argument& arg, StringLiteral& literal) {
    if (pos_ >= s_.size()) return reject("unexpected end of the intrinsic function");
    const char c = s_[pos_];
    if (c == '\'') {
      if (!parse_string(literal)) return false;
      arg.kind = Argument::Kind::Literal;
      arg.literal = literal.value;
      return true;
    }
    if (c == '$') return parse_path(arg);
    if (starts_with(kPrefix)) {
      auto nested = parse_call(depth + 1);
      if (!nested) return false;
      arg.kind = Argument::Kind::Call;
      arg.call = std::move(nested);
      return true;
    }
    if (c == '-' || is_digit(c)) return parse_number(arg);
    for (const auto& [word, value] : {std::pair<std::string_view, Json>{"true", Json(true)},
                                      {"false", Json(false)},
                                      {"null", Json(nullptr)}}) {
      if (starts_with(word) &&
          (pos_ + word.size() == s_.size() || !is_name_char(s_[pos_ + word.size()]))) {
        pos_ += word.size();
        arg.kind = Argument::Kind::Literal;
        arg.literal = value;
        return true;
      }
    }
    return reject("unexpected character '" + std::string(1, c) + "' in the arguments");
  }

  bool parse_string(StringLiteral& out) {
    ++pos_;  // opening quote
    std::string piece;
    bool open_brace = false;  // the last character was an unescaped '{'
    for (;;) {
      if (pos_ >= s_.size()) return reject("unterminated string literal");
      const char c = s_[pos_++];
      if (c == '\'') break;
      if (c == '\\') {
        if (pos_ >= s_.size()) return reject("unterminated string literal");
        const char e = s_[pos_++];
        // AWS: the reserved characters ' { } \ are escaped with a backslash; "If an open escape
        // backslash \ is found in the intrinsic invocation string, the interpreter will throw a
        // runtime exception": the call compiles (AWS created a sample with `\"`) and fails when
        // evaluated (Expression::runtime_error).
        if (e != '\'' && e != '{' && e != '}' && e != '\\' && runtime_error_.empty()) {
          runtime_error_ = std::string("Invalid escape sequence '\\") + e +
                           "' in a string literal of the intrinsic function";
        }
        out.value.push_back(e);
        piece.push_back(e);
        open_brace = false;
        continue;
      }
      out.value.push_back(c);
      if (c == '}' && open_brace) {
        piece.pop_back();
        out.pieces.push_back(std::move(piece));
        piece.clear();
        open_brace = false;
        continue;
      }
      piece.push_back(c);
      open_brace = c == '{';
    }
    out.pieces.push_back(std::move(piece));
    return true;
  }

  bool parse_number(Argument& arg) {
    const std::size_t start = pos_;
    if (s_[pos_] == '-') ++pos_;
    const std::size_t int_start = pos_;
    while (pos_ < s_.size() && is_digit(s_[pos_])) ++pos_;
    const std::size_t int_len = pos_ - int_start;
    if (int_len == 0 || (int_len > 1 && s_[int_start] == '0')) {
      return reject("malformed number");
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      const std::size_t frac_start = pos_;
      while (pos_ < s_.size() && is_digit(s_[pos_])) ++pos_;
      if (pos_ == frac_start) return reject("malformed number");
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      const std::size_t exp_start = pos_;
      while (pos_ < s_.size() && is_digit(s_[pos_])) ++pos_;
      if (pos_ == exp_start) return reject("malformed number");
    }
    if (pos_ < s_.size() && is_name_char(s_[pos_])) return reject("malformed number");
    const std::string_view text = s_.substr(start, pos_ - start);
    // The same numeric types a JSON document would give, so literals and input values compare
    // and render alike.
    std::string error;
    Json value;
    if (!parse_text(text, value, error)) return reject("malformed number");
    arg.kind = Argument::Kind::Literal;
    arg.literal = std::move(value);
    return true;
  }

  bool parse_path(Argument& arg) {
    // The path runs to the first ',' ')' or blank outside brackets, quotes and parentheses, so
    // `$['a, b']`, filters like `$.a[?(@.x == 1)]` and `$.a.length()` stay whole.
    const std::size_t start = pos_;
    int brackets = 0;
    int parens = 0;
    char quote = 0;
    for (; pos_ < s_.size(); ++pos_) {
      const char c = s_[pos_];
      if (quote) {
        if (c == '\\') {
          ++pos_;
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      if (brackets > 0 && (c == '\'' || c == '"')) {
        quote = c;
      } else if (c == '[') {
        ++brackets;
      } else if (c == ']') {
        if (brackets > 0) --brackets;
      } else if (c == '(') {
        ++parens;
      } else if (c == ')') {
        if (parens == 0 && brackets == 0) break;
        if (parens > 0) --parens;
      } else if (brackets == 0 && parens == 0 && (c == ',' || is_space(c))) {
        break;
      }
    }
    if (pos_ > s_.size()) pos_ = s_.size();
    const std::string_view text = s_.substr(start, pos_ - start);
    auto compiled = path::compile(text);
    if (!compiled) {
      return reject("invalid path '" + std::string(text) + "': " + compiled.error().message);
    }
    arg.kind = Argument::Kind::Path;
    arg.path = std::move(compiled).value();
    return true;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::string error_;
  std::string runtime_error_;  // the first open escape, see Expression
  std::string warning_;        // the first literal of another type, see Expression
};

}  // namespace

bool looks_like_call(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && is_space(text[i])) ++i;
  return text.substr(i).starts_with(kPrefix);
}

Expected<Expression, SyntaxError> compile(std::string_view text) {
  Parser parser(text);
  std::unique_ptr<Call> call;
  try {
    call = parser.parse();
  } catch (const std::exception& e) {  // allocation failure or a path-layer exception
    return SyntaxError{std::string("cannot compile the intrinsic function: ") + e.what()};
  }
  if (!call) return SyntaxError{parser.error()};
  return Expression{std::string(text), std::shared_ptr<const Call>(std::move(call)),
                    parser.runtime_error(), parser.warning()};
}

std::string_view function_name(const Expression& expression) {
  if (!expression.call) return {};
  return detail::spec_of(expression.call->id).name;
}

}  // namespace sfn::intrinsics
