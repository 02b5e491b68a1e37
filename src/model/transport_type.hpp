// MVG transport types: the codes MVG sends and the original frontend relies on, the names
// clients may type, and the icons the original API returned.
#pragma once

#include <optional>
#include <string_view>

namespace bv::model {

enum class TransportType { kUbahn, kSbahn, kTram, kBus, kRegionalBus, kBahn, kSchiff, kSev, kRuftaxi };

// Parses a query value: codes and display names, case-insensitive, with or without '-', '_'
// or spaces ("UBAHN", "U-Bahn", "ubahn", "S Bahn", "Regionalbus", "regional_bus").
std::optional<TransportType> ParseTransportType(std::string_view text);

// The MVG code, e.g. "UBAHN".
std::string_view Code(TransportType type);

// The icon of a departure of MVG type `code` ("mdi:subway"); unknown codes get a generic icon.
std::string_view IconForCode(std::string_view code);

// Whether MVG accepts this type as a `transportTypes` filter (it answers 400 to SEV).
bool IsMvgFilter(TransportType type);

}  // namespace bv::model
