#include "service/clock.h"

#include <chrono>
#include <cmath>

#include "service/tape.h"

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

namespace {

std::int64_t steady_ns() {
  using namespace std::chrono;
  return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

Clock Clock::real(double scale) {
  Clock clock;
  clock.kind = ClockKind::Real;
  clock.scale = scale;
  clock.origin_ms = wall_clock_ms();
  clock.origin_steady_ns = steady_ns();
  return clock;
}

std::int64_t Clock::now_ms() const { return taped_clock(read_ms()); }

std::int64_t Clock::read_ms() const {
  if (kind == ClockKind::Manual && manual) return manual->now_ms();
  if (kind != ClockKind::Real || scale == 1.0 || !(scale > 0)) return wall_clock_ms();
  // Elapsed real time from the steady clock: a wall-clock step (NTP) must not make simulated
  // time jump by 1/scale times the step.
  double elapsed_ms = static_cast<double>(steady_ns() - origin_steady_ns) / 1e6;
  return origin_ms + static_cast<std::int64_t>(std::floor(elapsed_ms / scale));
}

std::int64_t Clock::real_delay_ms(std::int64_t simulated_ms) const {
  if (simulated_ms <= 0) return 0;
  if (kind != ClockKind::Real || scale == 1.0 || !(scale > 0)) return simulated_ms;
  return static_cast<std::int64_t>(std::ceil(static_cast<double>(simulated_ms) * scale));
}

}  // namespace sfn::service
