#include "service/core.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <random>

#include "service/runner.h"
#include "service/tape.h"

namespace sfn::service {

namespace {

std::uint64_t initial_seed(std::uint64_t seed) {
  if (seed != 0) return seed;
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32) ^ device();
}

}  // namespace

Core::Core(ServiceOptions opts) : options(std::move(opts)), rng_(initial_seed(options.seed)) {}

Core::~Core() {
  {
    std::lock_guard lock(driver_mutex_);
    stopping_ = true;
  }
  driver_cv_.notify_all();
  if (driver_.joinable()) driver_.join();
}

std::string Core::uuid() {
  std::string fresh;
  {
    std::lock_guard lock(rng_mutex_);
    fresh = rng_.uuid4();
  }
  return taped_uuid(std::move(fresh));
}

std::uint64_t Core::execution_seed() {
  std::uint64_t fresh;
  {
    std::lock_guard lock(rng_mutex_);
    fresh = rng_.next_u64();
  }
  return taped_seed(fresh);
}

std::optional<std::int64_t> Core::next_due_ms() const {
  std::optional<std::int64_t> next;
  std::shared_lock registry_lock(registry.mutex);
  for (const auto& [key, record] : registry.active) {
    std::lock_guard record_lock(record->mutex);
    if (const auto& due = record->summary.next_due_ms) next = next ? std::min(*next, *due) : *due;
  }
  return next;
}

void Core::on_clock_advanced() { run_active(*this); }

void Core::wake_driver() {
  if (options.clock.kind != ClockKind::Real || !options.timer_thread) return;
  {
    std::lock_guard lock(driver_mutex_);
    if (stopping_) return;
    if (!driver_wanted_) {
      driver_wanted_ = true;
      driver_ = std::thread([this] { drive_loop(); });
    }
  }
  driver_cv_.notify_all();
}

void Core::drive_loop() {
  using namespace std::chrono;
  const Clock& clock = options.clock;
  std::unique_lock lock(driver_mutex_);
  while (!stopping_) {
    // The earliest timer among active executions, in simulated time.
    std::optional<std::int64_t> next = next_due_ms();
    // Slept in real time (the clock's scale applies), a second at most so that executions
    // started without a wake-up are still seen.
    std::int64_t wait_ms = 1000;
    if (next) wait_ms = std::min(wait_ms, clock.real_delay_ms(*next - clock.now_ms()));
    driver_cv_.wait_for(lock, milliseconds(wait_ms));
    if (stopping_) break;
    lock.unlock();
    run_active(*this);
    lock.lock();
  }
}

const std::string* get_string(const Json& request, const char* name) {
  auto it = request.find(name);
  if (it == request.end() || !it->is_string()) return nullptr;
  return &it->get_ref<const std::string&>();
}

bool get_bool(const Json& request, const char* name, bool fallback) {
  auto it = request.find(name);
  if (it == request.end() || !it->is_boolean()) return fallback;
  return it->get<bool>();
}

}  // namespace sfn::service
