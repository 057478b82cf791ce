// The ECMAScript front end of the core's one regex machine (common/regex/): JavaScript regex
// syntax (non-unicode mode, with the lenient Annex B rules for stray braces) parsed into the
// shared syntax tree, compiled with capture groups and searched leftmost-first by the Pike VM.
#include "jsonata/regex/regex.h"

#include <algorithm>

#include "common/regex/pike_vm.h"
#include "common/regex/program.h"
#include "jsonata/utf.h"

namespace sfn::jsonata {

struct Regex {
  std::string source;
  regex::Program prog;
};

namespace {

using regex::Assertion;
using regex::CharClass;
using regex::Node;
using Kind = Node::Kind;

constexpr int kMaxNesting = 200;
constexpr int kMaxRepeat = 1000;
constexpr std::size_t kMaxProgram = 200000;

void add_digit(CharClass& c) { c.ranges.push_back({'0', '9'}); }
void add_word(CharClass& c) {
  c.ranges.push_back({'a', 'z'});
  c.ranges.push_back({'A', 'Z'});
  c.ranges.push_back({'0', '9'});
  c.ranges.push_back({'_', '_'});
}
void add_space(CharClass& c) {
  for (char32_t ch :
       {U'\t', U'\n', U'\v', U'\f', U'\r', U' ', char32_t{0xA0}, char32_t{0x1680}, char32_t{0x2028},
        char32_t{0x2029}, char32_t{0x202F}, char32_t{0x205F}, char32_t{0x3000}, char32_t{0xFEFF}})
    c.ranges.push_back({ch, ch});
  c.ranges.push_back({0x2000, 0x200A});
}

class Parser {
 public:
  Parser(const std::u32string& p, regex::Program& prog, bool icase, bool multiline)
      : p_(p), prog_(prog), icase_(icase), multiline_(multiline) {}

  Node parse_all() {
    Node r = alternation(0);
    if (pos_ < p_.size()) fail(p_[pos_] == ')' ? "Unmatched ')'" : "Unexpected character");
    return r;
  }
  std::string error;

 private:
  [[noreturn]] void fail(const char* msg) { throw std::string(msg); }
  bool more() const { return pos_ < p_.size(); }
  char32_t peek() const { return p_[pos_]; }

  Node alternation(int depth) {
    if (depth > kMaxNesting) fail("Pattern nests too deeply");
    Node first = sequence(depth);
    if (!more() || peek() != '|') return first;
    Node alt;
    alt.kind = Kind::Alt;
    alt.kids.push_back(std::move(first));
    while (more() && peek() == '|') {
      ++pos_;
      alt.kids.push_back(sequence(depth));
    }
    return alt;
  }

  Node sequence(int depth) {
    Node cat;
    cat.kind = Kind::Concat;
    while (more() && peek() != '|' && peek() != ')') {
      Node atom = this->atom(depth);
      cat.kids.push_back(quantified(std::move(atom)));
    }
    return cat;
  }

  bool parse_int(std::size_t& i, int& out) {
    std::size_t start = i;
    long long v = 0;
    while (i < p_.size() && p_[i] >= '0' && p_[i] <= '9') {
      v = v * 10 + (p_[i] - '0');
      if (v > 1000000) v = 1000000;
      ++i;
    }
    out = static_cast<int>(v);
    return i > start;
  }

  // Tries to read {n}, {n,}, {n,m} at pos_; false (nothing consumed) if it is not one.
  bool brace_quantifier(int& min, int& max) {
    std::size_t i = pos_ + 1;
    if (!parse_int(i, min)) return false;
    max = min;
    if (i < p_.size() && p_[i] == ',') {
      ++i;
      if (!parse_int(i, max)) max = -1;
    }
    if (i >= p_.size() || p_[i] != '}') return false;
    pos_ = i + 1;
    return true;
  }

  Node quantified(Node atom) {
    if (!more()) return atom;
    int min = 0;
    int max = -1;
    char32_t c = peek();
    if (c == '*') {
      ++pos_;
    } else if (c == '+') {
      min = 1;
      ++pos_;
    } else if (c == '?') {
      max = 1;
      ++pos_;
    } else if (c == '{' && brace_quantifier(min, max)) {
      if (max != -1 && max < min) fail("numbers out of order in {} quantifier");
    } else {
      return atom;
    }
    if (atom.kind == Kind::Assert) fail("Nothing to repeat");
    if (min > kMaxRepeat || max > kMaxRepeat) fail("Repetition count too large");
    Node rep;
    rep.kind = Kind::Repeat;
    rep.min = min;
    rep.max = max;
    if (more() && peek() == '?') {
      rep.greedy = false;
      ++pos_;
    }
    rep.kids.push_back(std::move(atom));
    return rep;
  }

