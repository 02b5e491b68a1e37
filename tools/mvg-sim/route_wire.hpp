// MVG's /routes JSON: connections with parts, stops in Berlin local time with offset, delay
// fields only when live and non-zero, and `Fussweg` parts for walks between stations. There is
// no duration or arrival field, as in MVG's answers.
#pragma once

#include <cstdint>
#include <span>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "routing.hpp"

namespace bv::sim {

boost::json::object ConnectionJson(const Timetable& timetable, const Journey& journey);
boost::json::array ConnectionsJson(const Timetable& timetable, std::span<const Journey> journeys);

}  // namespace bv::sim
