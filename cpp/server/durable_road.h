// What a durable server's journalled request goes through besides the service
// (docs/server.md, "Durability"): the one lock that puts journalled operations and timer
// wake-ups in journal order, the journal file, the tape of an entry as the journal stores it,
// and the wake-up of the real clock's timer thread when an operation may have started a timer.
// The binding's front (bindings/register_server.cpp) answers journalled requests with it on
// the connection's thread, without Python; python/sfnsim/server/durable.py uses the same
// object for what stays in Python (the timer thread, a MockConfigFile test case, the replay).
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "server/journal.h"
#include "service/tape.h"

namespace sfn::server {

class DurableRoad {
 public:
  explicit DurableRoad(const std::string& path) : journal(path) {}

  Journal journal;
  std::mutex serial;  // journalled operations and wake-ups, one at a time, in journal order

  // Tells the timer thread to look at the timers again.
  void wake();
  // Waits until wake() or `seconds`; false on timeout. Clears the wake-up either way.
  bool wait_wake(double seconds);

 private:
  std::mutex wake_lock_;
  std::condition_variable woken_cv_;
  bool woken_ = false;
};

// The journal's tape column for `tape` (a recorded one): JSON text
// {"clock":[..],"uuids":[..],"seeds":[..],"replies":[..],"test_case":[..]}, the lists that are
// empty left out but "clock"; each reply is already JSON text and goes in as it is. The same
// text python/sfnsim/server/durable.py wrote (and reads back for the replay).
std::string tape_text(const service::Tape& tape, const std::vector<std::string>& test_case = {});

// An answer that shows the operation changed nothing, though it may change things: a
// GetActivityTask that handed out no task (workers poll in a loop; an empty queue is answered
// at once without touching an execution). Not journalled.
bool changed_nothing(std::string_view operation, int status, std::string_view payload);

}  // namespace sfn::server
