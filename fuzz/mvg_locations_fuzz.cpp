// MVG's /locations answer and a ZDM station object through the mapping, then rendered.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/render.hpp"
#include "mvg/mapping.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto stations = bv::mvg::MapLocations(text)) (void)bv::api::RenderStationSearch("q", *stations);
  if (const auto station = bv::mvg::MapZdmStation(text)) (void)bv::api::RenderStation(*station);
  return 0;
}
