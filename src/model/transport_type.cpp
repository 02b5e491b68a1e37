#include "model/transport_type.hpp"

#include <array>
#include <string>

namespace bv::model {
namespace {

struct Known {
  TransportType type;
  std::string_view code;
  std::string_view folded_name;  // display name without '-', '_' and spaces, lower case
  std::string_view icon;
};

// Icons as the original API (python `mvg` 1.6.0) returned them.
constexpr std::array<Known, 9> kKnown = {{
    {TransportType::kUbahn, "UBAHN", "ubahn", "mdi:subway"},
    {TransportType::kSbahn, "SBAHN", "sbahn", "mdi:subway-variant"},
    {TransportType::kTram, "TRAM", "tram", "mdi:tram"},
    {TransportType::kBus, "BUS", "bus", "mdi:bus"},
    {TransportType::kRegionalBus, "REGIONAL_BUS", "regionalbus", "mdi:bus"},
    {TransportType::kBahn, "BAHN", "bahn", "mdi:train"},
    {TransportType::kSchiff, "SCHIFF", "schiff", "mdi:ferry"},
    {TransportType::kSev, "SEV", "sev", "mdi:taxi"},
    {TransportType::kRuftaxi, "RUFTAXI", "ruftaxi", "mdi:taxi"},
}};

std::string Fold(std::string_view text) {
  std::string folded;
  for (char c : text) {
    if (c == '-' || c == '_' || c == ' ') continue;
    folded += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return folded;
}

}  // namespace

std::optional<TransportType> ParseTransportType(std::string_view text) {
  if (text.size() > 32) return std::nullopt;
  const std::string folded = Fold(text);
  for (const Known& k : kKnown) {
    if (folded == k.folded_name) return k.type;
  }
  // English names some clients send.
  if (folded == "subway" || folded == "metro" || folded == "underground") return TransportType::kUbahn;
  if (folded == "suburban" || folded == "commuterrail") return TransportType::kSbahn;
  if (folded == "train" || folded == "rail") return TransportType::kBahn;
  if (folded == "ferry" || folded == "ship") return TransportType::kSchiff;
  return std::nullopt;
}

std::string_view Code(TransportType type) {
  for (const Known& k : kKnown) {
    if (k.type == type) return k.code;
  }
  return "UNKNOWN";
}

std::string_view IconForCode(std::string_view code) {
  for (const Known& k : kKnown) {
    if (k.code == code) return k.icon;
  }
  return "mdi:help-circle";
}

bool IsMvgFilter(TransportType type) { return type != TransportType::kSev; }

}  // namespace bv::model
