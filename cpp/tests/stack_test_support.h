// Running a test's work on a thread with a stack of a chosen size, so that what a test says
// about deep input holds whatever stack the test process was started with (`ulimit -s`).
#pragma once

#include <cstddef>
#include <functional>

#if defined(__unix__) || defined(__APPLE__)
#include <pthread.h>
#endif

namespace sfn::testing {

// Runs `work` on a new thread whose stack is `bytes` and waits for it. False, with nothing run,
// where a thread's stack size cannot be chosen. glibc may hand the thread a larger cached
// stack than asked for: `bytes` is a lower bound.
inline bool on_stack(std::size_t bytes, const std::function<void()>& work) {
#if defined(__unix__) || defined(__APPLE__)
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return false;
  bool ran = false;
  if (pthread_attr_setstacksize(&attr, bytes) == 0) {
    pthread_t thread;
    auto trampoline = [](void* arg) -> void* {
      (*static_cast<const std::function<void()>*>(arg))();
      return nullptr;
    };
    auto* arg = const_cast<std::function<void()>*>(&work);
    if (pthread_create(&thread, &attr, trampoline, arg) == 0) {
      pthread_join(thread, nullptr);
      ran = true;
    }
  }
  pthread_attr_destroy(&attr);
  return ran;
#else
  (void)bytes;
  (void)work;
  return false;
#endif
}

}  // namespace sfn::testing
