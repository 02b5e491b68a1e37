#include "net/host_port.hpp"

#include <charconv>

namespace bv::net {

std::string HostPort::text() const {
  return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + port;
}

bool ValidPort(std::string_view port) {
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos) return false;
  unsigned value = 0;
  std::from_chars(port.data(), port.data() + port.size(), value);
  return value >= 1 && value <= 65535;
}

std::optional<std::vector<HostPort>> ParseHostPortList(std::string_view text, std::string* why) {
  std::vector<HostPort> list;
  const auto fail = [&](std::string reason) -> std::optional<std::vector<HostPort>> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  while (true) {
    const auto comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    std::string_view host;
    std::string_view port;
    bool shaped = false;
    if (item.starts_with('[')) {  // [IPv6]:port
      const auto close = item.find("]:");
      if (close != std::string_view::npos) {
        host = item.substr(1, close - 1);
        port = item.substr(close + 2);
        shaped = host.find(':') != std::string_view::npos;
      }
    } else if (const auto colon = item.find(':'); colon != std::string_view::npos && item.rfind(':') == colon) {
      host = item.substr(0, colon);
      port = item.substr(colon + 1);
      shaped = host.find_first_of(" []/@") == std::string_view::npos;
    }
    if (!shaped || host.empty() || !ValidPort(port)) {
      return fail("expected host:port, got \"" + std::string(item) + "\"");
    }
    list.push_back(HostPort{std::string(host), std::string(port)});
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return list;
}

}  // namespace bv::net
