#include "service/progress_board.h"

namespace sfn::service {

void ProgressBoard::publish(const std::string& execution_arn, const std::string& name,
                            const std::vector<engine::MapProgress>& maps, bool running) {
  std::lock_guard lock(mutex_);
  auto [it, added] = order_.try_emplace(execution_arn, next_order_);
  if (added) ++next_order_;
  ExecutionProgress& p = known_[it->second];
  p.execution_arn = execution_arn;
  p.name = name;
  p.running = running;
  p.maps = maps;
}

std::vector<ExecutionProgress> ProgressBoard::take_snapshot() {
  std::lock_guard lock(mutex_);
  std::vector<ExecutionProgress> out;
  out.reserve(known_.size());
  for (auto it = known_.begin(); it != known_.end();) {
    out.push_back(it->second);
    if (it->second.running) {
      ++it;
    } else {
      order_.erase(it->second.execution_arn);
      it = known_.erase(it);
    }
  }
  return out;
}

}  // namespace sfn::service
