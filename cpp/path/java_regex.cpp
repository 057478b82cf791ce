#include "path/java_regex.h"

#include <utility>

#include "common/regex/pike_vm.h"
#include "common/regex/program.h"
#include "common/utf.h"

namespace sfn::path::detail {

namespace {

using regex::Assertion;
using regex::CharClass;
using regex::Lines;
using regex::Node;
using NodeKind = regex::Node::Kind;

constexpr std::size_t kMaxInstructions = 20000;
constexpr int kMaxParseDepth = 64;

char32_t ascii_lower(char32_t c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
char32_t ascii_upper(char32_t c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }

bool is_line_terminator(char32_t c) {
  return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

Lines lines_of(int flags) { return (flags & kUnixLines) ? Lines::JavaUnix : Lines::Java; }

class Parser {
 public:
  Parser(std::u32string_view p, int flags, std::vector<CharClass>& classes)
      : p_(p), flags_(flags), classes_(classes) {}

  bool parse(Node& out, std::string& error) {
    if (!parse_alt(out, 0)) {
      error = error_;
      return false;
    }
    if (pos_ != p_.size()) {
      error = "Unmatched closing ')'";
      return false;
    }
    return true;
  }

 private:
  bool fail(std::string message) {
    error_ = std::move(message);
    return false;
  }
  bool at_end() const { return pos_ >= p_.size(); }
  char32_t peek() const { return p_[pos_]; }

  void skip_comments() {
    if (!(flags_ & kComments)) return;
    while (!at_end()) {
      const char32_t c = peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B) {
        ++pos_;
      } else if (c == '#') {
        while (!at_end() && !is_line_terminator(peek())) ++pos_;
      } else {
        break;
      }
    }
  }

  bool parse_alt(Node& out, int depth) {
    if (depth > kMaxParseDepth) return fail("Pattern nested too deeply");
    Node first;
    if (!parse_concat(first, depth)) return false;
    if (at_end() || peek() != '|') {
      out = std::move(first);
      return true;
    }
    out = Node{};
    out.kind = NodeKind::Alt;
    out.kids.push_back(std::move(first));
    while (!at_end() && peek() == '|') {
      ++pos_;
      Node next;
      if (!parse_concat(next, depth)) return false;
      out.kids.push_back(std::move(next));
    }
    return true;
  }

  bool parse_concat(Node& out, int depth) {
    out = Node{};
    out.kind = NodeKind::Concat;
    while (true) {
      skip_comments();
      if (at_end() || peek() == '|' || peek() == ')') return true;
      Node atom;
      bool is_flag_group = false;
      if (!parse_atom(atom, depth, is_flag_group)) return false;
      if (is_flag_group) continue;
      skip_comments();
      if (!at_end()) {
        int min = -2;
        int max = -1;
        const char32_t q = peek();
        if (q == '*') {
          min = 0, max = -1, ++pos_;
        } else if (q == '+') {
          min = 1, max = -1, ++pos_;
        } else if (q == '?') {
          min = 0, max = 1, ++pos_;
        } else if (q == '{') {
          if (!parse_counted(min, max)) return false;
        }
        if (min != -2) {
          bool greedy = true;
          if (!at_end() && (peek() == '?' || peek() == '+')) {  // lazy / possessive
            greedy = peek() != '?';
            ++pos_;
          }
          if (atom.kind == NodeKind::Assert || atom.kind == NodeKind::Empty) {
            // Java accepts a quantified assertion; it matches like the assertion itself.
          } else {
            Node rep;
            rep.kind = NodeKind::Repeat;
            rep.min = min;
            rep.max = max;
            rep.greedy = greedy;
            rep.kids.push_back(std::move(atom));
            atom = std::move(rep);
          }
          skip_comments();
          if (!at_end() && (peek() == '*' || peek() == '+' || peek() == '?' || peek() == '{')) {
            return fail("Dangling meta character '" +
                        utf::to_utf8(std::u16string(1, static_cast<char16_t>(peek()))) + "'");
          }
        }
      }
      out.kids.push_back(std::move(atom));
    }
  }

  bool parse_number(int& out) {
    if (at_end() || peek() < '0' || peek() > '9') return false;
    long v = 0;
    while (!at_end() && peek() >= '0' && peek() <= '9') {
      v = v * 10 + (peek() - '0');
      if (v > 100000) return false;
      ++pos_;
    }
    out = static_cast<int>(v);
    return true;
  }

  bool parse_counted(int& min, int& max) {
    ++pos_;  // {
    if (!parse_number(min)) return fail("Illegal repetition");
    max = min;
    if (!at_end() && peek() == ',') {
      ++pos_;
      max = -1;
      if (!at_end() && peek() != '}' && !parse_number(max)) return fail("Illegal repetition");
    }
    if (at_end() || peek() != '}') return fail("Unclosed counted closure");
    ++pos_;
    if (max != -1 && max < min) return fail("Illegal repetition range");
    return true;
  }

  int add_class(CharClass cls) {
    classes_.push_back(std::move(cls));
    return static_cast<int>(classes_.size()) - 1;
  }

  Node char_node(char32_t c) const {
    Node n;
    n.kind = NodeKind::Char;
    n.ch = c;
    n.icase = (flags_ & kCaseInsensitive) != 0;
    return n;
  }

  Node assert_node(Assertion assertion) const {
    Node n;
    n.kind = NodeKind::Assert;
    n.assertion = assertion;
    n.lines = lines_of(flags_);
    return n;
  }

  bool parse_inline_flags(int& flags) {
    bool on = true;
    while (!at_end() && peek() != ')' && peek() != ':') {
      const char32_t c = peek();
      if (c == '-') {
        on = false;
      } else {
        const int bit = regex_flag_of(static_cast<char16_t>(c));
        if (!bit) return fail("Unknown inline modifier");
        flags = on ? (flags | bit) : (flags & ~bit);
      }
      ++pos_;
    }
    if (at_end()) return fail("Unclosed group");
    return true;
  }

  bool parse_atom(Node& out, int depth, bool& is_flag_group) {
    const char32_t c = peek();
    switch (c) {
      case '(': {
        ++pos_;
        const int saved = flags_;
        if (!at_end() && peek() == '?') {
          ++pos_;
          if (at_end()) return fail("Unknown group type");
          const char32_t k = peek();
          if (k == ':') {
            ++pos_;
          } else if (k == '<' && pos_ + 1 < p_.size() && p_[pos_ + 1] != '=' &&
                     p_[pos_ + 1] != '!') {
            while (!at_end() && peek() != '>') ++pos_;  // a named group: the name is irrelevant
            if (at_end()) return fail("named capturing group is missing trailing '>'");
            ++pos_;
          } else if (k == '=' || k == '!' || k == '<' || k == '>') {
            return fail("Lookaround and atomic groups are not supported");
          } else {
            int flags = flags_;
            if (!parse_inline_flags(flags)) return false;
            if (peek() == ')') {  // (?i): applies to the rest of the enclosing group
              ++pos_;
              flags_ = flags;
              is_flag_group = true;
              return true;
            }
            ++pos_;  // ':'
            flags_ = flags;
          }
        }
        if (!parse_alt(out, depth + 1)) return false;
        flags_ = saved;
        if (at_end() || peek() != ')') return fail("Unclosed group");
        ++pos_;
        return true;
      }
      case '[': {
        ++pos_;
        CharClass cls;
        if (!parse_class(cls, depth + 1)) return false;
        out = Node{};
        out.kind = NodeKind::Class;
        out.cls = add_class(std::move(cls));
        return true;
      }
      case '.':
        ++pos_;
        out = Node{};
        out.kind = NodeKind::Any;
        out.dotall = (flags_ & kDotAll) != 0;
        out.lines = lines_of(flags_);
        return true;
      case '^':
        ++pos_;
        out = assert_node((flags_ & kMultiline) ? Assertion::LineStart : Assertion::TextStart);
        return true;
      case '$':
        ++pos_;
        out = assert_node((flags_ & kMultiline) ? Assertion::LineEnd
                                                : Assertion::TextEndOrBeforeFinalTerminator);
        return true;
      case '\\':
        ++pos_;
        return parse_escape(out, false, nullptr);
      case '*':
      case '+':
      case '?':
        return fail("Dangling meta character '" +
                    utf::to_utf8(std::u16string(1, static_cast<char16_t>(c))) + "'");
      case '{':
        return fail("Illegal repetition");
      default:
        ++pos_;
        out = char_node(c);
        return true;
    }
  }

  static void add_predefined(CharClass& cls, char32_t kind) {
    switch (kind) {
      case 'd':
        cls.ranges.push_back({'0', '9'});
        break;
      case 'w':
        cls.ranges.push_back({'a', 'z'});
        cls.ranges.push_back({'A', 'Z'});
        cls.ranges.push_back({'0', '9'});
        cls.ranges.push_back({'_', '_'});
        break;
      case 's':
        cls.ranges.push_back({'\t', '\r'});
        cls.ranges.push_back({' ', ' '});
        break;
      default:
        break;
    }
  }

  // \p{Name}: the ASCII POSIX classes Java defines, plus the common Unicode categories roughly.
  bool property_class(const std::u32string& name, CharClass& cls) {
    auto add = [&](char32_t lo, char32_t hi) { cls.ranges.push_back({lo, hi}); };
    if (name == U"Lower" || name == U"javaLowerCase" || name == U"Ll") {
      add('a', 'z');
    } else if (name == U"Upper" || name == U"javaUpperCase" || name == U"Lu") {
      add('A', 'Z');
    } else if (name == U"ASCII") {
      add(0, 0x7F);
    } else if (name == U"Alpha" || name == U"L" || name == U"IsAlphabetic" || name == U"IsLetter") {
      add('a', 'z'), add('A', 'Z');
      if (name != U"Alpha") add(0xC0, 0x10FFFF);  // approximation: non-ASCII counts as a letter
    } else if (name == U"Digit" || name == U"Nd" || name == U"N" || name == U"IsDigit") {
      add('0', '9');
    } else if (name == U"Alnum") {
      add('a', 'z'), add('A', 'Z'), add('0', '9');
    } else if (name == U"Punct" || name == U"P") {
      add('!', '/'), add(':', '@'), add('[', '`'), add('{', '~');
    } else if (name == U"Space" || name == U"IsWhite_Space") {
      add('\t', '\r'), add(' ', ' ');
    } else if (name == U"XDigit") {
      add('0', '9'), add('a', 'f'), add('A', 'F');
    } else if (name == U"Blank") {
      add(' ', ' '), add('\t', '\t');
    } else if (name == U"Cntrl") {
      add(0, 0x1F), add(0x7F, 0x7F);
    } else if (name == U"Graph" || name == U"Print") {
      add('!', '~');
      if (name == U"Print") add(' ', ' ');
    } else {
      return fail("Unknown character property name");
    }
    return true;
  }

  bool read_hex(int digits, char32_t& out) {
    out = 0;
    for (int i = 0; i < digits; ++i) {
      if (at_end()) return fail("Illegal hexadecimal escape sequence");
      const char32_t h = peek();
      int d = -1;
      if (h >= '0' && h <= '9') d = static_cast<int>(h - '0');
      if (h >= 'a' && h <= 'f') d = static_cast<int>(h - 'a' + 10);
      if (h >= 'A' && h <= 'F') d = static_cast<int>(h - 'A' + 10);
      if (d < 0) return fail("Illegal hexadecimal escape sequence");
      out = out * 16 + static_cast<char32_t>(d);
      ++pos_;
    }
    return true;
  }

  // After a backslash. In a class (`cls` set) predefined sets are merged into `cls`; a single
  // character comes back in `out` as a Char node either way.
  bool parse_escape(Node& out, bool in_class, CharClass* cls) {
    if (at_end()) return fail("Unexpected internal error");
    const char32_t e = peek();
    ++pos_;
    switch (e) {
      case 'd':
      case 'w':
      case 's':
      case 'D':
      case 'W':
      case 'S': {
        const char32_t kind = ascii_lower(e);
        const bool negated = e != kind;
        if (in_class && !negated) {
          add_predefined(*cls, kind);
          out = Node{};
          return true;
        }
        CharClass set;
        add_predefined(set, kind);
        set.negated = negated;
        if (in_class) {
          // A negated set inside a class: keep it as its own class by listing the complement.
          for (const auto& r : regex::complement(set.ranges)) cls->ranges.push_back(r);
          out = Node{};
          return true;
        }
        out = Node{};
        out.kind = NodeKind::Class;
        out.cls = add_class(std::move(set));
        return true;
      }
      case 'p':
      case 'P': {
        std::u32string name;
        if (!at_end() && peek() == '{') {
          ++pos_;
          while (!at_end() && peek() != '}') name += p_[pos_++];
          if (at_end()) return fail("Unclosed character family");
          ++pos_;
        } else if (!at_end()) {
          name.push_back(p_[pos_++]);
        }
        if (name.rfind(U"Is", 0) == 0 && name.size() > 2 && name != U"IsAlphabetic" &&
            name != U"IsLetter" && name != U"IsDigit" && name != U"IsWhite_Space") {
          name.erase(0, 2);
        }
        CharClass set;
        if (!property_class(name, set)) return false;
        set.negated = e == 'P';
        if (in_class && !set.negated) {
          for (const auto& r : set.ranges) cls->ranges.push_back(r);
          out = Node{};
          return true;
        }
        if (in_class) return fail("Negated properties inside classes are not supported");
        out = Node{};
        out.kind = NodeKind::Class;
        out.cls = add_class(std::move(set));
        return true;
      }
      case 'b':
        if (in_class) return fail("Illegal escape sequence");
        out = assert_node(Assertion::WordBoundary);
        return true;
      case 'B':
        if (in_class) return fail("Illegal escape sequence");
        out = assert_node(Assertion::NotWordBoundary);
        return true;
      case 'A':
        if (in_class) return fail("Illegal escape sequence");
        out = assert_node(Assertion::TextStart);
        return true;
      case 'z':
        if (in_class) return fail("Illegal escape sequence");
        out = assert_node(Assertion::TextEnd);
        return true;
      case 'Z':
        if (in_class) return fail("Illegal escape sequence");
        out = assert_node(Assertion::TextEndOrBeforeFinalTerminator);
        return true;
      case 'Q': {
        if (in_class) return fail("\\Q inside a class is not supported");
        out = Node{};
        out.kind = NodeKind::Concat;
        while (!at_end()) {
          if (peek() == '\\' && pos_ + 1 < p_.size() && p_[pos_ + 1] == 'E') {
            pos_ += 2;
            return true;
          }
          out.kids.push_back(char_node(p_[pos_++]));
        }
        return true;
      }
      case 't':
        out = char_node('\t');
        return true;
      case 'n':
        out = char_node('\n');
        return true;
      case 'r':
        out = char_node('\r');
        return true;
      case 'f':
        out = char_node('\f');
        return true;
      case 'a':
        out = char_node(0x07);
        return true;
      case 'e':
        out = char_node(0x1B);
        return true;
      case '0': {
        char32_t v = 0;
        int n = 0;
        while (n < 3 && !at_end() && peek() >= '0' && peek() <= '7' &&
               v * 8 + (peek() - '0') <= 0377) {
          v = v * 8 + (peek() - '0');
          ++pos_;
          ++n;
        }
        if (n == 0) return fail("Illegal octal escape sequence");
        out = char_node(v);
        return true;
      }
      case 'x': {
        char32_t v = 0;
        if (!at_end() && peek() == '{') {
          ++pos_;
          while (!at_end() && peek() != '}') {
            char32_t d = 0;
            if (!read_hex(1, d)) return false;
            v = v * 16 + d;
            if (v > 0x10FFFF) return fail("Hexadecimal codepoint is too big");
          }
          if (at_end()) return fail("Unclosed hexadecimal escape sequence");
          ++pos_;
        } else if (!read_hex(2, v)) {
          return false;
        }
        out = char_node(v);
        return true;
      }
      case 'u': {
        char32_t v = 0;
        if (!read_hex(4, v)) return false;
        out = char_node(v);
        return true;
      }
      case 'c':
        if (at_end()) return fail("Illegal control escape sequence");
        out = char_node(p_[pos_++] ^ 64);
        return true;
      default:
        if ((e >= '1' && e <= '9') || e == 'k') return fail("Backreferences are not supported");
        if ((e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z')) {
          return fail("Illegal/unsupported escape sequence");
        }
        out = char_node(e);
        return true;
    }
  }

  bool parse_class(CharClass& cls, int depth) {
    if (depth > kMaxParseDepth) return fail("Pattern nested too deeply");
    cls.icase = (flags_ & kCaseInsensitive) != 0;
    if (!at_end() && peek() == '^') {
      cls.negated = true;
      ++pos_;
    }
    bool first = true;
    while (true) {
      if (at_end()) return fail("Unclosed character class");
      char32_t c = peek();
      if (c == ']' && !first) {
        ++pos_;
        return true;
      }
      first = false;
      if (c == '[') {
        ++pos_;
        CharClass nested;
        if (!parse_class(nested, depth + 1)) return false;
        if (nested.negated) return fail("Negated nested classes are not supported");
        for (const auto& r : nested.ranges) cls.ranges.push_back(r);
        continue;
      }
      if (c == '&' && pos_ + 1 < p_.size() && p_[pos_ + 1] == '&') {
        return fail("Class intersections are not supported");
      }
      char32_t lo = 0;
      ++pos_;
      if (c == '\\') {
        Node n;
        if (!parse_escape(n, true, &cls)) return false;
        if (n.kind != NodeKind::Char) continue;  // a set, already merged
        lo = n.ch;
      } else {
        lo = c;
      }
      // A range lo-hi, unless the '-' is the last character of the class.
      if (pos_ + 1 < p_.size() && peek() == '-' && p_[pos_ + 1] != ']') {
        ++pos_;
        char32_t hi = p_[pos_++];
        if (hi == '\\') {
          Node n;
          if (!parse_escape(n, true, &cls) || n.kind != NodeKind::Char) {
            return fail("Illegal character range");
          }
          hi = n.ch;
        }
        if (hi < lo) return fail("Illegal character range");
        cls.ranges.push_back({lo, hi});
      } else {
        cls.ranges.push_back({lo, lo});
      }
    }
  }

  std::u32string_view p_;
  std::size_t pos_ = 0;
  int flags_;
  std::vector<CharClass>& classes_;
  std::string error_;
};

}  // namespace

int regex_flag_of(char16_t letter) {
  switch (letter) {
    case u'd':
      return kUnixLines;
    case u'i':
      return kCaseInsensitive;
    case u'x':
      return kComments;
    case u'm':
      return kMultiline;
    case u's':
      return kDotAll;
    case u'u':
      return kUnicodeCase;
    case u'U':
      return kUnicodeClass;
    default:
      return 0;
  }
}

std::optional<Regex> Regex::compile(std::u32string_view pattern, int flags, std::string& error) {
  auto program = std::make_shared<regex::Program>();
  // Java folds case for ASCII only unless UNICODE_CASE is set; `u` is accepted and, as before,
  // folds ASCII too (a known gap). Java sees text as UTF-16, so split surrogate halves join.
  program->fold = {ascii_upper, ascii_lower};
  program->join_split_surrogates = true;
  Node root;
  Parser parser(pattern, flags, program->classes);
  if (!parser.parse(root, error)) return std::nullopt;
  // matches() needs no captures (backreferences are refused), so the program saves none.
  regex::CompileOptions options;
  options.max_instructions = kMaxInstructions;
  options.captures = false;
  if (!regex::compile_program(root, options, *program, error) ||
      program->code.size() > kMaxInstructions + 1) {  // + 1: the final Match
    error = "Pattern is too large";
    return std::nullopt;
  }
  Regex r;
  r.program_ = std::move(program);
  return r;
}

bool Regex::matches(std::string_view utf8_input) const {
  return regex::full_match(*program_, utf8_input);
}

}  // namespace sfn::path::detail
