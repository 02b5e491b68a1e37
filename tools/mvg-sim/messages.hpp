// MVG's /messages: a few generated disruption and schedule-change notices for the current
// Berlin day, chosen from the network's lines by the seed (the same all day long).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <boost/json/array.hpp>

#include "network.hpp"

namespace bv::sim {

// The notices valid on the Berlin day of `now_ms`; `type` (INCIDENT, SCHEDULE_CHANGE) filters.
boost::json::array MessagesJson(const Network& network, std::uint64_t seed, std::int64_t now_ms,
                                std::optional<std::string_view> type);

}  // namespace bv::sim
