#include "messages.hpp"

#include <array>

#include <fmt/format.h>
#include <boost/json/object.hpp>

#include "berlin_time.hpp"
#include "hash.hpp"

namespace bv::sim {
namespace {

namespace json = boost::json;

struct Template {
  std::string_view type;
  std::string_view title;        // {} = line label
  std::string_view description;  // HTML, as MVG sends it
  int from_minute;               // Berlin local time of day
  int to_minute;
};

constexpr std::array<Template, 3> kTemplates = {{
    {"INCIDENT", "{}: Verspätungen wegen einer Fahrzeugstörung",
     "<p>Wegen einer Fahrzeugstörung kommt es auf der Linie {} zu Verspätungen und Fahrtausfällen.</p>",
     6 * 60, 11 * 60},
    {"SCHEDULE_CHANGE", "{}: Bauarbeiten am Abend",
     "<p>Wegen Bauarbeiten fährt die Linie {} ab 21:00 Uhr in größeren Abständen.</p>", 21 * 60, 25 * 60},
    {"SCHEDULE_CHANGE", "{}: Geänderte Haltestellen",
     "<p>Die Linie {} hält wegen einer Veranstaltung nicht an allen Haltestellen.</p>", 0, 24 * 60},
}};

}  // namespace

json::array MessagesJson(const Network& network, std::uint64_t seed, std::int64_t now_ms,
                         std::optional<std::string_view> type) {
  json::array out;
  std::vector<const Line*> lines;
  for (const Line& l : network.lines()) {
    if (!l.synthetic) lines.push_back(&l);
  }
  if (lines.empty()) return out;
  const LocalTime today = ToBerlin(now_ms / 1000);
  for (std::size_t i = 0; i < kTemplates.size(); ++i) {
    const Template& t = kTemplates[i];
    if (type && !type->empty() && *type != t.type) continue;
    const Line& line =
        *lines[Combine(Combine(seed, static_cast<std::uint64_t>(today.days)), i) % lines.size()];
    const std::int64_t from_ms = BerlinToUtcSeconds(today.days, t.from_minute) * 1000;
    const std::int64_t to_ms = BerlinToUtcSeconds(today.days, t.to_minute) * 1000;
    const std::int64_t published_ms = from_ms - 2LL * 3600 * 1000;
    json::array stations;
    stations.push_back(json::string(network.station(line.stops.front()).global_id));
    stations.push_back(json::string(network.station(line.stops.back()).global_id));
    out.push_back(json::object{
        {"title", fmt::format(fmt::runtime(t.title), line.label)},
        {"description", fmt::format(fmt::runtime(t.description), line.label)},
        {"publication", published_ms},
        {"publicationDuration", json::object{{"from", published_ms}, {"to", to_ms}}},
        {"incidentDurations", json::array{json::object{{"from", from_ms}, {"to", to_ms}}}},
        {"validFrom", from_ms},
        {"validTo", to_ms},
        {"type", t.type},
        {"provider", line.network == "ddb" ? "DEFAS" : "MVG"},
        {"links", json::array()},
        {"lines", json::array{json::object{{"label", line.label},
                                           {"transportType", ModeName(line.mode)},
                                           {"network", line.network},
                                           {"divaId", line.diva_id},
                                           {"sev", false}}}},
        {"stationGlobalIds", std::move(stations)},
        {"eventTypes", json::array{json::string(ModeName(line.mode))}},
    });
  }
  return out;
}

}  // namespace bv::sim
