// JavaScript regex syntax (non-unicode mode, with the lenient Annex B rules for stray braces)
// to a Pike VM program.
#include <algorithm>
#include <memory>

#include "jsonata/regex/program.h"

namespace sfn::jsonata::re {

namespace {

constexpr int kMaxNesting = 200;
constexpr int kMaxRepeat = 1000;
constexpr std::size_t kMaxProgram = 200000;

struct RNode {
  enum class T { Empty, Char, Any, Class, Cat, Alt, Group, Repeat, Bol, Eol, WordB, NotWordB };
  T t = T::Empty;
  char32_t ch = 0;
  int cls = -1;
  int capture = -1;  // Group: capture index (1-based) or -1
  int min = 0;
  int max = -1;  // -1: unbounded
  bool greedy = true;
  std::vector<std::unique_ptr<RNode>> kids;
};
using RPtr = std::unique_ptr<RNode>;

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
// The complement of a set of ranges over [0, 0x10FFFF].
std::vector<ClassItem> complement(std::vector<ClassItem> r) {
  std::sort(r.begin(), r.end(), [](const ClassItem& a, const ClassItem& b) { return a.lo < b.lo; });
  std::vector<ClassItem> out;
  char32_t next = 0;
  for (const auto& it : r) {
    if (it.lo > next) out.push_back({next, it.lo - 1});
    if (it.hi + 1 > next) next = it.hi + 1;
  }
  if (next <= 0x10FFFF) out.push_back({next, 0x10FFFF});
  return out;
}

class Parser {
 public:
  Parser(const std::u32string& p, Program& prog) : p_(p), prog_(prog) {}

  RPtr parse_all() {
    RPtr r = alternation(0);
    if (pos_ < p_.size()) fail(p_[pos_] == ')' ? "Unmatched ')'" : "Unexpected character");
    return r;
  }
  std::string error;

 private:
  [[noreturn]] void fail(const char* msg) { throw std::string(msg); }
  bool more() const { return pos_ < p_.size(); }
  char32_t peek() const { return p_[pos_]; }

  RPtr alternation(int depth) {
    if (depth > kMaxNesting) fail("Pattern nests too deeply");
    RPtr first = sequence(depth);
    if (!more() || peek() != '|') return first;
    auto alt = std::make_unique<RNode>();
    alt->t = RNode::T::Alt;
    alt->kids.push_back(std::move(first));
    while (more() && peek() == '|') {
      ++pos_;
      alt->kids.push_back(sequence(depth));
    }
    return alt;
  }

