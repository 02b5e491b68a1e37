// Writes out the access-log lines each worker thread buffered (obs::LogBuffering::kPerThread)
// at a fixed interval, so an idle service's log is never behind by more than that.
#pragma once

#include <chrono>

#include "http/io_pool.hpp"

namespace bv::http {

// Starts a timer loop on every context of `pool` that calls obs::FlushThreadLogBuffer() on
// that context's thread every `interval`. The loops end when the pool stops; the threads then
// flush what is left as they exit.
void StartLogBufferFlush(IoPool& pool, std::chrono::milliseconds interval);

}  // namespace bv::http
