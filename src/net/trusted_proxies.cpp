#include "net/trusted_proxies.hpp"

#include <boost/asio/ip/address.hpp>

namespace bv::net {

namespace ip = boost::asio::ip;

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

boost::system::result<TrustedProxies, std::string> TrustedProxies::Parse(const std::vector<std::string>& items) {
  TrustedProxies out;
  for (const std::string& raw : items) {
    const std::string item(Trim(raw));
    if (item.empty()) continue;
    boost::system::error_code ec;
    const auto slash = item.find('/');
    const auto address = ip::make_address(item.substr(0, slash), ec);
    if (ec) return boost::system::result<TrustedProxies, std::string>(boost::system::in_place_error, "not an address: " + item);
    int prefix = address.is_v4() ? 32 : 128;
    if (slash != std::string::npos) {
      try {
        std::size_t used = 0;
        prefix = std::stoi(item.substr(slash + 1), &used);
        if (used != item.size() - slash - 1) throw std::invalid_argument(item);
      } catch (const std::exception&) {
        return boost::system::result<TrustedProxies, std::string>(boost::system::in_place_error, "bad prefix length: " + item);
      }
    }
    if (prefix < 0 || prefix > (address.is_v4() ? 32 : 128)) {
      return boost::system::result<TrustedProxies, std::string>(boost::system::in_place_error, "bad prefix length: " + item);
    }
    if (address.is_v4()) {
      out.v4_.push_back(ip::make_network_v4(address.to_v4(), prefix).canonical());
    } else {
      out.v6_.push_back(ip::make_network_v6(address.to_v6(), static_cast<unsigned short>(prefix)).canonical());
    }
  }
  return out;
}

bool TrustedProxies::Contains(std::string_view text) const {
  boost::system::error_code ec;
  const auto address = ip::make_address(Trim(text), ec);
  return !ec && Contains(address);
}

bool TrustedProxies::Contains(const ip::address& address) const {
  if (address.is_v4()) {
    for (const auto& net : v4_) {
      if (ip::make_network_v4(address.to_v4(), net.prefix_length()).canonical() == net) return true;
    }
    return false;
  }
  const auto v6 = address.to_v6();
  if (v6.is_v4_mapped()) return Contains(ip::address(ip::make_address_v4(ip::v4_mapped, v6)));
  for (const auto& net : v6_) {
    if (ip::make_network_v6(v6, net.prefix_length()).canonical() == net) return true;
  }
  return false;
}

}  // namespace bv::net
