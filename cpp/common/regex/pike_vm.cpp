// Threads live in two lists (this position, the next), each a flat array of program counters and
// one of capture slots, so a step allocates nothing once the lists have grown. Epsilon moves are
// followed with an explicit stack that also undoes capture writes (RE2's scheme), so one working
// capture array serves every thread being added.
#include "common/regex/pike_vm.h"

#include <algorithm>
#include <limits>

#include "common/utf.h"

namespace sfn::regex {

namespace {

constexpr char32_t kNone = 0xFFFFFFFF;  // "no character here": before the start, after the end

bool is_terminator(char32_t c, Lines lines) {
  switch (lines) {
    case Lines::JavaUnix:
      return c == '\n';
    case Lines::Java:
      return c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029;
    case Lines::EcmaScript:
      return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029;
  }
  return false;
}

bool is_word(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool class_has(const CharClass& cc, char32_t c) {
  for (const auto& r : cc.ranges) {
    if (c >= r.lo && c <= r.hi) return true;
  }
  return false;
}

// Both dialects fold ASCII the same way; inline it and ask the dialect only beyond ASCII.
char32_t upper(const CaseFold& fold, char32_t c) {
  if (c < 0x80) return c >= 'a' && c <= 'z' ? c - 32 : c;
  return fold.upper(c);
}
char32_t lower(const CaseFold& fold, char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z' ? c + 32 : c;
  return fold.lower(c);
}

bool class_matches(const CharClass& cc, const CaseFold& fold, char32_t c) {
  bool in = class_has(cc, c);
  if (!in && cc.icase) in = class_has(cc, upper(fold, c)) || class_has(cc, lower(fold, c));
  return in != cc.negated;
}

enum class Mode : unsigned char { Full, Search };

class Vm {
 public:
  Vm(const Program& prog, std::string_view subject, Mode mode, long long steps,
     const std::function<bool()>* keep_going)
      : prog_(prog),
        s_(subject),
        mode_(mode),
        steps_(steps),
        keep_going_(keep_going),
        any_icase_(prog.folds_chars),
        ncaps_(prog.slots),
        work_(ncaps_, kNoGroup),
        mark_(prog.code.size(), 0) {}

  long long steps_left() const { return steps_; }

  bool run(std::size_t from, Match* out) {
    const std::size_t n = s_.size();
    List clist;
    List nlist;
    // A list holds each instruction at most once: reserving the program's size avoids regrowth.
    clist.pcs.reserve(prog_.code.size());
    nlist.pcs.reserve(prog_.code.size());
    stack_.reserve(prog_.code.size());
    bool matched = false;
    std::vector<std::size_t> best;
    std::size_t pos = from;
    char32_t prev = from == 0 ? kNone : char_before(from);
    std::size_t generation = 1;
    std::size_t list_generation = generation;  // the generation of the threads in clist
    for (;;) {
      if (!matched && (mode_ == Mode::Search || pos == from)) {
        // A thread starting here has the lowest priority.
        std::fill(work_.begin(), work_.end(), kNoGroup);
        add_thread(clist, 0, pos, prev, list_generation);
      }
      const bool at_end = pos >= n;
      std::size_t next = pos;
      const char32_t c = at_end ? kNone : decode(next);
      // Case-insensitive Chars hold their character folded; fold the subject's once here.
      const char32_t folded = any_icase_ && !at_end ? upper(prog_.fold, c) : c;
      if (clist.pcs.empty()) {
        // No thread survived the start here (a failed anchor, say): try the next position.
        if (matched || at_end || mode_ == Mode::Full) break;
        prev = c;
        pos = next;
        list_generation = ++generation;
        continue;
      }
      if (keep_going_ != nullptr && (generation & 0xFF) == 0 && !(*keep_going_)()) {
        steps_ = -1;
        return false;
      }
      const std::size_t next_generation = ++generation;
      for (std::size_t i = 0; i < clist.pcs.size(); ++i) {
        if (--steps_ < 0) return false;
        const int pc = clist.pcs[i];
        const Inst& in = prog_.code[static_cast<std::size_t>(pc)];
        bool step = false;
        switch (in.op) {
          case Op::Char:
            step = !at_end && (in.icase ? folded : c) == in.ch;
            break;
          case Op::Any:
            step = !at_end && (in.x == 0 || !is_terminator(c, in.lines));
            break;
          case Op::Class:
            step = !at_end &&
                   class_matches(prog_.classes[static_cast<std::size_t>(in.arg)], prog_.fold, c);
            break;
          case Op::Match:
            if (mode_ == Mode::Full) {
              if (at_end) return true;
              continue;  // matches() needs the whole input: this thread ended too early
            }
            matched = true;
            best.assign(clist.caps.begin() + static_cast<std::ptrdiff_t>(i * ncaps_),
                        clist.caps.begin() + static_cast<std::ptrdiff_t>((i + 1) * ncaps_));
            i = clist.pcs.size();  // lower-priority threads are cut off
            continue;
          default:
            break;
        }
        if (!step) continue;
        if (ncaps_ != 0) {
          std::copy_n(clist.caps.begin() + static_cast<std::ptrdiff_t>(i * ncaps_), ncaps_,
                      work_.begin());
        }
        add_thread(nlist, pc + 1, next, c, next_generation);
      }
      std::swap(clist, nlist);
      nlist.clear();
      list_generation = next_generation;
      if (at_end) break;
      prev = c;
      pos = next;
      if (matched && clist.pcs.empty()) break;
    }
    if (!matched) return false;
    if (out != nullptr) {
      out->start = best[0];
      out->end = best[1];
      out->groups.clear();
      for (std::size_t g = 1; g <= static_cast<std::size_t>(prog_.groups); ++g) {
        const std::size_t a = best[2 * g];
        const std::size_t b = best[2 * g + 1];
        if (a == kNoGroup || b == kNoGroup) {
          out->groups.emplace_back(kNoGroup, kNoGroup);
        } else {
          out->groups.emplace_back(a, b);
        }
      }
    }
    return true;
  }

 private:
  struct List {
    std::vector<int> pcs;
    std::vector<std::size_t> caps;  // ncaps_ slots per thread
    void clear() {
      pcs.clear();
      caps.clear();
    }
  };
  struct Frame {
    int pc;
    int slot;  // >= 0: not a thread but "restore work_[slot] to old"
    std::size_t old;
  };

  char32_t decode(std::size_t& i) const {
    const auto b = static_cast<unsigned char>(s_[i]);
    if (b < 0x80) {
      ++i;
      return b;
    }
    char32_t c = utf::next_code_point(s_, i);
    if (prog_.join_split_surrogates && c >= 0xD800 && c <= 0xDBFF && i < s_.size()) {
      std::size_t j = i;
      const char32_t low = utf::next_code_point(s_, j);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
        i = j;
      }
    }
    return c;
  }

  char32_t char_before(std::size_t pos) const {
    std::size_t p = pos - 1;
    while (p > 0 && (static_cast<unsigned char>(s_[p]) & 0xC0) == 0x80) --p;
    return utf::next_code_point(s_, p);
  }

  char32_t char_at(std::size_t pos) const {
    if (pos >= s_.size()) return kNone;
    return decode(pos);
  }

  // The anchors of both dialects; `lines` says whose line rules apply (program.h).
  bool holds(const Inst& in, std::size_t pos, char32_t prev) const {
    const std::size_t n = s_.size();
    switch (in.assertion) {
      case Assertion::TextStart:
        return pos == 0;
      case Assertion::TextEnd:
        return pos >= n;
      case Assertion::TextEndOrBeforeFinalTerminator: {
        if (pos >= n) return true;
        std::size_t q = pos;
        const char32_t here = decode(q);
        if (q == n && is_terminator(here, in.lines)) return true;
        return in.lines != Lines::JavaUnix && here == '\r' && q + 1 == n && s_[q] == '\n';
      }
      case Assertion::LineStart:
        if (pos == 0) return true;
        if (in.lines == Lines::EcmaScript) return is_terminator(prev, in.lines);
        return pos < n && is_terminator(prev, in.lines) && !(prev == '\r' && char_at(pos) == '\n');
      case Assertion::LineEnd: {
        if (pos >= n) return true;
        const char32_t here = char_at(pos);
        if (in.lines == Lines::EcmaScript) return is_terminator(here, in.lines);
        return is_terminator(here, in.lines) && !(prev == '\r' && here == '\n');
      }
      case Assertion::WordBoundary:
        return is_word(prev) != is_word(char_at(pos));
      case Assertion::NotWordBoundary:
        return is_word(prev) == is_word(char_at(pos));
    }
    return false;
  }

  // Follows the epsilon moves from `pc0` at `pos`, appending the threads that reach a consuming
  // instruction (or Match) to `list` in priority order, each with a copy of its captures.
  void add_thread(List& list, int pc0, std::size_t pos, char32_t prev, std::size_t generation) {
    stack_.clear();
    int pc = pc0;
    for (;;) {
      for (;;) {
        --steps_;
        const auto upc = static_cast<std::size_t>(pc);
        if (mark_[upc] == generation) break;
        mark_[upc] = generation;
        const Inst& in = prog_.code[upc];
        if (in.op == Op::Jmp) {
          pc = in.x;
        } else if (in.op == Op::Split) {
          stack_.push_back({in.y, -1, 0});
          pc = in.x;
        } else if (in.op == Op::Save) {
          const auto slot = static_cast<std::size_t>(in.arg);
          if (slot < ncaps_) {
            stack_.push_back({0, in.arg, work_[slot]});
            work_[slot] = pos;
          }
          ++pc;
        } else if (in.op == Op::Assert) {
          if (!holds(in, pos, prev)) break;
          ++pc;
        } else {
          list.pcs.push_back(pc);
          if (ncaps_ != 0) list.caps.insert(list.caps.end(), work_.begin(), work_.end());
          break;
        }
      }
      // The next alternative, after undoing the captures written since it was pushed.
      for (;;) {
        if (stack_.empty()) return;
        const Frame f = stack_.back();
        stack_.pop_back();
        if (f.slot < 0) {
          pc = f.pc;
          break;
        }
        work_[static_cast<std::size_t>(f.slot)] = f.old;
      }
    }
  }

  const Program& prog_;
  std::string_view s_;
  Mode mode_;
  long long steps_;  // a local count (not the caller's variable) so it can live in a register
  const std::function<bool()>* keep_going_;
  bool any_icase_;
  std::size_t ncaps_;
  std::vector<std::size_t> work_;
  std::vector<std::size_t> mark_;
  std::vector<Frame> stack_;
};

}  // namespace

bool full_match(const Program& prog, std::string_view subject) {
  // Unbounded: linear time is the bound.
  Vm vm(prog, subject, Mode::Full, std::numeric_limits<long long>::max(), nullptr);
  return vm.run(0, nullptr);
}

bool search(const Program& prog, std::string_view subject, std::size_t from, Match& out,
            Budget budget) {
  if (from > subject.size()) return false;
  Vm vm(prog, subject, Mode::Search, budget.steps, budget.keep_going);
  const bool found = vm.run(from, &out);
  budget.steps = vm.steps_left();
  return found && budget.steps >= 0;
}

}  // namespace sfn::regex
