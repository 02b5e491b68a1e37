// Loads an extra station list (the format of shared/data/mvg/mvv_stations.json) for
// `mvg-sim --stations FILE`: stations only, no lines.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/system/result.hpp>

namespace bv::sim {

struct FileStation {
  std::string global_id;  // "de:09184:460"
  std::string name;
  std::string place;  // the file's place, else one derived from its district
  double latitude = 0;
  double longitude = 0;
};

// Parses the JSON text of a station file. Entries without a usable globalId, name or
// coordinates are skipped (they cannot be served); a text that is not such an array is an
// error whose message names the problem.
boost::system::result<std::vector<FileStation>, std::string> ParseStationFile(std::string_view json_text);

// Reads and parses `path`.
boost::system::result<std::vector<FileStation>, std::string> LoadStationFile(const std::string& path);

}  // namespace bv::sim
