#include "store/station_stats.hpp"

#include <algorithm>

namespace bv::store {
namespace {

namespace asio = boost::asio;

constexpr std::string_view kStation = R"sql(
SELECT station_id, name, municipality, latitude, longitude, timezone, floor(extract(epoch FROM now()))::bigint
FROM stations WHERE station_id = $1)sql";

// One pass over the window: the overall figures, per line and per station-local hour. Shares
// are rounded to 4 decimals, minutes to 2.
constexpr std::string_view kStats = R"sql(
WITH obs AS (
  SELECT line_id, transport_mode::text AS mode, status, delay_seconds,
         extract(hour FROM planned_departure AT TIME ZONE $4)::int AS hour
  FROM departure_observations
  WHERE station_id = $1
    AND planned_departure >= to_timestamp($3::bigint) - make_interval(hours => $2::int)
    AND planned_departure < to_timestamp($3::bigint)
)
SELECT GROUPING(line_id, mode), GROUPING(hour), line_id, mode, hour,
  count(*),
  count(*) FILTER (WHERE status = 'CANCELLED'),
  round((count(*) FILTER (WHERE status = 'ON_TIME'))::numeric
    / nullif(count(*) FILTER (WHERE status IN ('ON_TIME', 'DELAYED')), 0), 4),
  round(avg(delay_seconds) FILTER (WHERE status IN ('ON_TIME', 'DELAYED')) / 60, 2),
  round((percentile_cont(0.9) WITHIN GROUP (ORDER BY delay_seconds)
         FILTER (WHERE status IN ('ON_TIME', 'DELAYED')))::numeric / 60, 2)
FROM obs
GROUP BY GROUPING SETS ((), (line_id, mode), (hour)))sql";

std::optional<double> OptionalDouble(const PgResult& r, int row, int column) {
  if (r.IsNull(row, column)) return std::nullopt;
  return r.Double(row, column);
}

}  // namespace

asio::awaitable<PgOutcome<std::optional<StationStats>>> LoadStationStats(QueryPool& pool, std::string station_id,
                                                                         int hours) {
  std::vector<Statement> lookup;
  lookup.push_back({std::string(kStation), {station_id}});
  auto found = co_await pool.Run(std::move(lookup));
  if (!found) co_return found.error();
  const PgResult& s = (*found)[0];
  if (s.rows() == 0) co_return std::optional<StationStats>();
  StationStats stats;
  stats.station.id = std::string(s.Text(0, 0));
  stats.station.name = std::string(s.Text(0, 1));
  stats.station.place = s.Optional(0, 2);
  stats.station.latitude = s.Double(0, 3);
  stats.station.longitude = s.Double(0, 4);
  const std::string timezone(s.Text(0, 5));
  stats.hours = hours;
  stats.to_s = s.Int(0, 6);
  stats.from_s = stats.to_s - 3600LL * hours;

  std::vector<Statement> query;
  query.push_back({std::string(kStats), {station_id, std::to_string(hours), std::to_string(stats.to_s), timezone}});
  auto figures = co_await pool.Run(std::move(query));
  if (!figures) co_return figures.error();
  const PgResult& r = (*figures)[0];
  for (int row = 0; row < r.rows(); ++row) {
    StatsFigures f{r.Int(row, 5), r.Int(row, 6), OptionalDouble(r, row, 7), OptionalDouble(r, row, 8),
                   OptionalDouble(r, row, 9)};
    const bool by_line = r.Int(row, 0) == 0;
    const bool by_hour = r.Int(row, 1) == 0;
    if (by_line) {
      stats.by_line.push_back({std::string(r.Text(row, 2)), std::string(r.Text(row, 3)), f});
    } else if (by_hour) {
      stats.by_hour.push_back({static_cast<int>(r.Int(row, 4)), f});
    } else {
      stats.total = f;
    }
  }
  std::sort(stats.by_line.begin(), stats.by_line.end(), [](const LineStats& a, const LineStats& b) {
    return a.figures.departures != b.figures.departures ? a.figures.departures > b.figures.departures
                                                        : a.line < b.line;
  });
  std::sort(stats.by_hour.begin(), stats.by_hour.end(),
            [](const HourStats& a, const HourStats& b) { return a.hour < b.hour; });
  co_return std::optional<StationStats>(std::move(stats));
}

}  // namespace bv::store
