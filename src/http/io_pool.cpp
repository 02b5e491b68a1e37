#include "http/io_pool.hpp"

#include <algorithm>

namespace bv::http {

IoPool::IoPool(unsigned threads) {
  threads = std::max(1u, threads);
  for (unsigned i = 0; i < threads; ++i) {
    // Concurrency hint 1: each context is run by exactly one thread.
    contexts_.push_back(std::make_unique<Context>(1));
    guards_.emplace_back(contexts_.back()->get_executor());
  }
}

IoPool::~IoPool() {
  Stop();
  Join();
  DestroyContexts();
}

void IoPool::DestroyContexts() {
  guards_.clear();
  // A frame destroyed by a later context's shutdown may post to an earlier one (e.g. a channel
  // send waking a waiter there): the second round destroys what arrived late.
  for (int round = 0; round < 2; ++round) {
    for (auto& ctx : contexts_) ctx->shutdown();
  }
  contexts_.clear();
}

void IoPool::Start() {
  for (auto& ctx : contexts_) {
    threads_.emplace_back([&io = *ctx] { io.run(); });
  }
}

void IoPool::Stop() {
  for (auto& ctx : contexts_) ctx->stop();
}


void IoPool::Join() {
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

}  // namespace bv::http
