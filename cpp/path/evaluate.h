// Evaluation of a compiled Program: Jayway's PathToken.evaluate() family, ported. Internal.
#pragma once

#include <deque>
#include <vector>

#include "json/json.h"
#include "path/program.h"

namespace sfn::path::detail {

// One run of a program over a document. `root` is what `$` means inside filters (Jayway's
// rootDocument); `document` is where the path starts (the root itself, or a filter's `@`).
// Results point into the documents or into `owned` (values the path built). Throws JavaException.
class Evaluation {
 public:
  Evaluation(const Program& program, const Json& root);

  void run(const Json& document);

  const Program& program() const { return program_; }
  const Json& root() const { return root_; }
  const std::vector<const Json*>& results() const { return results_; }

  // A value built during evaluation, kept alive as long as the Evaluation.
  const Json& keep(Json value) { return owned_.emplace_back(std::move(value)); }
  void add_result(const Json& value) { results_.push_back(&value); }
  bool owns(const Json* value) const {
    for (const Json& v : owned_) {
      if (&v == value) return true;
    }
    return false;
  }

  // Jayway's getValue(false): a definite path yields its (last) result or throws "No results
  // for path"; an indefinite one yields the array of results.
  const Json* definite_value() const;  // throws PathNotFound when there is none
  Json indefinite_value() const;

  // Scan's per-evaluation quirk (see evaluate.cpp): the array index a scan last walked through,
  // recorded on the token after the one following the scan; -1 until then.
  int upstream_array_index(std::size_t token) const;
  void set_upstream_array_index(std::size_t token, int index);

 private:
  const Program& program_;
  const Json& root_;
  std::vector<const Json*> results_;
  std::deque<Json> owned_;
  std::vector<int> upstream_index_;
};

// Evaluates token `i` on `model` (`i == tokens.size()` never happens: leaves add results).
void evaluate_token(Evaluation& ev, std::size_t i, const Json& model);

// The simple fast path: only single names and single indexes. Returns the selected node or throws
// exactly what the general evaluator would; allocates nothing on success.
const Json& evaluate_simple(const Program& program, const Json& document);

// The path Jayway reports for a position reached through definite tokens only:
// "$['a'][0]" for the tokens before `i`.
std::string current_path(const Program& program, std::size_t i);

}  // namespace sfn::path::detail
