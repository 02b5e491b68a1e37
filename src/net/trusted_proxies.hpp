// The addresses and networks of our own proxies (RATE_LIMIT_TRUSTED_PROXIES): the only peers
// whose forwarding headers are believed (net/client_identity.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>
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
  bool Contains(const boost::asio::ip::address& address) const;

 private:
  std::vector<boost::asio::ip::network_v4> v4_;
  std::vector<boost::asio::ip::network_v6> v6_;
};

}  // namespace bv::net
