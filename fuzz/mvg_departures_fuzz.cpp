// MVG's /departures answer (JSON, with its messages and infos) through the mapping to our model,
// then rendered as the public JSON, as the departures endpoint does.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/render.hpp"
#include "mvg/mapping.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto departures = bv::mvg::MapDepartures({reinterpret_cast<const char*>(data), size});
  if (!departures) return 0;
  const bv::model::Station station{"de:09162:2", "Marienplatz", "München", 48.137, 11.575};
  (void)bv::api::RenderDepartures(station, *departures);
  return 0;
}
