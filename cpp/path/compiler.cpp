// A line-by-line port of Jayway's PathCompiler (2.10): the same checks in the same order, so the
// same paths are accepted, with the same quirks (a trailing character after the last token is
// ignored, `.['a']` is a property, ...) and the same messages.
#include "path/compiler.h"

#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "common/utf.h"
#include "path/char_index.h"
#include "path/filter.h"
#include "path/java_error.h"
#include "path/java_text.h"

namespace sfn::path::detail {

namespace {

bool is_digit(char16_t c) { return c >= u'0' && c <= u'9'; }
bool is_whitespace(char16_t c) { return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r'; }
bool is_path_context(char16_t c) { return c == u'$' || c == u'@'; }

std::string str(std::u16string_view s) { return utf::to_utf8(s); }

[[noreturn]] void fail(std::string message) { throw_invalid_path(std::move(message)); }

[[noreturn]] void throw_number_format(std::u16string_view input) {
  throw JavaException{JavaClass::NumberFormat, "For input string: \"" + str(input) + "\"",
                      "java.lang.NumberFormatException"};
}

// Integer.parseInt(s, 10).
std::int32_t parse_int(std::u16string_view s) {
  if (s.empty()) throw_number_format(s);
  std::size_t i = 0;
  bool negative = false;
  if (s[0] == u'-' || s[0] == u'+') {
    negative = s[0] == u'-';
    if (s.size() == 1) throw_number_format(s);
    i = 1;
  }
  long long value = 0;
  for (; i < s.size(); ++i) {
    if (!is_digit(s[i])) throw_number_format(s);
    value = value * 10 + (s[i] - u'0');
    if (value > static_cast<long long>(std::numeric_limits<std::int32_t>::max()) + 1) {
      throw_number_format(s);
    }
  }
  if (negative) value = -value;
  if (value > std::numeric_limits<std::int32_t>::max()) throw_number_format(s);
  return static_cast<std::int32_t>(value);
}

// String.trim(): strips every char <= ' ' at both ends.
std::u16string java_trim(std::u16string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && s[b] <= u' ') ++b;
  while (e > b && s[e - 1] <= u' ') --e;
  return std::u16string(s.substr(b, e - b));
}

// String.split(":") : trailing empty strings dropped.
std::vector<std::u16string> split_colon(std::u16string_view s) {
  std::vector<std::u16string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == u':') {
      parts.emplace_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  while (!parts.empty() && parts.back().empty()) parts.pop_back();
  return parts;
}

}  // namespace

std::u16string jayway_unescape(std::u16string_view s) {
  std::u16string out;
  std::u16string unicode;
  bool had_slash = false;
  bool in_unicode = false;
  for (char16_t ch : s) {
    if (in_unicode) {
      unicode += ch;
      if (unicode.size() == 4) {
        // Integer.parseInt(unicode, 16), sign included.
        std::size_t i = 0;
        bool negative = false;
        if (unicode[0] == u'-' || unicode[0] == u'+') {
          negative = unicode[0] == u'-';
          i = 1;
        }
        long value = 0;
        bool ok = i < unicode.size();
        for (; i < unicode.size(); ++i) {
          const char16_t c = unicode[i];
          int d = -1;
          if (c >= u'0' && c <= u'9') d = c - u'0';
          if (c >= u'a' && c <= u'f') d = c - u'a' + 10;
          if (c >= u'A' && c <= u'F') d = c - u'A' + 10;
          if (d < 0) ok = false;
          value = value * 16 + d;
        }
        if (!ok) {
          throw_json_path("Unable to parse unicode value: " + str(unicode));
        }
        out += static_cast<char16_t>(negative ? -value : value);
        unicode.clear();
        in_unicode = false;
        had_slash = false;
      }
      continue;
    }
    if (had_slash) {
      had_slash = false;
      switch (ch) {
        case u'r':
          out += u'\r';
          break;
        case u'f':
          out += u'\f';
          break;
        case u't':
          out += u'\t';
          break;
        case u'n':
          out += u'\n';
          break;
        case u'b':
          out += u'\b';
          break;
        case u'u':
          in_unicode = true;
          break;
        default:  // \\, \', \" and any other character stand for themselves
          out += ch;
          break;
      }
      continue;
    }
    if (ch == u'\\') {
      had_slash = true;
      continue;
    }
    out += ch;
  }
  if (had_slash) out += u'\\';
  return out;
}

namespace {

std::string join_names(const std::vector<std::string>& names, char wrap) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) out += ',';
    out += wrap;
    out += names[i];
    out += wrap;
  }
  return out;
}

class Compiler {
 public:
  Compiler(CharIndex path, const CompileOptions& options, int nesting)
      : path_(std::move(path)), options_(options), nesting_(nesting) {}

