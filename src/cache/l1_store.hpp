// L1: the in-process cache tier. Sharded maps with a byte bound and LRU eviction per shard.
// Guarantees: a lookup takes one shard mutex briefly (never across co_await) and does not
// allocate; a write never replaces a value fetched later (compare on write); values past
// their stale time are dropped on sight. Thread-safe.
#pragma once

#include <atomic>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cache/cached_value.hpp"
#include "cache/clock.hpp"

namespace bv::cache {

// CACHE_MAX_BYTES bounds the memory the entries really hold, not just their bodies: each is
// charged its value's CachedValue::Bytes(), its key's buffer and EntryOverhead(), all as
// malloc rounds them (docs/operations/limits.md has the measured resident memory).
class L1Store {
 public:
  struct Options {
    std::size_t max_bytes = 256 * 1024 * 1024;
    std::size_t shards = 16;
  };
  L1Store(Options options, const Clock& clock);

  // The value for `key` if it can still be served (fresh or stale); marks it recently used.
  std::shared_ptr<const CachedValue> Get(std::string_view key);
  // Stores `value` unless the present one was fetched later; returns the value now stored.
  std::shared_ptr<const CachedValue> Put(std::string_view key, std::shared_ptr<const CachedValue> value);

  std::size_t bytes() const { return bytes_.load(std::memory_order_relaxed); }
  std::size_t entries() const { return entries_.load(std::memory_order_relaxed); }
  std::uint64_t evictions() const { return evictions_.load(std::memory_order_relaxed); }

  // The bookkeeping bytes of one entry (list node, index node, bucket share), key excluded.
  static std::size_t EntryOverhead();

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const CachedValue> value;
    std::size_t bytes;
  };
  struct Shard {
    std::mutex mutex;
    std::list<Entry> lru;  // front: most recently used
    std::unordered_map<std::string_view, std::list<Entry>::iterator> index;  // views into lru keys
    std::size_t bytes = 0;
  };

  Shard& ShardFor(std::string_view key);
  void Erase(Shard& shard, std::list<Entry>::iterator it);

  Options options_;
  const Clock& clock_;
  std::vector<Shard> shards_;
  std::atomic<std::size_t> bytes_{0};
  std::atomic<std::size_t> entries_{0};
  std::atomic<std::uint64_t> evictions_{0};
};

}  // namespace bv::cache
