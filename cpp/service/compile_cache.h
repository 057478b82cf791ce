// Compiled definitions kept by the text they were compiled from, so that a service compiling
// the same definition again (CreateStateMachine of a machine a test suite recreates, TestState
// of the same state, sfnsim.run with a shared Engine) parses and validates it once. A compiled
// StateMachine is immutable and already shared by every execution of a revision, so sharing it
// across requests changes nothing any caller can see; only successes are kept (a refused
// definition is compiled again, its diagnostics formatted by the caller).
//
// Bounded (entries and bytes of text) and least recently used first out; safe to use from many
// threads. Owned by one service's Core: no global state.
#pragma once

#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "asl/model.h"
#include "asl/parser.h"
#include "common/failure.h"

namespace sfn::service {

// Everything that changes what a compile gives: the exact text, the options, and, for TestState,
// the name of the single state the text holds (empty for a whole definition).
struct CompileKey {
  std::string_view text;
  bool express = false;
  bool allow_jsonata = true;
  std::string_view state_name;
  bool whole_machine = true;
};

class CompileCache {
 public:
  static constexpr std::size_t kMaxEntries = 64;
  // The bytes of definition text kept as keys; a compiled machine takes some 20 times its text.
  static constexpr std::size_t kMaxTextBytes = 4 * 1024 * 1024;

  // The cached machine, or nothing.
  asl::StateMachinePtr find(const CompileKey& key);
  void insert(const CompileKey& key, asl::StateMachinePtr machine);

  // Parses and validates `key.text` as a whole definition (asl::parse), through the cache.
  Expected<asl::StateMachinePtr, asl::Diagnostics> parse(const CompileKey& key);

  std::size_t size() const;

 private:
  struct Entry {
    std::string key;
    asl::StateMachinePtr machine;
  };
  static std::string flatten(const CompileKey& key);
  void evict_locked();

  mutable std::mutex mutex_;
  std::list<Entry> order_;  // most recently used first
  std::unordered_map<std::string_view, std::list<Entry>::iterator> index_;
  std::size_t text_bytes_ = 0;
};

}  // namespace sfn::service
