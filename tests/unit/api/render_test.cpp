// The public JSON of route plans where it must match the original's pydantic models.
#include "api/render.hpp"

#include <cmath>
#include <limits>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace bv::api {
namespace {

namespace json = boost::json;

// `distance_meters: int | None = Field(None, ge=0)` in the original: a fraction or a negative
// number fails a client that validates with that model.
TEST(RenderTest, LegDistancesAreWholeNonNegativeMetresOrNull) {
  model::Station a{"de:09162:2", "Marienplatz", std::nullopt, 48.1, 11.5};
  model::RoutePlan plan;
  for (const std::optional<double> meters :
       {std::optional<double>(2499.5), std::optional<double>(2499.37), std::optional<double>(-3.6),
        std::optional<double>(std::numeric_limits<double>::quiet_NaN()), std::optional<double>()}) {
    model::RouteLeg leg;
    leg.distance_meters = meters;
    plan.legs.push_back(leg);
  }
  const auto doc = json::parse(RenderRoutePlans(a, a, {plan}));
  const auto& legs = doc.at("plans").as_array()[0].at("legs").as_array();
  EXPECT_EQ(legs[0].at("distance_meters"), json::value(2500));
  EXPECT_EQ(legs[1].at("distance_meters"), json::value(2499));
  EXPECT_EQ(legs[2].at("distance_meters"), json::value(0));
  EXPECT_EQ(legs[3].at("distance_meters"), json::value(0));
  EXPECT_TRUE(legs[4].at("distance_meters").is_null());
  for (const auto& leg : legs) EXPECT_FALSE(leg.at("distance_meters").is_double());
  EXPECT_EQ(doc.at("origin").at("place"), "") << "Station.place is a string in the original";
}

}  // namespace
}  // namespace bv::api
