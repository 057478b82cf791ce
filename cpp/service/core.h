// A Service's state and the helpers its operations share. Private to the service layer.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "common/random.h"
#include "service/clock.h"
#include "service/compile_cache.h"
#include "service/registry.h"
#include "service/service.h"

namespace sfn::service {

struct Core : ClockListener, std::enable_shared_from_this<Core> {
  explicit Core(ServiceOptions options);
  ~Core() override;

  ServiceOptions options;
  Registry registry;
  // Definitions compiled by CreateStateMachine, UpdateStateMachine, TestState and compile().
  CompileCache compile_cache;

  std::int64_t now_ms() const { return options.clock.now_ms(); }
  std::string uuid();
  std::uint64_t execution_seed();

  // The earliest timer among active executions, in simulated time.
  std::optional<std::int64_t> next_due_ms() const;

  // Manual clock: runs what became due.
  void on_clock_advanced() override;

  // Real clock: the thread that wakes executions when their timers are due.
  void wake_driver();

 private:
  void drive_loop();

  std::mutex rng_mutex_;
  Rng rng_;

  std::mutex driver_mutex_;
  std::condition_variable driver_cv_;
  std::thread driver_;
  bool stopping_ = false;
  bool driver_wanted_ = false;
};

// One operation: the request has passed validate_request already.
using Handler = Response (*)(Core&, const Json&, const CallContext&);

// Epoch milliseconds as the API's epoch-second timestamps.
inline Json timestamp(std::int64_t ms) { return static_cast<double>(ms) / 1000.0; }

// Request members, already type-checked by validation.
const std::string* get_string(const Json& request, const char* name);
bool get_bool(const Json& request, const char* name, bool fallback = false);

// Sets DescribeStateMachine(ForExecution)'s `variableReferences` (state name -> the variables it
// reads); left out when no state reads any, as AWS does.
void add_variable_references(Json& out, const Revision& revision);

}  // namespace sfn::service
