// Evaluation of a compiled Program: Jayway's PathToken.evaluate() family, ported. Internal.
#pragma once

#include <memory>
#include <vector>

#include "json/json.h"
#include "path/program.h"

namespace sfn::path::detail {

// One run of a program over a document. `root` is what `$` means inside filters (Jayway's
// rootDocument); `document` is where the path starts (the root itself, or a filter's `@`).
// Results point into the documents or into `owned` (values the path built). Throws JavaException.
class Evaluation {
 public:
  // `parent`: the evaluation whose filter runs this one; nested evaluations share one recursion
  // budget. `require_properties`: Jayway's REQUIRE_PROPERTIES option (filter existence checks).
  Evaluation(const Program& program, const Json& root, Evaluation* parent = nullptr,
             bool require_properties = false);

  void run(const Json& document);

  const Program& program() const { return program_; }
  const Json& root() const { return root_; }
  const std::vector<const Json*>& results() const { return results_; }

  bool require_properties() const { return require_properties_; }

  // A value built during evaluation, kept alive as long as the Evaluation.
  const Json& keep(Json value) {
    owned_.push_back(std::make_unique<Json>(std::move(value)));
    return *owned_.back();
  }
  void add_result(const Json& value) { results_.push_back(&value); }
  // Moves out a value built by keep(); nullopt-like empty pointer when `value` is a document node.
  std::unique_ptr<Json> release(const Json* value) {
    for (auto& v : owned_) {
      if (v.get() == value) return std::move(v);
    }
    return nullptr;
  }

  // Recursion accounting shared by an evaluation and the ones its filters start; throws when
  // hostile input would recurse deeper than the stack can take.
  void enter();
  void leave() { --*depth_; }

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
  std::vector<std::unique_ptr<Json>> owned_;
  std::vector<int> upstream_index_;
  bool require_properties_;
  int own_depth_ = 0;
  int* depth_;
};

// Evaluates token `i` on `model` (`i == tokens.size()` never happens: leaves add results).
void evaluate_token(Evaluation& ev, std::size_t i, const Json& model);

// The simple fast path: only single names and single indexes. Returns the selected node or throws
// exactly what the general evaluator would; allocates nothing on success.
const Json& evaluate_simple(const Program& program, const Json& document);

// The same walk without messages: nullptr wherever evaluate_simple would throw.
const Json* find_simple(const Program& program, const Json& document);

// The path Jayway reports for a position reached through definite tokens only:
// "$['a'][0]" for the tokens before `i`.
std::string current_path(const Program& program, std::size_t i);

}  // namespace sfn::path::detail
