// Syntax tree to Thompson-NFA program (Russ Cox, "Regular Expression Matching: the Virtual
// Machine Approach"). Recursion follows the tree, whose depth each front end bounds.
#include <algorithm>

#include "common/regex/program.h"

namespace sfn::regex {

std::vector<Range> complement(std::vector<Range> ranges) {
  std::sort(ranges.begin(), ranges.end(),
            [](const Range& a, const Range& b) { return a.lo < b.lo; });
  std::vector<Range> out;
  char32_t next = 0;
  for (const auto& r : ranges) {
    if (r.lo > next) out.push_back({next, r.lo - 1});
    if (r.hi + 1 > next) next = r.hi + 1;
  }
  if (next <= 0x10FFFF) out.push_back({next, 0x10FFFF});
  return out;
}

namespace {

class Emitter {
 public:
  Emitter(const CompileOptions& options, Program& prog) : options_(options), prog_(prog) {}

  bool emit_node(const Node& n) {
    if (prog_.code.size() > options_.max_instructions) return false;
    switch (n.kind) {
      case Node::Kind::Empty:
        return true;
      case Node::Kind::Char: {
        Inst i{Op::Char};
        i.icase = n.icase && prog_.fold.upper != nullptr;
        i.ch = i.icase ? prog_.fold.upper(n.ch) : n.ch;
        prog_.folds_chars = prog_.folds_chars || i.icase;
        emit(i);
        return true;
      }
      case Node::Kind::Any: {
        Inst i{Op::Any};
        i.x = n.dotall ? 0 : 1;
        i.lines = n.lines;
        emit(i);
        return true;
      }
      case Node::Kind::Class: {
        Inst i{Op::Class};
        i.arg = n.cls;
        emit(i);
        return true;
      }
      case Node::Kind::Assert: {
        Inst i{Op::Assert};
        i.assertion = n.assertion;
        i.lines = n.lines;
        emit(i);
        return true;
      }
      case Node::Kind::Concat:
        for (const auto& k : n.kids) {
          if (!emit_node(k)) return false;
        }
        return true;
      case Node::Kind::Alt: {
        std::vector<int> jumps;
        for (std::size_t k = 0; k < n.kids.size(); ++k) {
          if (k + 1 < n.kids.size()) {
            const int split = emit({Op::Split});
            at(split).x = pc();
            if (!emit_node(n.kids[k])) return false;
            jumps.push_back(emit({Op::Jmp}));
            at(split).y = pc();
          } else if (!emit_node(n.kids[k])) {
            return false;
          }
        }
        for (const int j : jumps) at(j).x = pc();
        return true;
      }
      case Node::Kind::Group: {
        const bool save = options_.captures && n.capture > 0;
        if (save) emit_save(2 * n.capture);
        if (!emit_node(n.kids[0])) return false;
        if (save) emit_save(2 * n.capture + 1);
        return true;
      }
      case Node::Kind::Repeat:
        return emit_repeat(n);
    }
    return false;
  }

  int emit(Inst i) {
    prog_.code.push_back(i);
    return static_cast<int>(prog_.code.size()) - 1;
  }

  void emit_save(int slot) {
    Inst s{Op::Save};
    s.arg = slot;
    emit(s);
  }

 private:
  bool emit_repeat(const Node& n) {
    const Node& body = n.kids[0];
    for (int k = 0; k < n.min; ++k) {
      if (!emit_node(body)) return false;
    }
    if (n.max == -1) {
      // L1: split L2, L3; L2: body; jmp L1; L3:
      const int l1 = emit({Op::Split});
      const int l2 = pc();
      if (!emit_node(body)) return false;
      Inst back{Op::Jmp};
      back.x = l1;
      emit(back);
      set_split(l1, l2, pc(), n.greedy);
      return true;
    }
    std::vector<std::pair<int, int>> splits;  // (split, its body)
    for (int k = n.min; k < n.max; ++k) {
      const int s = emit({Op::Split});
      splits.emplace_back(s, pc());
      if (!emit_node(body)) return false;
    }
    const int end = pc();
    for (const auto& [s, b] : splits) set_split(s, b, end, n.greedy);
    return true;
  }

  Inst& at(int pc) { return prog_.code[static_cast<std::size_t>(pc)]; }
  int pc() const { return static_cast<int>(prog_.code.size()); }
  void set_split(int split, int body, int out, bool greedy) {
    at(split).x = greedy ? body : out;
    at(split).y = greedy ? out : body;
  }

  const CompileOptions& options_;
  Program& prog_;
};

}  // namespace

bool compile_program(const Node& root, const CompileOptions& options, Program& out,
                     std::string& error) {
  for (auto& cls : out.classes) cls.icase = cls.icase && out.fold.upper != nullptr;
  out.slots = options.captures ? 2 * (static_cast<std::size_t>(out.groups) + 1) : 0;
  Emitter emitter(options, out);
  if (options.captures) emitter.emit_save(0);
  if (!emitter.emit_node(root)) {
    error = "Pattern is too large";
    return false;
  }
  if (options.captures) emitter.emit_save(1);
  emitter.emit({Op::Match});
  return true;
}

}  // namespace sfn::regex
