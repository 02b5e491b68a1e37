#include "obs/upstream_rejections.hpp"

namespace bv::obs {

Family<Counter>& UpstreamRejections(Registry& registry) {
  if (const auto* found = registry.Find(kUpstreamRejectionsName)) {
    // Only this function registers the name, always as a counter family.
    return const_cast<Family<Counter>&>(static_cast<const Family<Counter>&>(*found));
  }
  return registry.CounterFamily(kUpstreamRejectionsName,
                                "Calls to a dependency refused before they were sent, because one of our bounds "
                                "on it was reached, by upstream and limit.",
                                {"upstream", "limit"});
}

}  // namespace bv::obs
