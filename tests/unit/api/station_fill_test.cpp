// The station caches keep the resolved Station beside its JSON; CACHE_MAX_BYTES must count it.
#include <gtest/gtest.h>

#include "api/station_resolver.hpp"
#include "cache/footprint.hpp"

namespace bv::api {
namespace {

TEST(StationFillTest, ReportsTheStationItKeepsBesideTheBody) {
  model::Station station;
  station.id = "de:09162:2";
  station.name = std::string(200, 'M');  // too long for the string's inline buffer
  station.place = "München";
  const auto fill = StationFill(station);
  ASSERT_NE(fill.object, nullptr);
  EXPECT_GE(fill.object_bytes, cache::MakeSharedFootprint<model::Station>() + 200);
}

TEST(StationFillTest, ShortTextsCostOnlyTheStationsOwnAllocation) {
  const model::Station station{"de:09162:2", "Marienplatz", "München", 48.1, 11.5};
  EXPECT_EQ(StationBytes(station), cache::MakeSharedFootprint<model::Station>());
}

}  // namespace
}  // namespace bv::api