  int hex_digits(std::size_t at, int n) {
    if (at + static_cast<std::size_t>(n) > p_.size()) return -1;
    int v = 0;
    for (int k = 0; k < n; ++k) {
      char32_t c = p_[at + static_cast<std::size_t>(k)];
      int d = (c >= '0' && c <= '9')   ? static_cast<int>(c - '0')
              : (c >= 'a' && c <= 'f') ? static_cast<int>(c - 'a' + 10)
              : (c >= 'A' && c <= 'F') ? static_cast<int>(c - 'A' + 10)
                                       : -1;
      if (d < 0) return -1;
      v = v * 16 + d;
    }
    return v;
  }

  // An escape after '\' (pos_ at the escaped char) denoting one character; sets `cls_kind`
  // ('d','D','w','W','s','S') instead for class escapes. `in_class` makes \b a backspace.
  char32_t escape(bool in_class, char& cls_kind) {
    cls_kind = 0;
    if (!more()) fail("\\ at end of pattern");
    char32_t c = p_[pos_++];
    switch (c) {
      case 'd':
      case 'D':
      case 'w':
      case 'W':
      case 's':
      case 'S':
        cls_kind = static_cast<char>(c);
        return 0;
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case 'b':
        return in_class ? U'\b' : U'b';
      case '0':
        if (more() && peek() >= '0' && peek() <= '9') fail("Octal escapes are not supported");
        return 0;
      case 'x': {
        int v = hex_digits(pos_, 2);
        if (v < 0) return 'x';
        pos_ += 2;
        return static_cast<char32_t>(v);
      }
      case 'u': {
        int v = hex_digits(pos_, 4);
        if (v < 0) return 'u';
        pos_ += 4;
        return static_cast<char32_t>(v);
      }
      case 'c': {
        if (more() && ((peek() >= 'a' && peek() <= 'z') || (peek() >= 'A' && peek() <= 'Z'))) {
          return p_[pos_++] % 32;
        }
        --pos_;
        return '\\';
      }
      default:
        if (c >= '1' && c <= '9') fail("Backreferences are not supported");
        return c;
    }
  }

  void add_class_kind(CharClass& cc, char kind) {
    CharClass tmp;
    switch (kind) {
      case 'd':
      case 'D':
        add_digit(tmp);
        break;
      case 'w':
      case 'W':
        add_word(tmp);
        break;
      default:
        add_space(tmp);
        break;
    }
    if (kind >= 'A' && kind <= 'Z') tmp.ranges = regex::complement(tmp.ranges);
    cc.ranges.insert(cc.ranges.end(), tmp.ranges.begin(), tmp.ranges.end());
  }

  Node class_node(CharClass cc) {
    cc.icase = icase_;
    Node n;
    n.kind = Kind::Class;
    n.cls = static_cast<int>(prog_.classes.size());
    prog_.classes.push_back(std::move(cc));
    return n;
  }

  Node char_node(char32_t ch) const {
    Node n;
    n.kind = Kind::Char;
    n.ch = ch;
    n.icase = icase_;
    return n;
  }

  static Node assert_node(Assertion assertion) {
    Node n;
    n.kind = Kind::Assert;
    n.assertion = assertion;
    n.lines = regex::Lines::EcmaScript;
    return n;
  }

  // One member of a class (pos_ on it): an escape or a literal character; `kind` as escape().
  char32_t class_atom(char& kind) {
    kind = 0;
    if (peek() != '\\') return p_[pos_++];
    ++pos_;
    return escape(true, kind);
  }

  Node bracket() {
    // pos_ just after '['
    CharClass cc;
    if (more() && peek() == '^') {
      cc.negated = true;
      ++pos_;
    }
    for (;;) {
      if (!more()) fail("Unterminated character class");
      if (peek() == ']') {
        ++pos_;
        break;
      }
      char kind = 0;
      const char32_t lo = class_atom(kind);
      if (kind) {
        add_class_kind(cc, kind);
        continue;
      }
      if (more() && peek() == '-' && pos_ + 1 < p_.size() && p_[pos_ + 1] != ']') {
        ++pos_;
        char kind2 = 0;
        const char32_t hi = class_atom(kind2);
        if (kind2) {
          // [a-\d]: Annex B treats '-' literally
          cc.ranges.push_back({lo, lo});
          cc.ranges.push_back({'-', '-'});
          add_class_kind(cc, kind2);
          continue;
        }
        if (hi < lo) fail("Range out of order in character class");
        cc.ranges.push_back({lo, hi});
        continue;
      }
      cc.ranges.push_back({lo, lo});
    }
    return class_node(std::move(cc));
  }

