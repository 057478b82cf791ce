// The Pike VM: runs all NFA threads in lock step over the subject, so time is bounded by
// O(program size x subject length) and no recursion depends on the input. Threads are kept in
// priority order, which gives JavaScript's leftmost-first (backtracking-order) match and
// captures.
#include <algorithm>

#include "jsonata/regex/program.h"
#include "jsonata/regex/regex.h"
#include "jsonata/utf.h"

namespace sfn::jsonata {

struct Regex {
  std::string source;
  re::Program prog;
};

std::shared_ptr<const Regex> compile_regex(std::string_view pattern, std::string_view flags,
                                           std::string& error) {
  auto r = std::make_shared<Regex>();
  r->source = std::string(pattern);
  bool icase = flags.find('i') != std::string_view::npos;
  bool multiline = flags.find('m') != std::string_view::npos;
  if (!re::compile_program(to_u32(pattern), icase, multiline, r->prog, error)) return nullptr;
  return r;
}

const std::string& regex_source(const Regex& re) { return re.source; }
std::size_t regex_group_count(const Regex& re) { return static_cast<std::size_t>(re.prog.groups); }

namespace {

using re::Inst;
using re::Op;

bool is_line_terminator(char32_t c) { return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029; }
bool is_word(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool class_has(const re::CharClass& cc, char32_t c) {
  for (const auto& r : cc.ranges)
    if (c >= r.lo && c <= r.hi) return true;
  return false;
}

bool class_matches(const re::CharClass& cc, char32_t c, bool icase) {
  bool in = class_has(cc, c);
  if (!in && icase) {
    in = class_has(cc, simple_upper(c)) || class_has(cc, simple_lower(c));
  }
  return in != cc.negated;
}

bool char_matches(char32_t want, char32_t c, bool icase) {
  if (want == c) return true;
  return icase && simple_upper(want) == simple_upper(c);
}

struct Thread {
  int pc;
  std::vector<std::size_t> caps;
};

class Vm {
 public:
  Vm(const re::Program& prog, std::string_view subject, long long& budget,
     const std::function<bool()>& keep_going)
      : keep_going_(keep_going),
        prog_(prog),
        s_(subject),
        budget_(budget),
        mark_(prog.code.size(), static_cast<std::size_t>(-1)) {}

  bool run(std::size_t from, RegexMatch& out) {
    const std::size_t ncaps = 2 * (static_cast<std::size_t>(prog_.groups) + 1);
    std::vector<Thread> clist;
    std::vector<Thread> nlist;
    bool matched = false;
    std::vector<std::size_t> best;
    std::size_t pos = from;
    std::size_t generation = 1;
    std::size_t list_gen = generation;  // the generation of the threads in clist
    for (;;) {
      if (!matched) {
        // a new thread starting here has the lowest priority
        std::vector<std::size_t> caps(ncaps, kNoGroup);
        add_thread(clist, 0, pos, std::move(caps), list_gen);
      }
      std::size_t next = pos;
      char32_t c = 0;
      bool at_end = pos >= s_.size();
      if (!at_end) c = next_code_point(s_, next);
      if (clist.empty()) {
        // no thread survived the start here (e.g. a failed anchor): try the next position
        if (matched || at_end) break;
        pos = next;
        list_gen = ++generation;
        continue;
      }
      if (keep_going_ && (generation & 0xFF) == 0 && !keep_going_()) {
        budget_ = -1;
        return false;
      }
      const std::size_t next_gen = ++generation;
      for (std::size_t i = 0; i < clist.size(); ++i) {
        if (--budget_ < 0) return false;
        Thread& t = clist[i];
        const Inst& in = prog_.code[static_cast<std::size_t>(t.pc)];
        bool step = false;
        switch (in.op) {
          case Op::Char:
            step = !at_end && char_matches(in.ch, c, prog_.icase);
            break;
          case Op::Any:
            step = !at_end && !is_line_terminator(c);
            break;
          case Op::Class:
            step = !at_end &&
                   class_matches(prog_.classes[static_cast<std::size_t>(in.arg)], c, prog_.icase);
            break;
          case Op::Match:
            matched = true;
            best = t.caps;
            // lower-priority threads are cut off
            i = clist.size();
            continue;
          default:
            break;
        }
        if (step) add_thread(nlist, t.pc + 1, next, std::move(t.caps), next_gen);
      }
      clist.swap(nlist);
      nlist.clear();
      list_gen = next_gen;
      if (at_end) break;
      pos = next;
      if (matched && clist.empty()) break;
    }
    if (!matched) return false;
    out.start = best[0];
    out.end = best[1];
    out.groups.clear();
    for (int g = 1; g <= prog_.groups; ++g) {
      std::size_t a = best[static_cast<std::size_t>(2 * g)];
      std::size_t b = best[static_cast<std::size_t>(2 * g + 1)];
      if (a == kNoGroup || b == kNoGroup) {
        out.groups.emplace_back(kNoGroup, kNoGroup);
      } else {
        out.groups.emplace_back(a, b);
      }
    }
    return true;
  }

 private:
  const std::function<bool()>& keep_going_;

  // Follows the epsilon transitions from `pc` at `pos` with an explicit stack (no recursion),
  // appending the resulting threads to `list` in priority order.
  void add_thread(std::vector<Thread>& list, int pc0, std::size_t pos,
                  std::vector<std::size_t> caps0, std::size_t generation) {
    struct Item {
      int pc;
      std::vector<std::size_t> caps;
    };
    std::vector<Item> stack;
    stack.push_back({pc0, std::move(caps0)});
    while (!stack.empty()) {
      Item item = std::move(stack.back());
      stack.pop_back();
      int pc = item.pc;
      for (;;) {
        --budget_;
        auto upc = static_cast<std::size_t>(pc);
        if (mark_[upc] == generation) break;
        mark_[upc] = generation;
        const Inst& in = prog_.code[upc];
        if (in.op == Op::Jmp) {
          pc = in.x;
          continue;
        }
        if (in.op == Op::Split) {
          stack.push_back({in.y, item.caps});
          pc = in.x;
          continue;
        }
        if (in.op == Op::Save) {
          item.caps[static_cast<std::size_t>(in.arg)] = pos;
          pc += 1;
          continue;
        }
        if (in.op == Op::Bol || in.op == Op::Eol || in.op == Op::WordB || in.op == Op::NotWordB) {
          if (!assertion(in.op, pos)) break;
          pc += 1;
          continue;
        }
        list.push_back({pc, std::move(item.caps)});
        break;
      }
    }
  }

  char32_t prev_char(std::size_t pos) const {
    if (pos == 0) return 0;
    std::size_t p = pos - 1;
    while (p > 0 && (static_cast<unsigned char>(s_[p]) & 0xC0) == 0x80) --p;
    std::size_t q = p;
    return next_code_point(s_, q);
  }

  bool assertion(Op op, std::size_t pos) const {
    switch (op) {
      case Op::Bol:
        if (pos == 0) return true;
        return prog_.multiline && is_line_terminator(prev_char(pos));
      case Op::Eol: {
        if (pos >= s_.size()) return true;
        if (!prog_.multiline) return false;
        std::size_t q = pos;
        return is_line_terminator(next_code_point(s_, q));
      }
      default: {
        bool a = pos > 0 && is_word(prev_char(pos));
        bool b = false;
        if (pos < s_.size()) {
          std::size_t q = pos;
          b = is_word(next_code_point(s_, q));
        }
        return (a != b) == (op == Op::WordB);
      }
    }
  }

  const re::Program& prog_;
  std::string_view s_;
  long long& budget_;
  std::vector<std::size_t> mark_;
};

}  // namespace

bool regex_search(const Regex& re, std::string_view subject, std::size_t from, RegexMatch& out,
                  long long& budget, const std::function<bool()>& keep_going) {
  if (from > subject.size()) return false;
  Vm vm(re.prog, subject, budget, keep_going);
  return vm.run(from, out) && budget >= 0;
}

}  // namespace sfn::jsonata
