// Who is the client? The peer address, unless the peer is one of our trusted proxies (a load
// balancer, an ingress): then the right-most X-Forwarded-For entry that is not a trusted proxy.
// X-Forwarded-For from anyone else is ignored: a client must not pick its own rate-limit key.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <boost/system/result.hpp>

namespace bv::net {

class TrustedProxies {
 public:
  TrustedProxies() = default;
  // Items: addresses ("10.0.0.7", "::1") or networks ("10.0.0.0/8", "fd00::/8").
  static boost::system::result<TrustedProxies, std::string> Parse(const std::vector<std::string>& items);

  bool empty() const { return v4_.empty() && v6_.empty(); }
  bool Contains(std::string_view address) const;

  // The client address for rate limiting and logs. The result views `peer` or `forwarded_for`.
  std::string_view ClientOf(std::string_view peer, std::string_view forwarded_for) const;

 private:
  std::vector<boost::asio::ip::network_v4> v4_;
  std::vector<boost::asio::ip::network_v6> v6_;
};

}  // namespace bv::net
