#include "path/java_regex.h"

#include <algorithm>
#include <utility>

#include "common/utf.h"
#include "path/java_text.h"

namespace sfn::path::detail {

namespace {

constexpr char32_t kNone = 0xFFFFFFFF;  // "no character here" (before the start, after the end)
constexpr int kMaxInstructions = 20000;
constexpr int kMaxParseDepth = 64;

enum class Op : unsigned char {
  Char,
  Any,
  Class,
  Split,
  Jmp,
  Match,
  Begin,
  End,
  LineBegin,
  LineEnd,
  WordBoundary,
  NotWordBoundary,
  InputEnd,
};

struct CharClass {
  std::vector<std::pair<char32_t, char32_t>> ranges;
  bool negated = false;
  bool icase = false;
};

struct Inst {
  Op op = Op::Match;
  char32_t c = 0;
  bool icase = false;
  bool dotall = false;
  bool unix_lines = false;
  bool multiline = false;
  int x = 0;
  int y = 0;
  int cls = -1;
};

char32_t ascii_lower(char32_t c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
char32_t ascii_upper(char32_t c) { return c >= 'a' && c <= 'z' ? c - 32 : c; }

bool is_line_terminator(char32_t c, bool unix_lines) {
  if (unix_lines) return c == '\n';
  return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

bool is_word(char32_t c) {
  return c != kNone &&
         ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_');
}

bool class_contains(const CharClass& cls, char32_t c) {
  auto in = [&](char32_t x) {
    for (const auto& [lo, hi] : cls.ranges) {
      if (x >= lo && x <= hi) return true;
    }
    return false;
  };
  bool hit = in(c);
  if (!hit && cls.icase) hit = in(ascii_lower(c)) || in(ascii_upper(c));
  return hit != cls.negated;
}

struct Node {
  enum Kind : unsigned char { Empty, Char, Any, Class, Assert, Concat, Alt, Repeat } kind = Empty;
  char32_t c = 0;
  int flags = 0;
  int cls = -1;
  Op assert_op = Op::Begin;
  int min = 0;
  int max = 0;  // -1: unbounded
  std::vector<Node> kids;
};

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
        while (!at_end() && !is_line_terminator(peek(), false)) ++pos_;
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
    out.kind = Node::Alt;
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
    out.kind = Node::Concat;
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
          if (!at_end() && (peek() == '?' || peek() == '+')) ++pos_;  // lazy / possessive
          if (atom.kind == Node::Assert || atom.kind == Node::Empty) {
            // Java accepts a quantified assertion; it matches like the assertion itself.
          } else {
            Node rep;
            rep.kind = Node::Repeat;
            rep.min = min;
            rep.max = max;
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
    n.kind = Node::Char;
    n.c = c;
    n.flags = flags_;
    return n;
  }

  Node assert_node(Op op) const {
    Node n;
    n.kind = Node::Assert;
    n.assert_op = op;
    n.flags = flags_;
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
        out.kind = Node::Class;
        out.cls = add_class(std::move(cls));
        return true;
      }
      case '.':
        ++pos_;
        out = Node{};
        out.kind = Node::Any;
        out.flags = flags_;
        return true;
      case '^':
        ++pos_;
        out = assert_node((flags_ & kMultiline) ? Op::LineBegin : Op::Begin);
        return true;
      case '$':
        ++pos_;
        out = assert_node((flags_ & kMultiline) ? Op::LineEnd : Op::End);
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
          CharClass complement;
          char32_t next = 0;
          std::vector<std::pair<char32_t, char32_t>> sorted = set.ranges;
          std::sort(sorted.begin(), sorted.end());
          for (const auto& [lo, hi] : sorted) {
            if (lo > next) complement.ranges.push_back({next, lo - 1});
            next = hi + 1;
          }
          complement.ranges.push_back({next, 0x10FFFF});
          for (const auto& r : complement.ranges) cls->ranges.push_back(r);
          out = Node{};
          return true;
        }
        out = Node{};
        out.kind = Node::Class;
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
        out.kind = Node::Class;
        out.cls = add_class(std::move(set));
        return true;
      }
      case 'b':
        if (in_class) return fail("Illegal escape sequence");
        out = assert_node(Op::WordBoundary);
        return true;
      case 'B':
        if (in_class) return fail("Illegal escape sequence");
        out = assert_node(Op::NotWordBoundary);
        return true;
      case 'A':
        if (in_class) return fail("Illegal escape sequence");
        out = assert_node(Op::Begin);
        return true;
      case 'z':
        if (in_class) return fail("Illegal escape sequence");
        out = assert_node(Op::InputEnd);
        return true;
      case 'Z':
        if (in_class) return fail("Illegal escape sequence");
        out = assert_node(Op::End);
        return true;
      case 'Q': {
        if (in_class) return fail("\\Q inside a class is not supported");
        out = Node{};
        out.kind = Node::Concat;
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
        if (n.kind != Node::Char) continue;  // a set, already merged
        lo = n.c;
      } else {
        lo = c;
      }
      // A range lo-hi, unless the '-' is the last character of the class.
      if (pos_ + 1 < p_.size() && peek() == '-' && p_[pos_ + 1] != ']') {
        ++pos_;
        char32_t hi = p_[pos_++];
        if (hi == '\\') {
          Node n;
          if (!parse_escape(n, true, &cls) || n.kind != Node::Char) {
            return fail("Illegal character range");
          }
          hi = n.c;
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

class Emitter {
 public:
  explicit Emitter(std::vector<Inst>& code) : code_(code) {}

  bool emit(const Node& n) {
    if (static_cast<int>(code_.size()) > kMaxInstructions) return false;
    switch (n.kind) {
      case Node::Empty:
        return true;
      case Node::Char: {
        Inst i;
        i.op = Op::Char;
        i.icase = (n.flags & kCaseInsensitive) != 0;
        i.c = i.icase ? ascii_lower(n.c) : n.c;
        code_.push_back(i);
        return true;
      }
      case Node::Any: {
        Inst i;
        i.op = Op::Any;
        i.dotall = (n.flags & kDotAll) != 0;
        i.unix_lines = (n.flags & kUnixLines) != 0;
        code_.push_back(i);
        return true;
      }
      case Node::Class: {
        Inst i;
        i.op = Op::Class;
        i.cls = n.cls;
        code_.push_back(i);
        return true;
      }
      case Node::Assert: {
        Inst i;
        i.op = n.assert_op;
        i.unix_lines = (n.flags & kUnixLines) != 0;
        code_.push_back(i);
        return true;
      }
      case Node::Concat:
        for (const auto& k : n.kids) {
          if (!emit(k)) return false;
        }
        return true;
      case Node::Alt: {
        std::vector<std::size_t> jumps;
        for (std::size_t k = 0; k < n.kids.size(); ++k) {
          if (k + 1 < n.kids.size()) {
            const std::size_t split = code_.size();
            code_.push_back(Inst{Op::Split});
            code_[split].x = static_cast<int>(code_.size());
            if (!emit(n.kids[k])) return false;
            jumps.push_back(code_.size());
            code_.push_back(Inst{Op::Jmp});
            code_[split].y = static_cast<int>(code_.size());
          } else if (!emit(n.kids[k])) {
            return false;
          }
        }
        for (const auto j : jumps) code_[j].x = static_cast<int>(code_.size());
        return true;
      }
      case Node::Repeat: {
        const Node& body = n.kids[0];
        for (int k = 0; k < n.min; ++k) {
          if (!emit(body)) return false;
        }
        if (n.max == -1) {
          const std::size_t split = code_.size();
          code_.push_back(Inst{Op::Split});
          code_[split].x = static_cast<int>(code_.size());
          if (!emit(body)) return false;
          Inst back{Op::Jmp};
          back.x = static_cast<int>(split);
          code_.push_back(back);
          code_[split].y = static_cast<int>(code_.size());
          return true;
        }
        std::vector<std::size_t> splits;
        for (int k = n.min; k < n.max; ++k) {
          splits.push_back(code_.size());
          code_.push_back(Inst{Op::Split});
          code_[splits.back()].x = static_cast<int>(code_.size());
          if (!emit(body)) return false;
        }
        for (const auto s : splits) code_[s].y = static_cast<int>(code_.size());
        return true;
      }
    }
    return false;
  }

 private:
  std::vector<Inst>& code_;
};

std::u32string decode(std::string_view utf8) {
  const std::u16string u16 = utf::to_utf16(utf8);
  std::u32string out;
  out.reserve(u16.size());
  for (std::size_t i = 0; i < u16.size(); ++i) {
    char32_t c = u16[i];
    if (c >= 0xD800 && c <= 0xDBFF && i + 1 < u16.size() && u16[i + 1] >= 0xDC00 &&
        u16[i + 1] <= 0xDFFF) {
      c = 0x10000 + ((c - 0xD800) << 10) + (u16[i + 1] - 0xDC00);
      ++i;
    }
    out += c;
  }
  return out;
}

}  // namespace

struct Regex::Program {
  std::vector<Inst> code;
  std::vector<CharClass> classes;
};

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
  auto program = std::make_shared<Program>();
  Node root;
  Parser parser(pattern, flags, program->classes);
  if (!parser.parse(root, error)) return std::nullopt;
  Emitter emitter(program->code);
  if (!emitter.emit(root) || static_cast<int>(program->code.size()) > kMaxInstructions) {
    error = "Pattern is too large";
    return std::nullopt;
  }
  program->code.push_back(Inst{Op::Match});
  Regex r;
  r.program_ = std::move(program);
  return r;
}

bool Regex::matches(std::string_view utf8_input) const {
  const std::u32string in = decode(utf8_input);
  const auto& code = program_->code;
  const std::size_t n = in.size();
  const std::size_t m = code.size();

  // Sparse sets of instruction indexes: the threads alive at the current and next position.
  std::vector<int> cur;
  std::vector<int> next;
  std::vector<std::size_t> mark(m, static_cast<std::size_t>(-1));
  std::vector<std::size_t> next_mark(m, static_cast<std::size_t>(-1));
  std::vector<int> stack;
  cur.reserve(m);
  next.reserve(m);

  auto holds = [&](const Inst& inst, std::size_t pos) {
    const char32_t prev = pos > 0 ? in[pos - 1] : kNone;
    const char32_t here = pos < n ? in[pos] : kNone;
    switch (inst.op) {
      case Op::Begin:
        return pos == 0;
      case Op::LineBegin:
        return pos == 0 || (pos < n && is_line_terminator(prev, inst.unix_lines) &&
                            !(prev == '\r' && here == '\n'));
      case Op::End:
        if (pos == n) return true;
        if (pos + 1 == n && is_line_terminator(here, inst.unix_lines)) return true;
        return !inst.unix_lines && pos + 2 == n && here == '\r' && in[pos + 1] == '\n';
      case Op::LineEnd:
        return pos == n ||
               (is_line_terminator(here, inst.unix_lines) && !(prev == '\r' && here == '\n'));
      case Op::InputEnd:
        return pos == n;
      case Op::WordBoundary:
        return is_word(prev) != is_word(here);
      case Op::NotWordBoundary:
        return is_word(prev) == is_word(here);
      default:
        return false;
    }
  };

  // Adds `pc` and everything reachable from it without consuming input.
  auto add = [&](std::vector<int>& list, std::vector<std::size_t>& marks, int pc, std::size_t pos) {
    stack.clear();
    stack.push_back(pc);
    while (!stack.empty()) {
      const int p = stack.back();
      stack.pop_back();
      if (marks[static_cast<std::size_t>(p)] == pos) continue;
      marks[static_cast<std::size_t>(p)] = pos;
      const Inst& inst = code[static_cast<std::size_t>(p)];
      switch (inst.op) {
        case Op::Jmp:
          stack.push_back(inst.x);
          break;
        case Op::Split:
          stack.push_back(inst.y);
          stack.push_back(inst.x);
          break;
        case Op::Char:
        case Op::Any:
        case Op::Class:
        case Op::Match:
          list.push_back(p);
          break;
        default:
          if (holds(inst, pos)) stack.push_back(p + 1);
          break;
      }
    }
  };

  add(cur, mark, 0, 0);
  for (std::size_t pos = 0;; ++pos) {
    if (cur.empty()) return false;
    if (pos == n) {
      for (const int p : cur) {
        if (code[static_cast<std::size_t>(p)].op == Op::Match) return true;
      }
      return false;
    }
    const char32_t c = in[pos];
    next.clear();
    for (const int p : cur) {
      const Inst& inst = code[static_cast<std::size_t>(p)];
      bool ok = false;
      switch (inst.op) {
        case Op::Char:
          ok = (inst.icase ? ascii_lower(c) : c) == inst.c;
          break;
        case Op::Any:
          ok = inst.dotall || !is_line_terminator(c, inst.unix_lines);
          break;
        case Op::Class:
          ok = class_contains(program_->classes[static_cast<std::size_t>(inst.cls)], c);
          break;
        default:
          break;
      }
      if (ok) add(next, next_mark, p + 1, pos + 1);
    }
    std::swap(cur, next);
    std::swap(mark, next_mark);
  }
}

}  // namespace sfn::path::detail
