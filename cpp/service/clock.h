// The time a Service runs executions on.
//   Virtual (default): an execution runs at once to its end, or until it waits on something
//     outside it (a task token, an activity worker); Wait states, retry backoff and timeouts
//     take no real time and history timestamps show the simulated time.
//   Manual: time stands still until the test calls ManualClock::advance; an execution in a Wait
//     stays RUNNING until then. One ManualClock may drive several services.
//   Real: the wall clock; waits really wait (a background thread wakes executions when due).
//     With a time scale other than 1 (Step Functions Local's WAIT_TIME_SCALE), simulated time
//     runs 1/scale times as fast as the wall clock from the moment the clock is made: at 0.01 a
//     Wait of 10 s ends after 0.1 s of real time and the history shows 10 s. Every timestamp
//     the service gives is on that simulated time; only the real sleeps are scaled.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace sfn::service {

// Milliseconds since the Unix epoch, from the system clock.
std::int64_t wall_clock_ms();

// Something that runs due work when a manual clock moves (a Service).
class ClockListener {
 public:
  virtual ~ClockListener() = default;
  virtual void on_clock_advanced() = 0;
};

class ManualClock {
 public:
  explicit ManualClock(std::int64_t start_ms);

  std::int64_t now_ms() const { return now_ms_.load(); }
  // Moves time forward by `delta_ms` (negative values are ignored: time never goes back) and
  // runs everything due on every attached service before returning.
  void advance(std::int64_t delta_ms);
  void attach(std::weak_ptr<ClockListener> listener);

 private:
  std::atomic<std::int64_t> now_ms_;
  std::mutex mutex_;  // guards listeners_ and serialises advance()
  std::vector<std::weak_ptr<ClockListener>> listeners_;
};

enum class ClockKind : unsigned char { Virtual, Manual, Real };

struct Clock {
  ClockKind kind = ClockKind::Virtual;
  std::shared_ptr<ManualClock> manual;  // set for ClockKind::Manual
  // Real clock: real seconds per simulated second (> 0), and where simulated time starts
  // (the wall clock's epoch ms and the steady clock's ns at that moment; see real()).
  double scale = 1.0;
  std::int64_t origin_ms = 0;
  std::int64_t origin_steady_ns = 0;

  // The real clock at `scale`, starting now. A finite scale > 0; 1 is the wall clock itself.
  static Clock real(double scale = 1.0);

  // The current time: the manual clock's, the wall clock's, or the scaled real clock's; the
  // recorded one while the calling thread replays a tape (service/tape.h).
  std::int64_t now_ms() const;
  // The same, never taped.
  std::int64_t read_ms() const;
  // How long to really sleep for `simulated_ms` of this clock to pass (rounded up, so that
  // whoever wakes finds the time due; 0 for nothing to wait).
  std::int64_t real_delay_ms(std::int64_t simulated_ms) const;
};

}  // namespace sfn::service