  RPtr sequence(int depth) {
    auto cat = std::make_unique<RNode>();
    cat->t = RNode::T::Cat;
    while (more() && peek() != '|' && peek() != ')') {
      RPtr atom = this->atom(depth);
      atom = quantified(std::move(atom));
      cat->kids.push_back(std::move(atom));
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

  RPtr quantified(RPtr atom) {
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
    if (atom->t == RNode::T::Bol || atom->t == RNode::T::Eol || atom->t == RNode::T::WordB ||
        atom->t == RNode::T::NotWordB) {
      fail("Nothing to repeat");
    }
    if (min > kMaxRepeat || max > kMaxRepeat) fail("Repetition count too large");
    auto rep = std::make_unique<RNode>();
    rep->t = RNode::T::Repeat;
    rep->min = min;
    rep->max = max;
    if (more() && peek() == '?') {
      rep->greedy = false;
      ++pos_;
    }
    rep->kids.push_back(std::move(atom));
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
    if (kind >= 'A' && kind <= 'Z') tmp.ranges = complement(tmp.ranges);
    cc.ranges.insert(cc.ranges.end(), tmp.ranges.begin(), tmp.ranges.end());
  }

  RPtr class_node(CharClass cc) {
    auto n = std::make_unique<RNode>();
    n->t = RNode::T::Class;
    n->cls = static_cast<int>(prog_.classes.size());
    prog_.classes.push_back(std::move(cc));
    return n;
  }

  RPtr bracket() {
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
      char32_t lo;
      if (peek() == '\\') {
        ++pos_;
        lo = escape(true, kind);
      } else {
        lo = p_[pos_++];
      }
      if (kind) {
        add_class_kind(cc, kind);
        continue;
      }
      if (more() && peek() == '-' && pos_ + 1 < p_.size() && p_[pos_ + 1] != ']') {
        std::size_t save = pos_;
        ++pos_;
        char kind2 = 0;
        char32_t hi;
        if (peek() == '\\') {
          ++pos_;
          hi = escape(true, kind2);
        } else {
          hi = p_[pos_++];
        }
        if (kind2) {
          // [a-\d]: Annex B treats '-' literally
          cc.ranges.push_back({lo, lo});
          cc.ranges.push_back({'-', '-'});
          add_class_kind(cc, kind2);
          (void)save;
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

  RPtr atom(int depth) {
    char32_t c = p_[pos_];
    auto node = std::make_unique<RNode>();
    switch (c) {
      case '^':
        ++pos_;
        node->t = RNode::T::Bol;
        return node;
      case '$':
        ++pos_;
        node->t = RNode::T::Eol;
        return node;
      case '.':
        ++pos_;
        node->t = RNode::T::Any;
        return node;
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
        RPtr inner = alternation(depth + 1);
        if (!more() || peek() != ')') fail("Unterminated group");
        ++pos_;
        node->t = RNode::T::Group;
        node->capture = capture;
        node->kids.push_back(std::move(inner));
        return node;
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
        node->t = RNode::T::Char;
        node->ch = '{';
        return node;
      }
      case '\\': {
        ++pos_;
        if (more() && (peek() == 'b' || peek() == 'B')) {
          node->t = peek() == 'b' ? RNode::T::WordB : RNode::T::NotWordB;
          ++pos_;
          return node;
        }
        char kind = 0;
        char32_t ch = escape(false, kind);
        if (kind) {
          CharClass cc;
          add_class_kind(cc, kind);
          return class_node(std::move(cc));
        }
        node->t = RNode::T::Char;
        node->ch = ch;
        return node;
      }
      default:
        ++pos_;
        node->t = RNode::T::Char;
        node->ch = c;
        return node;
    }
  }

  const std::u32string& p_;
  Program& prog_;
  std::size_t pos_ = 0;
};

class Compiler {
 public:
  explicit Compiler(Program& prog) : prog_(prog) {}

  void emit_node(const RNode& n) {
    if (prog_.code.size() > kMaxProgram) throw std::string("Pattern is too large");
    switch (n.t) {
      case RNode::T::Empty:
        break;
      case RNode::T::Char:
        emit({Op::Char, n.ch});
        break;
      case RNode::T::Any:
        emit({Op::Any});
        break;
      case RNode::T::Class: {
        Inst i{Op::Class};
        i.arg = n.cls;
        emit(i);
        break;
      }
      case RNode::T::Bol:
        emit({Op::Bol});
        break;
      case RNode::T::Eol:
        emit({Op::Eol});
        break;
      case RNode::T::WordB:
        emit({Op::WordB});
        break;
      case RNode::T::NotWordB:
        emit({Op::NotWordB});
        break;
      case RNode::T::Cat:
        for (const auto& k : n.kids) emit_node(*k);
        break;
      case RNode::T::Alt: {
        std::vector<int> jumps;
        for (std::size_t i = 0; i < n.kids.size(); ++i) {
          if (i + 1 < n.kids.size()) {
            int split = emit({Op::Split});
            prog_.code[static_cast<std::size_t>(split)].x = pc();
            emit_node(*n.kids[i]);
            jumps.push_back(emit({Op::Jmp}));
            prog_.code[static_cast<std::size_t>(split)].y = pc();
          } else {
            emit_node(*n.kids[i]);
          }
        }
        for (int j : jumps) prog_.code[static_cast<std::size_t>(j)].x = pc();
        break;
      }
      case RNode::T::Group: {
        if (n.capture > 0) {
          Inst s{Op::Save};
          s.arg = 2 * n.capture;
          emit(s);
        }
        emit_node(*n.kids[0]);
        if (n.capture > 0) {
          Inst s{Op::Save};
          s.arg = 2 * n.capture + 1;
          emit(s);
        }
        break;
      }
      case RNode::T::Repeat: {
        const RNode& body = *n.kids[0];
        for (int i = 0; i < n.min; ++i) emit_node(body);
        if (n.max == -1) {
          // L1: split L2, L3; L2: body; jmp L1; L3:
          int l1 = emit({Op::Split});
          int l2 = pc();
          emit_node(body);
          Inst j{Op::Jmp};
          j.x = l1;
          emit(j);
          set_split(l1, l2, pc(), n.greedy);
        } else {
          std::vector<int> splits;
          for (int i = n.min; i < n.max; ++i) {
            int s = emit({Op::Split});
            splits.push_back(s);
            int body_pc = pc();
            emit_node(body);
            prog_.code[static_cast<std::size_t>(s)].arg = body_pc;
          }
          int end = pc();
          for (int s : splits)
            set_split(s, prog_.code[static_cast<std::size_t>(s)].arg, end, n.greedy);
        }
        break;
      }
    }
  }

  int emit(Inst i) {
    prog_.code.push_back(i);
    return static_cast<int>(prog_.code.size()) - 1;
  }
  int pc() const { return static_cast<int>(prog_.code.size()); }
  void set_split(int at, int body, int out, bool greedy) {
    Inst& s = prog_.code[static_cast<std::size_t>(at)];
    s.x = greedy ? body : out;
    s.y = greedy ? out : body;
  }

 private:
  Program& prog_;
};

}  // namespace

bool compile_program(const std::u32string& pattern, bool icase, bool multiline, Program& out,
                     std::string& error) {
  out = Program{};
  out.icase = icase;
  out.multiline = multiline;
  try {
    Parser parser(pattern, out);
    RPtr tree = parser.parse_all();
    Compiler c(out);
    Inst s0{Op::Save};
    s0.arg = 0;
    c.emit(s0);
    c.emit_node(*tree);
    Inst s1{Op::Save};
    s1.arg = 1;
    c.emit(s1);
    c.emit({Op::Match});
    return true;
  } catch (const std::string& msg) {
    error = msg;
    return false;
  }
}

}  // namespace sfn::jsonata::re
