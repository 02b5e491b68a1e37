#include "simulator.hpp"

#include <fmt/format.h>
#include <boost/json/array.hpp>

#include "hash.hpp"
#include "obs/json_writer.hpp"
#include "wire.hpp"

namespace bv::sim {

Simulator::Simulator(Network network, std::uint64_t seed)
    : network_(std::move(network)),
      seed_(seed),
      timetable_(network_, seed),
      search_(network_),
      faults_(seed) {
  boost::json::array stations;
  boost::json::array zdm;
  for (const Station& s : network_.stations()) {
    stations.push_back(CatalogueStationJson(s));
    zdm.push_back(ZdmStationJson(s));
  }
  const std::string station_list = obs::WriteJson(stations);
  catalogue_hash_ = fmt::format("{:016x}", HashText(station_list));
  catalogue_json_ = std::make_shared<const std::string>(
      fmt::format(R"({{"hash":"{}","stations":{}}})", catalogue_hash_, station_list));
  zdm_stations_json_ = std::make_shared<const std::string>(obs::WriteJson(zdm));

  std::vector<const Line*> lines;
  for (const Line& l : network_.lines()) lines.push_back(&l);
  boost::json::array line_list;
  for (const Line* l : DistinctLines(lines)) line_list.push_back(LineJson(*l));
  lines_json_ = std::make_shared<const std::string>(obs::WriteJson(line_list));
}

}  // namespace bv::sim
