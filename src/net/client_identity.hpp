// Who is the client, for rate limits and the access log?
//
// The TCP peer, unless the peer is one of our trusted proxies (RATE_LIMIT_TRUSTED_PROXIES: a load
// balancer, an ingress). Then the forwarding header the proxies write (X-Forwarded-For, or the
// standard Forwarded of RFC 7239: RATE_LIMIT_FORWARDED_HEADER) is read as one chain of hops:
// every line of it, joined in the order the lines arrived, then the peer itself. Walking that
// chain from the right, the first hop that is not a trusted proxy is the client: everything
// right of it our own proxies wrote, everything left of it the client may have forged.
// A hop that names no address (garbage, Forwarded's "unknown" or an obfuscated "_hidden")
// ends the walk at the trusted proxy that reported it. Without trusted proxies no forwarding
// header is read at all: a client must not pick its own key. Only the configured header is
// read: a proxy appends to one of them, and the other one is entirely the client's to write.
//
// The rate-limit key is the client's IPv4 address, or its IPv6 network of RATE_LIMIT_IPV6_PREFIX
// bits (default /64: one subscriber line is typically given a whole /64, so keying per address
// would hand every client 2^64 keys). IPv4-mapped IPv6 addresses count as IPv4.
//
// Allocation-free (the request path calls it); thread-safe after construction (read-only).
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string_view>

#include <boost/asio/ip/address.hpp>

#include "net/trusted_proxies.hpp"

namespace bv::net {

enum class ForwardedHeader { kXForwardedFor, kForwarded };

// "x-forwarded-for" | "forwarded" (case-insensitive).
std::optional<ForwardedHeader> ParseForwardedHeader(std::string_view text);
std::string_view HeaderName(ForwardedHeader header);

// An address or network as text, in fixed storage ("2001:db8:1:2::/64" fits easily).
class AddressText {
 public:
  static constexpr std::size_t kCapacity = 64;
  std::string_view view() const { return {chars_.data(), length_}; }
  void Assign(const boost::asio::ip::address& address);
  void AssignNetwork(const boost::asio::ip::address_v6& address, unsigned prefix);

 private:
  std::array<char, kCapacity> chars_{};
  std::size_t length_ = 0;
};

// One hop of a forwarding header: "203.0.113.7", "203.0.113.7:4711", "2001:db8::1",
// "[2001:db8::1]", "[2001:db8::1]:4711", each optionally in double quotes (Forwarded's
// quoted-string). IPv4-mapped IPv6 becomes IPv4. nullopt for anything else (host names,
// "unknown", "_obfuscated", zone ids, ports out of range).
std::optional<boost::asio::ip::address> ParseHopAddress(std::string_view text);

class ClientIdentity {
 public:
  static constexpr unsigned kDefaultIpv6Prefix = 64;
  // The rightmost hops kept per request: a chain of more trusted proxies than this ends at the
  // leftmost one kept (the forged part of a chain is its left end, so it is never needed).
  static constexpr std::size_t kMaxHops = 32;

  ClientIdentity() = default;
  // Precondition: 1 <= ipv6_prefix <= 128 (validated at start).
  ClientIdentity(TrustedProxies proxies, ForwardedHeader header, unsigned ipv6_prefix);

  bool trusts_proxies() const { return !proxies_.empty(); }
  ForwardedHeader header() const { return header_; }

  // The client of a request from `peer` whose forwarding header lines (the configured header's
  // values, in the order they arrived) are `lines`.
  boost::asio::ip::address Resolve(const boost::asio::ip::address& peer,
                                   std::span<const std::string_view> lines) const;

  // The rate-limit key of `client`: the IPv4 address, or the IPv6 network.
  void KeyOf(const boost::asio::ip::address& client, AddressText& out) const;

 private:
  TrustedProxies proxies_;
  ForwardedHeader header_ = ForwardedHeader::kXForwardedFor;
  unsigned ipv6_prefix_ = kDefaultIpv6Prefix;
};

}  // namespace bv::net
