// X-Forwarded-For through the client-address function (net/trusted_proxies.hpp). Kept to one
// call so it is easy to point at a rewritten parser. Input: "<peer>\n<X-Forwarded-For>".
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "net/trusted_proxies.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bv::net::TrustedProxies kProxies = *bv::net::TrustedProxies::Parse({"10.0.0.0/8", "127.0.0.1", "fd00::/8"});
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  const std::string_view peer = newline == std::string_view::npos ? "10.0.0.7" : input.substr(0, newline);
  const std::string_view forwarded = newline == std::string_view::npos ? input : input.substr(newline + 1);
  const std::string_view client = kProxies.ClientOf(peer, forwarded);
  // The answer views one of the inputs (the header contract), never other memory.
  const auto inside = [](std::string_view part, std::string_view whole) {
    return part.empty() || (part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size());
  };
  if (!inside(client, peer) && !inside(client, forwarded)) __builtin_trap();
  return 0;
}
