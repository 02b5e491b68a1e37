// A query string (and a path segment) through http::Query and every endpoint's parameter
// validation, including the 422 answer that names what was wrong.
#include <cstddef>
#include <cstdint>
#include <memory_resource>
#include <string>
#include <string_view>

#include "api/endpoint_params.hpp"
#include "http/exchange.hpp"

namespace {

void Check(bv::api::Params& params) {
  if (params.ok()) return;
  std::pmr::monotonic_buffer_resource arena;
  bv::http::Response res(std::piecewise_construct, std::make_tuple(), std::make_tuple(bv::http::FieldAllocator(&arena)));
  params.WriteError(res);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  // "<station_id path segment> <query>": one input drives both.
  const auto space = input.find(' ');
  const std::string_view segment = space == std::string_view::npos ? std::string_view{} : input.substr(0, space);
  const std::string_view raw = space == std::string_view::npos ? input : input.substr(space + 1);
  const bv::http::Query query(raw);
  {
    bv::api::Params params(query);
    (void)bv::api::ReadDeparturesParams(params);
    Check(params);
  }
  {
    bv::api::Params params(query);
    (void)bv::api::ReadSearchParams(params);
    Check(params);
  }
  {
    bv::api::Params params(query);
    (void)bv::api::ReadPlanParams(params);
    Check(params);
  }
  {
    bv::api::Params params(query);
    std::string decoded;
    const auto stats = bv::api::ReadStatsParams(params, segment, decoded);
    if (params.ok() && !bv::api::IsStationId(stats.station_id)) __builtin_trap();  // the contract
    Check(params);
  }
  return 0;
}
