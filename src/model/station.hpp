// Plain data of the public API (ARCHITECTURE.md section 2): no I/O, no JSON.
#pragma once

#include <optional>
#include <string>

namespace bv::model {

struct Station {
  std::string id;                    // global id, e.g. "de:09162:2"
  std::string name;                  // "Marienplatz"
  std::optional<std::string> place;  // "München"; unknown for some stations
  double latitude = 0;
  double longitude = 0;
};

}  // namespace bv::model
