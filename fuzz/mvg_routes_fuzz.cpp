// MVG's /routes answer (connections, parts, stops, messages) through the mapping, then rendered.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "api/render.hpp"
#include "mvg/mapping.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto plans = bv::mvg::MapRoutes({reinterpret_cast<const char*>(data), size});
  if (!plans) return 0;
  const bv::model::Station from{"de:09162:1", "A", std::nullopt, 48.1, 11.5};
  const bv::model::Station to{"de:09162:2", "B", std::nullopt, 48.2, 11.6};
  (void)bv::api::RenderRoutePlans(from, to, *plans);
  return 0;
}
