// Bytes from Valkey through the RESP reply parser, split into two reads at an input-chosen
// point (replies arrive in arbitrary TCP segments).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "valkey/resp.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::size_t split = input.empty() ? 0 : data[0] % (input.size() + 1);
  bv::valkey::ReplyParser parser;
  for (const std::string_view part : {input.substr(0, split), input.substr(split)}) {
    parser.Feed(part);
    for (int i = 0; i < 1000; ++i) {  // bounded: a reply is at least 3 bytes
      auto reply = parser.Next();
      if (!reply) break;
      if (!*reply) return 0;  // protocol error: the connection would be closed
    }
  }
  return 0;
}
