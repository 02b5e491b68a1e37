// Forwarding headers through the client identity (net/client_identity.hpp): who the client is
// and its rate-limit key. Input: one byte choosing the header (even: X-Forwarded-For, odd:
// Forwarded), then "<peer>\n<line>\n<line>...": the header's lines as they arrived.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "net/client_identity.hpp"

namespace {

const bv::net::ClientIdentity& IdentityFor(bv::net::ForwardedHeader header) {
  static const auto proxies = *bv::net::TrustedProxies::Parse({"10.0.0.0/8", "127.0.0.1", "fd00::/8"});
  static const bv::net::ClientIdentity kXff(proxies, bv::net::ForwardedHeader::kXForwardedFor, 64);
  static const bv::net::ClientIdentity kForwarded(proxies, bv::net::ForwardedHeader::kForwarded, 56);
  return header == bv::net::ForwardedHeader::kForwarded ? kForwarded : kXff;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto header = (data[0] & 1) != 0 ? bv::net::ForwardedHeader::kForwarded : bv::net::ForwardedHeader::kXForwardedFor;
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto newline = input.find('\n');
  const auto parsed_peer = bv::net::ParseHopAddress(input.substr(0, newline));
  const auto peer = parsed_peer ? *parsed_peer : boost::asio::ip::make_address("10.0.0.7");
  std::vector<std::string_view> lines;
  if (newline != std::string_view::npos) {
    std::string_view rest = input.substr(newline + 1);
    while (lines.size() < 64) {
      const auto next = rest.find('\n');
      lines.push_back(rest.substr(0, next));
      if (next == std::string_view::npos) break;
      rest.remove_prefix(next + 1);
    }
  }
  const auto& identity = IdentityFor(header);
  const auto client = identity.Resolve(peer, lines);
  bv::net::AddressText key;
  identity.KeyOf(client, key);
  if (key.view().empty() || key.view().size() > bv::net::AddressText::kCapacity) __builtin_trap();
  // A peer we do not trust is the client whatever its headers say (a client cannot pick its key).
  if (peer.is_v4() && peer.to_v4().to_bytes()[0] != 10 && peer != boost::asio::ip::make_address("127.0.0.1") &&
      client != peer) {
    __builtin_trap();
  }
  return 0;
}