  std::shared_ptr<const Program> compile() {
    auto program = std::make_shared<Program>();
    read_context_token(*program);
    finish(*program);
    return program;
  }

 private:
  void append(Token token) {
    if (static_cast<int>(tokens_.size()) >= kMaxTokens) fail("Path has too many tokens");
    tokens_.push_back(std::move(token));
  }

  // [$ | @]
  void read_context_token(Program& program) {
    while (path_.in_bounds() && is_whitespace(path_.current())) path_.increment(1);
    if (!is_path_context(path_.current())) fail("Path must start with '$' or '@'");
    program.root_is_document = path_.current() == u'$';
    if (path_.current_is_tail()) return;
    path_.increment(1);
    if (path_.current() != u'.' && path_.current() != u'[') {
      fail("Illegal character at position " + std::to_string(path_.position()) +
           " expected '.' or '['");
    }
    do {
      read_next_token();
    } while (!path_.current_is_tail());
  }

  void read_next_token() {
    switch (path_.current()) {
      case u'[':
        if (!read_bracket_property_token() && !read_array_token() && !read_wildcard_token() &&
            !read_filter_token() && !read_placeholder_token()) {
          fail("Could not parse token starting at position " + std::to_string(path_.position()) +
               ". Expected ?, ', 0-9, * ");
        }
        return;
      case u'.':
        read_dot_token();
        return;
      case u'*':
        if (!read_wildcard_token()) {
          fail("Could not parse token starting at position " + std::to_string(path_.position()));
        }
        return;
      default:
        if (!read_property_or_function_token()) {
          fail("Could not parse token starting at position " + std::to_string(path_.position()));
        }
        return;
    }
  }

  // . and ..
  void read_dot_token() {
    if (path_.current_is(u'.') && path_.next_is(u'.')) {
      Token scan;
      scan.kind = TokenKind::Scan;
      append(std::move(scan));
      path_.increment(2);
    } else if (!path_.has_more()) {
      fail("Path must not end with a '.");
    } else {
      path_.increment(1);
    }
    if (path_.current_is(u'.')) {
      fail("Character '.' on position " + std::to_string(path_.position()) + " is not valid.");
    }
    read_next_token();
  }

  // fooBar or fooBar()
  bool read_property_or_function_token() {
    if (path_.current_is(u'[') || path_.current_is(u'*') || path_.current_is(u'.') ||
        path_.current_is(u' ')) {
      return false;
    }
    const int start = path_.position();
    int read = start;
    int end = 0;
    bool is_function = false;
    while (path_.in_bounds(read)) {
      const char16_t c = path_.char_at(read);
      if (c == u' ') {
        fail(
            "Use bracket notion ['my prop'] if your property contains blank characters. "
            "position: " +
            std::to_string(path_.position()));
      } else if (c == u'.' || c == u'[') {
        end = read;
        break;
      } else if (c == u'(') {
        is_function = true;
        end = read;
        break;
      }
      ++read;
    }
    if (end == 0) end = path_.length();

    if (!is_function) {
      path_.set_position(end);
      Token t;
      t.kind = TokenKind::Property;
      t.names.push_back(str(path_.sub(start, end)));
      append(std::move(t));
      return true;
    }

    int parens = 1;
    int close = read + 1;
    for (; close < path_.length(); ++close) {
      if (path_.char_at(close) == u')') {
        --parens;
      } else if (path_.char_at(close) == u'(') {
        ++parens;
      }
      if (parens == 0) break;
    }
    const std::string name = str(path_.sub(start, end));
    if (parens != 0) fail("Arguments to function: '" + name + "' are not closed properly.");

    // Jayway 2.0 knew no functions: `name(...)` is then just an (absent) property name.
    path_.set_position(close + 1);
    Token t;
    t.kind = TokenKind::Property;
    t.names.push_back(str(path_.sub(start, close + 1)));
    append(std::move(t));
    return true;
  }

  // [?], [?,?, ..]: placeholders for filters passed to compile(); AWS passes none.
  bool read_placeholder_token() {
    if (!path_.current_is(u'[')) return false;
    const int question = path_.index_of_next_significant(u'?');
    if (question == -1) return false;
    const char16_t next = path_.next_significant(question);
    if (next != u']' && next != u',') return false;
    const int begin = path_.position() + 1;
    const int end = path_.next_index_of(begin, u']');
    if (end == -1) return false;
    const std::u16string expression = path_.sub(begin, end);
    // expression.split(",") has at least one element here, and no predicates were supplied.
    fail("Not enough predicates supplied for filter [" + str(expression) + "] at position " +
         std::to_string(path_.position()));
  }

