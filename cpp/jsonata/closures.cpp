#include "jsonata/closures.h"

#include <algorithm>
#include <string>
#include <unordered_set>
#include <utility>

#include "jsonata/evaluator.h"

namespace sfn::jsonata {

void ClosureRegistry::captured(const std::shared_ptr<Frame>& env) {
  if (!env) return;
  // A loop creating closures would grow the list without bound; frames that died on their own
  // (no cycle) are dropped as it doubles, which keeps it proportional to the frames alive.
  if (frames_.size() >= prune_at_) {
    std::erase_if(frames_, [](const std::weak_ptr<Frame>& f) { return f.expired(); });
    prune_at_ = std::max<std::size_t>(256, 2 * frames_.size());
  }
  frames_.push_back(env);
}

ClosureRegistry::~ClosureRegistry() {
  // The bindings are moved out first and destroyed together at the end: destroying one can
  // free frames that a later iteration would otherwise still walk.
  std::vector<std::vector<std::pair<std::string, Value>>> released;
  std::unordered_set<const Frame*> emptied;
  for (const std::weak_ptr<Frame>& weak : frames_) {
    for (std::shared_ptr<Frame> f = weak.lock(); f && emptied.insert(f.get()).second;
         f = f->parent) {
      released.push_back(std::move(f->vars));
      f->vars.clear();
    }
  }
}

}  // namespace sfn::jsonata
