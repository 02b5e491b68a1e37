#include "net/client_identity.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include <boost/asio/ip/network_v6.hpp>

namespace bv::net {

namespace ip = boost::asio::ip;

namespace {

using Hop = std::optional<ip::address>;

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

ip::address Normalized(const ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, address.to_v6());
  return address;
}

// inet_pton wants a terminated string: copied to the stack, not the heap.
std::optional<ip::address> ParseBare(std::string_view text, bool v6) {
  std::array<char, 48> buffer{};
  if (text.empty() || text.size() >= buffer.size()) return std::nullopt;
  std::copy(text.begin(), text.end(), buffer.begin());
  if (v6) {
    ip::address_v6::bytes_type bytes{};
    if (inet_pton(AF_INET6, buffer.data(), bytes.data()) != 1) return std::nullopt;  // no zone ids either
    return Normalized(ip::address_v6(bytes));
  }
  ip::address_v4::bytes_type bytes{};
  if (inet_pton(AF_INET, buffer.data(), bytes.data()) != 1) return std::nullopt;  // dotted quad only
  return ip::address(ip::address_v4(bytes));
}

bool IsPort(std::string_view text) {
  unsigned port = 0;
  const auto parsed = std::from_chars(text.data(), text.data() + text.size(), port);
  return !text.empty() && parsed.ec == std::errc{} && parsed.ptr == text.data() + text.size() && port <= 65535;
}

// Keeps the rightmost kMaxHops hops of a chain, in order.
class HopWindow {
 public:
  void Add(Hop hop) {
    hops_[next_ % hops_.size()] = hop;
    ++next_;
  }
  std::size_t size() const { return std::min(next_, hops_.size()); }
  // i = 0 is the rightmost hop.
  const Hop& FromRight(std::size_t i) const { return hops_[(next_ - 1 - i) % hops_.size()]; }