  // [?(...)]
  bool read_filter_token() {
    if (!path_.current_is(u'[') && !path_.next_significant_is(u'?')) return false;
    const int open_statement = path_.position();
    const int question = path_.index_of_next_significant(u'?');
    if (question == -1) return false;
    const int open_paren = path_.index_of_next_significant(question, u'(');
    if (open_paren == -1) return false;
    const int close_paren = path_.index_of_matching_close(open_paren, u'(', u')', true, true);
    if (close_paren == -1) return false;
    if (!path_.next_significant_is(close_paren, u']')) return false;
    const int close_statement = path_.index_of_next_significant(close_paren, u']');
    const std::u16string criteria = path_.sub(open_statement, close_statement + 1);
    Token t;
    t.kind = TokenKind::Filter;
    t.filters.push_back(compile_filter(criteria, options_, nesting_ + 1));
    append(std::move(t));
    path_.set_position(close_statement + 1);
    return true;
  }

  // [*] and *
  bool read_wildcard_token() {
    const bool in_bracket = path_.current_is(u'[');
    if (in_bracket && !path_.next_significant_is(u'*')) return false;
    if (!path_.current_is(u'*') && path_.out_of_bounds(path_.position() + 1)) return false;
    if (in_bracket) {
      const int star = path_.index_of_next_significant(u'*');
      if (!path_.next_significant_is(star, u']')) {
        fail("Expected wildcard token to end with ']' on position " + std::to_string(star + 1));
      }
      const int close = path_.index_of_next_significant(star, u']');
      path_.set_position(close + 1);
    } else {
      path_.increment(1);
    }
    Token t;
    t.kind = TokenKind::Wildcard;
    append(std::move(t));
    return true;
  }

  // [1], [1,2, n], [1:], [1:2], [:2]
  bool read_array_token() {
    if (!path_.current_is(u'[')) return false;
    const char16_t next = path_.next_significant();
    if (!is_digit(next) && next != u'-' && next != u':') return false;
    const int begin = path_.position() + 1;
    const int end = path_.next_index_of(begin, u']');
    if (end == -1) return false;
    const std::u16string expression = java_trim(path_.sub(begin, end));
    if (expression == u"*") return false;
    for (char16_t c : expression) {
      if (!is_digit(c) && c != u',' && c != u'-' && c != u':' && c != u' ') return false;
    }
    if (expression.find(u':') != std::u16string::npos) {
      append(parse_slice(expression));
    } else {
      append(parse_indexes(expression));
    }
    path_.set_position(end + 1);
    return true;
  }

  static Token parse_slice(const std::u16string& op) {
    for (char16_t c : op) {
      if (!is_digit(c) && c != u'-' && c != u':')
        fail("Failed to parse SliceOperation: " + str(op));
    }
    const auto parts = split_colon(op);
    auto read = [&](std::size_t i, bool& present) -> std::int32_t {
      present = i < parts.size() && !parts[i].empty();
      return present ? parse_int(parts[i]) : 0;
    };
    bool has_from = false;
    bool has_to = false;
    Token t;
    t.kind = TokenKind::Slice;
    t.from = read(0, has_from);
    t.to = read(1, has_to);
    if (has_from && !has_to) {
      t.slice = SliceKind::From;
    } else if (has_from) {
      t.slice = SliceKind::Between;
    } else if (has_to) {
      t.slice = SliceKind::To;
    } else {
      fail("Failed to parse SliceOperation: " + str(op));
    }
    // Built with push_back: GCC 12 misreports assigning short literals at -O3 (-Wrestrict).
    t.fragment.clear();
    t.fragment += '[';
    if (has_from) t.fragment += std::to_string(t.from);
    t.fragment += ':';
    if (has_to) t.fragment += std::to_string(t.to);
    t.fragment += ']';
    return t;
  }

  static Token parse_indexes(const std::u16string& op) {
    for (char16_t c : op) {
      if (!is_digit(c) && c != u',' && c != u' ' && c != u'-') {
        fail("Failed to parse ArrayIndexOperation: " + str(op));
      }
    }
    Token t;
    t.kind = TokenKind::Index;
    // split("\\s*,\\s*", -1): every piece kept, the blanks around commas dropped.
    std::size_t start = 0;
    for (std::size_t i = 0; i <= op.size(); ++i) {
      if (i < op.size() && op[i] != u',') continue;
      std::size_t b = start;
      std::size_t e = i;
      if (b > 0) {
        while (b < e && op[b] == u' ') ++b;
      }
      if (i < op.size()) {
        while (e > b && op[e - 1] == u' ') --e;
      }
      const std::u16string piece = op.substr(b, e - b);
      try {
        t.indexes.push_back(parse_int(piece));
      } catch (const JavaException&) {
        fail("Failed to parse token in ArrayIndexOperation: " + str(piece));
      }
      start = i + 1;
    }
    return t;
  }

