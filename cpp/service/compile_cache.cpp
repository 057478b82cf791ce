#include "service/compile_cache.h"

namespace sfn::service {

std::string CompileCache::flatten(const CompileKey& key) {
  // Flags and the state name first, then the text: one string compares and hashes them all.
  std::string out;
  out.reserve(4 + key.state_name.size() + 1 + key.text.size());
  out.push_back(key.express ? 'E' : 'S');
  out.push_back(key.allow_jsonata ? 'J' : '-');
  out.push_back(key.whole_machine ? 'M' : 's');
  out.append(key.state_name);
  out.push_back('\0');
  out.append(key.text);
  return out;
}

asl::StateMachinePtr CompileCache::find(const CompileKey& key) {
  std::string flat = flatten(key);
  std::lock_guard lock(mutex_);
  auto it = index_.find(flat);
  if (it == index_.end()) return nullptr;
  order_.splice(order_.begin(), order_, it->second);
  return it->second->machine;
}

void CompileCache::insert(const CompileKey& key, asl::StateMachinePtr machine) {
  std::string flat = flatten(key);
  if (flat.size() > kMaxTextBytes / 4) return;  // one large definition must not empty the cache
  std::lock_guard lock(mutex_);
  if (index_.contains(flat)) return;  // compiled meanwhile by another thread
  text_bytes_ += flat.size();
  order_.push_front(Entry{std::move(flat), std::move(machine)});
  index_.emplace(order_.front().key, order_.begin());
  evict_locked();
}

void CompileCache::evict_locked() {
  while (!order_.empty() && (order_.size() > kMaxEntries || text_bytes_ > kMaxTextBytes)) {
    Entry& last = order_.back();
    text_bytes_ -= last.key.size();
    index_.erase(last.key);
    order_.pop_back();
  }
}

Expected<asl::StateMachinePtr, asl::Diagnostics> CompileCache::parse(const CompileKey& key) {
  if (auto cached = find(key)) return cached;
  asl::ParseOptions options;
  options.express = key.express;
  options.allow_jsonata = key.allow_jsonata;
  auto parsed = asl::parse(key.text, options);
  if (parsed.ok()) insert(key, parsed.value());
  return parsed;
}

std::size_t CompileCache::size() const {
  std::lock_guard lock(mutex_);
  return order_.size();
}

}  // namespace sfn::service
