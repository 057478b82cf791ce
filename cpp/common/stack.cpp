#include "common/stack.h"

#include <cstdint>
#include <limits>

#if defined(__linux__) || defined(__APPLE__) || defined(__FreeBSD__)
#include <pthread.h>
#endif
#if defined(__FreeBSD__)
#include <pthread_np.h>
#endif
#if defined(_WIN32)
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#endif

namespace sfn::stack {
namespace {

constexpr std::uintptr_t kUnknown = 0;

// The lowest usable address of the calling thread's stack (stacks grow down on every platform
// this builds for), or kUnknown.
std::uintptr_t find_stack_low() {
#if defined(__APPLE__)
  pthread_t self = pthread_self();
  auto high = reinterpret_cast<std::uintptr_t>(pthread_get_stackaddr_np(self));
  return high - pthread_get_stacksize_np(self);
#elif defined(__linux__) || defined(__FreeBSD__)
  pthread_attr_t attr;
#if defined(__FreeBSD__)
  pthread_attr_init(&attr);
  if (pthread_attr_get_np(pthread_self(), &attr) != 0) return kUnknown;
#else
  // For the main thread glibc derives the size from RLIMIT_STACK and the mapping it lives in.
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return kUnknown;
#endif
  void* low = nullptr;
  std::size_t size = 0;
  const int rc = pthread_attr_getstack(&attr, &low, &size);
  pthread_attr_destroy(&attr);
  if (rc != 0) return kUnknown;
  return reinterpret_cast<std::uintptr_t>(low);
#elif defined(_WIN32)
  ULONG_PTR low = 0;
  ULONG_PTR high = 0;
  GetCurrentThreadStackLimits(&low, &high);
  return static_cast<std::uintptr_t>(low);
#else
  return kUnknown;
#endif
}

}  // namespace

std::size_t remaining() {
  // Asking the system reads /proc on Linux's main thread: each thread asks once. A thread's
  // stack does not move, so this per-thread cache is never stale.
  thread_local const std::uintptr_t low = find_stack_low();
  if (low == kUnknown) return std::numeric_limits<std::size_t>::max();
  char here = 0;
  const auto at = reinterpret_cast<std::uintptr_t>(&here);
  return at > low ? at - low : 0;
}

}  // namespace sfn::stack
