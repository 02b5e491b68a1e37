// Serialises Boost.JSON values the way MVG's server writes them: compact, raw UTF-8, and
// doubles in plain shortest form (48.137245, not Boost's 4.8137245E1).
#pragma once

#include <string>

#include <boost/json/value.hpp>

namespace bv::sim {

// Compact JSON text of `value`. Non-finite doubles become null.
std::string WriteJson(const boost::json::value& value);

}  // namespace bv::sim
