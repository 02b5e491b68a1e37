// Parsing of MVG query parameters. Errors are client text in the style of MVG's Spring
// validation messages ("getLocations.query: must not be blank"); MVG answers them with 400.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include <boost/system/result.hpp>

#include "network.hpp"

namespace bv::sim {

template <typename T>
using ParamResult = boost::system::result<T, std::string>;

// An error for any ParamResult<T>. Needed where T is an aggregate whose first member is a
// string: C++20 makes such a T constructible from a string, so `return text;` is ambiguous.
struct ParamError {
  std::string text;
  template <typename T>
  operator boost::system::result<T, std::string>() && {  // NOLINT(google-explicit-constructor)
    return {boost::system::in_place_error, std::move(text)};
  }
};

// Which modes a `transportTypes` list selects. An absent or empty list selects every mode.
struct ModeFilter {
  std::array<bool, 6> modes{true, true, true, true, true, true};  // indexed by Mode
  bool Allows(Mode m) const { return modes[static_cast<std::size_t>(m)]; }
};

enum class ModeListKind {
  kDepartures,  // SEV is rejected: MVG answers transportTypes=SEV on /departures with 400
  kRoutes,      // the journey planner also takes RUFTAXI and SEV
};

// Parses a comma-separated list of MVG transport types. Known types that no simulated line
// has (SCHIFF, RUFTAXI) select nothing; unknown names are an error, as in MVG's enum binding.
ParamResult<ModeFilter> ParseModeFilter(std::optional<std::string_view> csv, ModeListKind kind,
                                        std::string_view param_name);

// An integer parameter; `fallback` when absent, an error when malformed.
ParamResult<long long> ParseIntParam(std::optional<std::string_view> text, long long fallback,
                                     std::string_view param_name);

// A decimal number; nullopt (not an error) when absent.
ParamResult<std::optional<double>> ParseDoubleParam(std::optional<std::string_view> text,
                                                    std::string_view param_name);

// True for "true"/"1" (case-insensitive), false for "false"/"0"/absent; else an error.
ParamResult<bool> ParseBoolParam(std::optional<std::string_view> text, std::string_view param_name);

}  // namespace bv::sim
