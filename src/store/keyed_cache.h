// KeyedCache<V>: a bounded in-memory map from string keys to immutable values read from the
// database, kept correct across nodes by a ChangeFeed. Values are served only while the feed
// is fresh and for at most max_age. Every eviction bumps a generation, and a value read before
// an eviction is never stored after it: a reader notes generation() before it reads the
// database and hands that number to Insert, which drops the value if anything was evicted
// meanwhile. So a value cached is never older than the last change the node has heard of.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/status.h"
#include "store/change_feed.h"

namespace ow::store {

template <typename V>
class KeyedCache {
 public:
  KeyedCache(const ChangeFeed& feed, size_t capacity,
             std::chrono::steady_clock::duration max_age = std::chrono::minutes(5))
      : feed_(feed), capacity_(capacity), max_age_(max_age) {}

  // The cached value, or null (absent, too old, or the feed is not fresh).
  std::shared_ptr<const V> Find(const std::string& key) {
    if (!feed_.Fresh()) return nullptr;
    std::lock_guard lock(mu_);
    auto it = map_.find(key);
    if (it == map_.end()) return nullptr;
    if (std::chrono::steady_clock::now() - it->second.stored > max_age_) {
      map_.erase(it);
      return nullptr;
    }
    return it->second.value;
  }

  uint64_t generation() const {
    std::lock_guard lock(mu_);
    return generation_;
  }

  // Stores a value read from the database after generation() returned `generation`.
  void Insert(const std::string& key, std::shared_ptr<const V> value, uint64_t generation) {
    std::lock_guard lock(mu_);
    if (generation != generation_) return;  // something changed while it was being read
    if (map_.size() >= capacity_) map_.clear();
    map_[key] = Entry{std::move(value), std::chrono::steady_clock::now()};
  }

  // Forgets one key, or everything for ChangeFeed::kAll.
  void Evict(const std::string& key) {
    std::lock_guard lock(mu_);
    ++generation_;
    if (key == ChangeFeed::kAll) {
      map_.clear();
    } else {
      map_.erase(key);
    }
  }

  size_t size() const {
    std::lock_guard lock(mu_);
    return map_.size();
  }

 private:
  struct Entry {
    std::shared_ptr<const V> value;
    std::chrono::steady_clock::time_point stored;
  };

  const ChangeFeed& feed_;
  const size_t capacity_;
  const std::chrono::steady_clock::duration max_age_;
  mutable std::mutex mu_;
  uint64_t generation_ = 0;
  std::unordered_map<std::string, Entry> map_;
};

// The cached value of `key`, or load() — a Result<std::shared_ptr<const V>> read from the
// database — stored under the generation noted before it ran. A null cache (no change feed)
// just loads. Errors are returned and never cached.
template <typename V, typename Load>
Result<std::shared_ptr<const V>> CachedOrLoad(KeyedCache<V>* cache, const std::string& key,
                                              Load&& load) {
  if (cache == nullptr) return load();
  if (auto hit = cache->Find(key)) return hit;
  const uint64_t generation = cache->generation();
  Result<std::shared_ptr<const V>> loaded = load();
  if (loaded.ok()) cache->Insert(key, *loaded, generation);
  return loaded;
}

}  // namespace ow::store
