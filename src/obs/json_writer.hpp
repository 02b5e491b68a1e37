// Serialises Boost.JSON values compactly, raw UTF-8, with doubles in plain shortest form
// (48.137245, not Boost's 4.8137245E1) — what our API, MVG and the original backend write.
#pragma once

#include <string>

#include <boost/json/value.hpp>

namespace bv::obs {

// Compact JSON text of `value`. Non-finite doubles become null.
std::string WriteJson(const boost::json::value& value);

}  // namespace bv::obs
