#include "service/clock.h"

#include <chrono>

namespace sfn::service {

std::int64_t wall_clock_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

ManualClock::ManualClock(std::int64_t start_ms) : now_ms_(start_ms) {}

void ManualClock::attach(std::weak_ptr<ClockListener> listener) {
  std::lock_guard lock(mutex_);
  listeners_.push_back(std::move(listener));
}

void ManualClock::advance(std::int64_t delta_ms) {
  // Listeners run with the lock released: a task handler woken by the advance may start
  // executions on a service attached to this clock.
  std::vector<std::shared_ptr<ClockListener>> live;
  {
    std::lock_guard lock(mutex_);
    if (delta_ms > 0) now_ms_.fetch_add(delta_ms);
    std::erase_if(listeners_, [](const auto& l) { return l.expired(); });
    for (const auto& l : listeners_) {
      if (auto p = l.lock()) live.push_back(std::move(p));
    }
  }
  for (const auto& listener : live) listener->on_clock_advanced();
}

std::int64_t Clock::now_ms() const {
  if (kind == ClockKind::Manual && manual) return manual->now_ms();
  return wall_clock_ms();
}

}  // namespace sfn::service
