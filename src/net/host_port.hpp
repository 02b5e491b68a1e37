// "host:port" lists in configuration (e.g. VALKEY_SENTINELS), parsed strictly.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bv::net {

struct HostPort {
  std::string host;  // a name or an address (IPv6 without its brackets)
  std::string port;  // 1..65535, digits only
  bool operator==(const HostPort&) const = default;
  std::string text() const;  // "host:port", IPv6 in brackets
};

// True for 1..65535 written as plain digits.
bool ValidPort(std::string_view port);

// Parses "host:port,host:port,..." (spaces around items allowed; IPv6 as "[addr]:port"). On
// failure, nullopt and `why` (when given) says which item is wrong.
std::optional<std::vector<HostPort>> ParseHostPortList(std::string_view text, std::string* why = nullptr);

}  // namespace bv::net
