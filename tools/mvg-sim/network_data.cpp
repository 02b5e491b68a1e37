#include "network_data.hpp"

namespace bv::sim {
namespace {

// clang-format off
constexpr StationData kStations[] = {
    {"de:09162:1", "Karlsplatz (Stachus)", "München", 48.139367, 11.565396},
    {"de:09162:2", "Marienplatz", "München", 48.137245, 11.575421},
    {"de:09162:50", "Sendlinger Tor", "München", 48.133444, 11.566681},
};
// clang-format on

}  // namespace

std::span<const StationData> BuiltinStations() { return kStations; }

const std::vector<LineData>& BuiltinLines() {
  static const std::vector<LineData> lines = {
      {"U3", Mode::kUbahn, "010U3", "swm", {"de:09162:2", "de:09162:50"}},
  };
  return lines;
}

}  // namespace bv::sim