 private:
  std::array<Hop, ClientIdentity::kMaxHops> hops_{};
  std::size_t next_ = 0;
};

void AddXForwardedForHops(std::string_view line, HopWindow& hops) {
  for (std::size_t pos = 0; pos <= line.size();) {
    const auto comma = line.find(',', pos);
    const auto entry = Trim(line.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    if (!entry.empty()) hops.Add(ParseHopAddress(entry));  // "a,,b": empty entries are no hops
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
}

// RFC 7239: forwarded-element *( OWS "," OWS forwarded-element ), an element being pairs
// "token=value" joined by ";", a value a token or a quoted-string (which may hold "," and ";").
// One hop per element: its for= node (nullopt when missing or not an address). A syntax error
// makes the rest of the line one unusable hop.
void AddForwardedHops(std::string_view line, HopWindow& hops) {
  std::size_t i = 0;
  const auto skip_spaces = [&] {
    while (i < line.size() && IsSpace(line[i])) ++i;
  };
  while (i < line.size()) {
    std::string_view for_value;
    bool seen_for = false;
    bool has_pairs = false;
    for (;;) {  // the pairs of one element
      skip_spaces();
      const std::size_t name_start = i;
      while (i < line.size() && line[i] != '=' && line[i] != ';' && line[i] != ',' && !IsSpace(line[i])) ++i;
      const std::string_view name = line.substr(name_start, i - name_start);
      skip_spaces();
      if (!name.empty()) {
        if (i >= line.size() || line[i] != '=') {
          hops.Add(std::nullopt);
          return;
        }
        ++i;  // '='
        std::string_view value;
        if (i < line.size() && line[i] == '"') {
          const std::size_t start = i++;
          while (i < line.size() && line[i] != '"') {
            if (line[i] == '\\') ++i;  // quoted-pair: the next character is literal
            ++i;
          }
          if (i >= line.size()) {  // unterminated quoted-string
            hops.Add(std::nullopt);
            return;
          }
          ++i;
          value = line.substr(start, i - start);  // quotes included; ParseHopAddress strips them
        } else {
          const std::size_t start = i;
          while (i < line.size() && line[i] != ';' && line[i] != ',' && !IsSpace(line[i])) ++i;
          value = line.substr(start, i - start);
        }
        has_pairs = true;
        if (EqualsIgnoringCase(name, "for") && !seen_for) {
          seen_for = true;
          for_value = value;
        }
        skip_spaces();
      }
      if (i < line.size() && line[i] == ';') {
        ++i;
        continue;
      }
      break;
    }
    if (i < line.size() && line[i] != ',') {  // junk after a pair
      hops.Add(std::nullopt);
      return;
    }
    if (has_pairs) hops.Add(seen_for ? ParseHopAddress(for_value) : std::nullopt);
    ++i;  // ','
  }
}

}  // namespace

std::optional<ForwardedHeader> ParseForwardedHeader(std::string_view text) {
  if (EqualsIgnoringCase(Trim(text), "x-forwarded-for")) return ForwardedHeader::kXForwardedFor;
  if (EqualsIgnoringCase(Trim(text), "forwarded")) return ForwardedHeader::kForwarded;
  return std::nullopt;
}

std::string_view HeaderName(ForwardedHeader header) {
  return header == ForwardedHeader::kForwarded ? "Forwarded" : "X-Forwarded-For";
}

void AddressText::Assign(const ip::address& address) {
  if (address.is_v4()) {
    const auto bytes = address.to_v4().to_bytes();
    inet_ntop(AF_INET, bytes.data(), chars_.data(), chars_.size());
  } else {
    const auto bytes = address.to_v6().to_bytes();
    inet_ntop(AF_INET6, bytes.data(), chars_.data(), chars_.size());
  }
  length_ = std::strlen(chars_.data());
}

void AddressText::AssignNetwork(const ip::address_v6& address, unsigned prefix) {
  const auto network = ip::make_network_v6(address, static_cast<unsigned short>(prefix)).canonical();
  Assign(ip::address(network.address()));
  chars_[length_++] = '/';
  const auto digits = std::to_chars(chars_.data() + length_, chars_.data() + chars_.size(), prefix);
  length_ = static_cast<std::size_t>(digits.ptr - chars_.data());
}

std::optional<ip::address> ParseHopAddress(std::string_view text) {
  text = Trim(text);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
  if (text.empty()) return std::nullopt;
  if (text.front() == '[') {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const auto rest = text.substr(close + 1);
    if (!rest.empty() && !(rest.front() == ':' && IsPort(rest.substr(1)))) return std::nullopt;
    return ParseBare(text.substr(1, close - 1), true);
  }
  const auto colons = std::count(text.begin(), text.end(), ':');
  if (colons == 0) return ParseBare(text, false);
  if (colons == 1) {  // IPv4 with a port
    const auto colon = text.find(':');
    if (!IsPort(text.substr(colon + 1))) return std::nullopt;
    return ParseBare(text.substr(0, colon), false);
  }
  return ParseBare(text, true);
}

ClientIdentity::ClientIdentity(TrustedProxies proxies, ForwardedHeader header, unsigned ipv6_prefix)
    : proxies_(std::move(proxies)), header_(header), ipv6_prefix_(std::clamp(ipv6_prefix, 1u, 128u)) {}

ip::address ClientIdentity::Resolve(const ip::address& peer, std::span<const std::string_view> lines) const {
  ip::address client = Normalized(peer);
  if (proxies_.empty() || !proxies_.Contains(client)) return client;
  HopWindow hops;
  for (const std::string_view line : lines) {
    if (header_ == ForwardedHeader::kForwarded) {
      AddForwardedHops(line, hops);
    } else {
      AddXForwardedForHops(line, hops);
    }
  }
  for (std::size_t i = 0; i < hops.size(); ++i) {
    const Hop& hop = hops.FromRight(i);
    if (!hop) return client;  // unusable: the trusted proxy that reported it stands in
    client = *hop;
    if (!proxies_.Contains(client)) return client;
  }
  return client;  // only trusted proxies: the leftmost one
}

void ClientIdentity::KeyOf(const ip::address& client, AddressText& out) const {
  const ip::address address = Normalized(client);
  if (address.is_v4()) {
    out.Assign(address);
  } else {
    out.AssignNetwork(address.to_v6(), ipv6_prefix_);
  }
}

}  // namespace bv::net
