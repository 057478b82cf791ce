// Closures and the frames that bind them form reference cycles: `$f := function($n){ $f($n) }`
// binds, in frame F, a function whose environment is F. Both are shared_ptrs, so without help
// neither is ever freed and every such evaluation leaks its frames, its closures and whatever
// values they hold. The registry remembers the frames closures capture and, when the evaluation
// is over (no value can look a variable up any more), empties them and the frames above them,
// which breaks every cycle: a value reaches a frame only through a closure's environment.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace sfn::jsonata {

struct Frame;

class ClosureRegistry {
 public:
  ClosureRegistry() = default;
  ClosureRegistry(const ClosureRegistry&) = delete;
  ClosureRegistry& operator=(const ClosureRegistry&) = delete;
  ~ClosureRegistry();

  // `env` became the environment of a closure.
  void captured(const std::shared_ptr<Frame>& env);

 private:
  std::vector<std::weak_ptr<Frame>> frames_;
  std::size_t prune_at_ = 256;
};

}  // namespace sfn::jsonata
