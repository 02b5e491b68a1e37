// bahnvision_upstream_rejections_total{upstream, limit}: calls to a dependency refused by one of
// our own bounds before they were sent (upstream="postgresql", limit="pending_queries", ...).
// One family for every upstream: each module takes its children from this function instead of
// registering the family itself, so two modules never register it twice.
#pragma once

#include "obs/metrics.hpp"

namespace bv::obs {

inline constexpr const char* kUpstreamRejectionsName = "bahnvision_upstream_rejections_total";

// The family in `registry`, registered on first use. Call at start-up (registration is not
// atomic with the lookup); the counters themselves are thread-safe.
Family<Counter>& UpstreamRejections(Registry& registry);

}  // namespace bv::obs
