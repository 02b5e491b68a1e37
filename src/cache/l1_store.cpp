#include "cache/l1_store.hpp"

#include <functional>

#include "cache/footprint.hpp"

namespace bv::cache {

// What an entry costs besides its value and its key's buffer: the LRU list node (two links and
// the Entry), the index node (a link, the string_view and list iterator, and the cached hash:
// libstdc++ keeps it for string keys) and the entry's share of the bucket array (one pointer
// per entry at load factor 1, up to two just after a rehash doubled it; two are charged).
std::size_t L1Store::EntryOverhead() {
  using IndexValue = std::pair<const std::string_view, std::list<Entry>::iterator>;
  return MallocFootprint(2 * sizeof(void*) + sizeof(Entry)) +
         MallocFootprint(sizeof(void*) + sizeof(IndexValue) + sizeof(std::size_t)) + 2 * sizeof(void*);
}

L1Store::L1Store(Options options, const Clock& clock)
    : options_(options), clock_(clock), shards_(std::max<std::size_t>(1, options.shards)) {}

L1Store::Shard& L1Store::ShardFor(std::string_view key) {
  return shards_[std::hash<std::string_view>{}(key) % shards_.size()];
}

void L1Store::Erase(Shard& shard, std::list<Entry>::iterator it) {
  shard.bytes -= it->bytes;
  bytes_.fetch_sub(it->bytes, std::memory_order_relaxed);
  entries_.fetch_sub(1, std::memory_order_relaxed);
  shard.index.erase(it->key);
  shard.lru.erase(it);
}

std::shared_ptr<const CachedValue> L1Store::Get(std::string_view key) {
  Shard& shard = ShardFor(key);
  const SysTime now = clock_.Now();
  std::lock_guard lock(shard.mutex);
  const auto found = shard.index.find(key);
  if (found == shard.index.end()) return nullptr;
  const auto it = found->second;
  if (!it->value->Servable(now)) {
    Erase(shard, it);
    return nullptr;
  }
  shard.lru.splice(shard.lru.begin(), shard.lru, it);
  return it->value;
}

std::shared_ptr<const CachedValue> L1Store::Put(std::string_view key, std::shared_ptr<const CachedValue> value) {
  Shard& shard = ShardFor(key);
  std::string owned_key(key);  // allocated before taking the lock
  const std::size_t bytes = value->Bytes() + HeapBytes(owned_key) + EntryOverhead();
  const std::size_t shard_budget = options_.max_bytes / shards_.size();
  std::lock_guard lock(shard.mutex);
  if (const auto found = shard.index.find(key); found != shard.index.end()) {
    // A slow fetcher must not overwrite a value fetched after it started.
    if (found->second->value->fetched_at > value->fetched_at) return found->second->value;
    Erase(shard, found->second);
  }
  shard.lru.push_front(Entry{std::move(owned_key), std::move(value), bytes});
  shard.index.emplace(shard.lru.front().key, shard.lru.begin());
  shard.bytes += bytes;
  bytes_.fetch_add(bytes, std::memory_order_relaxed);
  entries_.fetch_add(1, std::memory_order_relaxed);
  // Least recently used first; the entry just written is never evicted by its own write.
  while (shard.bytes > shard_budget && shard.lru.size() > 1) {
    Erase(shard, std::prev(shard.lru.end()));
    evictions_.fetch_add(1, std::memory_order_relaxed);
  }
  return shard.lru.front().value;
}

}  // namespace bv::cache