  Node atom(int depth) {
    char32_t c = p_[pos_];
    switch (c) {
      case '^':
        ++pos_;
        return assert_node(multiline_ ? Assertion::LineStart : Assertion::TextStart);
      case '$':
        ++pos_;
        return assert_node(multiline_ ? Assertion::LineEnd : Assertion::TextEnd);
      case '.': {
        ++pos_;
        Node n;
        n.kind = Kind::Any;
        n.lines = regex::Lines::EcmaScript;
        return n;
      }
      case '[':
        ++pos_;
        return bracket();
      case '(': {
        ++pos_;
        int capture = -1;
        if (more() && peek() == '?') {
          if (pos_ + 1 < p_.size() && p_[pos_ + 1] == ':') {
            pos_ += 2;
          } else if (pos_ + 1 < p_.size() && p_[pos_ + 1] == '<' && pos_ + 2 < p_.size() &&
                     p_[pos_ + 2] != '=' && p_[pos_ + 2] != '!') {
            std::size_t close = p_.find('>', pos_);
            if (close == std::u32string::npos) fail("Invalid capture group name");
            pos_ = close + 1;
            capture = ++prog_.groups;
          } else {
            fail("Lookaround assertions are not supported");
          }
        } else {
          capture = ++prog_.groups;
        }
        Node inner = alternation(depth + 1);
        if (!more() || peek() != ')') fail("Unterminated group");
        ++pos_;
        Node group;
        group.kind = Kind::Group;
        group.capture = capture;
        group.kids.push_back(std::move(inner));
        return group;
      }
      case '*':
      case '+':
      case '?':
        fail("Nothing to repeat");
      case '{': {
        int a = 0;
        int b = 0;
        std::size_t save = pos_;
        if (brace_quantifier(a, b)) {
          pos_ = save;
          fail("Nothing to repeat");
        }
        ++pos_;
        return char_node('{');
      }
      case '\\': {
        ++pos_;
        if (more() && (peek() == 'b' || peek() == 'B')) {
          const bool word = peek() == 'b';
          ++pos_;
          return assert_node(word ? Assertion::WordBoundary : Assertion::NotWordBoundary);
        }
        char kind = 0;
        char32_t ch = escape(false, kind);
        if (kind) {
          CharClass cc;
          add_class_kind(cc, kind);
          return class_node(std::move(cc));
        }
        return char_node(ch);
      }
      default:
        ++pos_;
        return char_node(c);
    }
  }

  const std::u32string& p_;
  regex::Program& prog_;
  bool icase_;
  bool multiline_;
  std::size_t pos_ = 0;
};

}  // namespace

std::shared_ptr<const Regex> compile_regex(std::string_view pattern, std::string_view flags,
                                           std::string& error) {
  auto r = std::make_shared<Regex>();
  r->source = std::string(pattern);
  const bool icase = flags.find('i') != std::string_view::npos;
  const bool multiline = flags.find('m') != std::string_view::npos;
  r->prog.fold = {simple_upper, simple_lower};
  try {
    const std::u32string text = to_u32(pattern);
    Parser parser(text, r->prog, icase, multiline);
    const Node tree = parser.parse_all();
    regex::CompileOptions options;
    options.max_instructions = kMaxProgram;
    if (!regex::compile_program(tree, options, r->prog, error)) return nullptr;
  } catch (const std::string& msg) {
    error = msg;
    return nullptr;
  }
  return r;
}

bool regex_search(const Regex& re, std::string_view subject, std::size_t from, RegexMatch& out,
                  long long& budget, const std::function<bool()>& keep_going) {
  return regex::search(re.prog, subject, from, out, {budget, keep_going ? &keep_going : nullptr});
}

const std::string& regex_source(const Regex& re) { return re.source; }
std::size_t regex_group_count(const Regex& re) { return static_cast<std::size_t>(re.prog.groups); }

}  // namespace sfn::jsonata