  // ['foo'], ["foo"], ['a','b']
  bool read_bracket_property_token() {
    if (!path_.current_is(u'[')) return false;
    const char16_t delimiter = path_.next_significant();
    if (delimiter != u'\'' && delimiter != u'"') return false;

    std::vector<std::string> properties;
    int start = path_.position() + 1;
    int read = start;
    int end = 0;
    bool in_property = false;
    bool in_escape = false;
    bool last_was_comma = false;
    while (path_.in_bounds(read)) {
      const char16_t c = path_.char_at(read);
      if (in_escape) {
        in_escape = false;
      } else if (c == u'\\') {
        in_escape = true;
      } else if (c == u']' && !in_property) {
        if (last_was_comma) fail("Found empty property at index " + std::to_string(read));
        break;
      } else if (c == delimiter) {
        if (in_property) {
          const char16_t next = path_.next_significant(read);
          if (next != u']' && next != u',') {
            fail(
                "Property must be separated by comma or Property must be terminated close "
                "square bracket at index " +
                std::to_string(read));
          }
          end = read;
          properties.push_back(str(jayway_unescape(path_.sub(start, end))));
          in_property = false;
        } else {
          start = read + 1;
          in_property = true;
          last_was_comma = false;
        }
      } else if (c == u',' && !in_property) {
        if (last_was_comma) fail("Found empty property at index " + std::to_string(read));
        last_was_comma = true;
      }
      ++read;
    }
    if (in_property) {
      fail("Property has not been closed - missing closing " + str(std::u16string(1, delimiter)));
    }
    int close = path_.index_of_next_significant(end, u']');
    if (close == -1) fail("Property has not been closed - missing closing ]");
    path_.set_position(close + 1);
    if (properties.empty()) fail("Empty properties");
    Token t;
    t.kind = TokenKind::Property;
    t.names = std::move(properties);
    t.delimiter = static_cast<char>(delimiter);
    append(std::move(t));
    return true;
  }

  // Jayway's per-token flags and strings, computed once.
  void finish(Program& program) {
    const std::size_t n = tokens_.size();
    for (std::size_t i = 0; i < n; ++i) {
      Token& t = tokens_[i];
      t.leaf = i + 1 == n;
      switch (t.kind) {
        case TokenKind::Property:
          t.fragment.clear();
          t.fragment += '[';
          t.fragment += join_names(t.names, t.delimiter);
          t.fragment += ']';
          t.token_definite = t.names.size() == 1 || t.leaf;
          break;
        case TokenKind::Index: {
          t.fragment.clear();
          t.fragment += '[';
          for (std::size_t k = 0; k < t.indexes.size(); ++k) {
            if (k) t.fragment += ',';
            t.fragment += std::to_string(t.indexes[k]);
          }
          t.fragment += "]";
          t.token_definite = t.indexes.size() == 1;
          break;
        }
        case TokenKind::Slice:
          t.token_definite = false;
          break;
        case TokenKind::Wildcard:
          t.fragment = "[*]";
          t.token_definite = false;
          break;
        case TokenKind::Scan:
          t.fragment = "..";
          t.token_definite = false;
          ++program.scan_count;
          break;
        case TokenKind::Filter:
          t.fragment = "[?]";
          t.token_definite = false;
          break;
      }
    }
    bool upstream = true;
    program.canonical = program.root_is_document ? "$" : "@";
    for (Token& t : tokens_) {
      t.upstream_definite = upstream;
      upstream = upstream && t.token_definite;
      program.canonical += t.fragment;
      const bool single = (t.kind == TokenKind::Property && t.names.size() == 1) ||
                          (t.kind == TokenKind::Index && t.indexes.size() == 1);
      if (!single) program.simple = false;
    }
    program.definite = upstream;
    program.tokens = std::move(tokens_);
  }

  CharIndex path_;
  const CompileOptions& options_;
  int nesting_;
  std::vector<Token> tokens_;
};

}  // namespace

std::shared_ptr<const Program> compile_program(std::u16string_view text,
                                               const CompileOptions& options, int nesting) {
  if (nesting > kMaxNesting) fail("Path is nested too deeply");
  try {
    CharIndex ci{std::u16string(text)};
    ci.trim();
    if (ci.char_at(0) != u'$' && ci.char_at(0) != u'@') {
      ci = CharIndex(u"$." + std::u16string(text));
      ci.trim();
    }
    if (ci.last_is(u'.')) fail("Path must not end with a '.' or '..'");
    return Compiler(std::move(ci), options, nesting).compile();
  } catch (const JavaException& e) {
    if (e.java_class == JavaClass::InvalidPath) throw;
    throw_invalid_path(e.to_string());
  }
}

}  // namespace sfn::path::detail
