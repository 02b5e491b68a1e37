#include "app/mvg_hold_sharing.hpp"

#include <algorithm>
#include <charconv>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <fmt/format.h>

namespace bv::app {

namespace asio = boost::asio;
using std::chrono::milliseconds;

std::optional<HoldMessage> ParseHoldMessage(std::string_view payload) {
  HoldMessage m;
  const auto first = payload.find(' ');
  const auto second = first == std::string_view::npos ? first : payload.find(' ', first + 1);
  if (first == 0 || second == std::string_view::npos || second + 1 >= payload.size()) return std::nullopt;
  m.endpoint = payload.substr(0, first);
  const std::string_view number = payload.substr(first + 1, second - first - 1);
  const auto parsed = std::from_chars(number.data(), number.data() + number.size(), m.hold_ms);
  if (parsed.ec != std::errc{} || parsed.ptr != number.data() + number.size() || m.hold_ms <= 0) return std::nullopt;
  m.replica = payload.substr(second + 1);
  return m;
}

MvgHoldSharing::MvgHoldSharing(mvg::Client& mvg, valkey::Client& valkey, cache::Fleet& fleet, obs::Registry& registry)
    : mvg_(mvg),
      valkey_(valkey),
      fleet_(fleet),
      channel_(fleet.options().prefix + "mvg-holds"),
      replica_(cache::Fleet::NewToken()),
      shared_(registry.CounterFamily("bahnvision_mvg_holds_shared_total",
                                     "MVG rate-limit holds shared through Valkey: published by this replica, or "
                                     "applied from another one.",
                                     {"direction"})),
      published_(shared_.WithLabels({"published"})),
      applied_(shared_.WithLabels({"applied"})) {}

void MvgHoldSharing::Install(asio::any_io_executor executor) {
  executor_ = std::move(executor);
  valkey_.Subscribe(channel_, [this](std::string_view payload) { OnMessage(payload); });
  mvg_.OnRateLimited([this](std::string_view endpoint, std::chrono::seconds retry_after) {
    OnRateLimited(endpoint, retry_after);
  });
}

void MvgHoldSharing::LoadCurrentHolds() { asio::co_spawn(executor_, ReadHolds(), asio::detached); }

std::string MvgHoldSharing::HoldKey(std::string_view endpoint) const {
  return fmt::format("{}mvg-hold:{}", fleet_.options().prefix, endpoint);
}

void MvgHoldSharing::OnRateLimited(std::string_view endpoint, std::chrono::seconds retry_after) {
  if (retry_after.count() <= 0) return;
  asio::co_spawn(executor_, Publish(std::string(endpoint), retry_after), asio::detached);
}

asio::awaitable<void> MvgHoldSharing::Publish(std::string endpoint, milliseconds hold) {
  const std::string ms = std::to_string(hold.count());
  // The key first: a replica starting now finds it even if it misses the message.
  std::vector<std::string> set{"SET", HoldKey(endpoint), ms, "PX", ms};
  if (!co_await fleet_.Execute(std::move(set), "mvg_hold")) co_return;
  std::vector<std::string> publish{"PUBLISH", channel_, fmt::format("{} {} {}", endpoint, ms, replica_)};
  if (co_await fleet_.Execute(std::move(publish), "mvg_hold")) published_.Inc();
}

void MvgHoldSharing::OnMessage(std::string_view payload) {
  const auto message = ParseHoldMessage(payload);
  if (!message || message->replica == replica_) return;  // ours: our breaker holds already
  if (mvg_.HoldEndpoint(message->endpoint, milliseconds(message->hold_ms))) applied_.Inc();
}

asio::awaitable<void> MvgHoldSharing::ReadHolds() {
  for (const std::string_view endpoint : mvg_.EndpointNames()) {
    std::vector<std::string> pttl{"PTTL", HoldKey(endpoint)};
    const auto reply = co_await fleet_.Execute(std::move(pttl), "mvg_hold");
    // PTTL: milliseconds left, -2 no key, -1 no expiry (not ours).
    if (reply && reply->type == valkey::Reply::Type::kInteger && reply->integer > 0) {
      if (mvg_.HoldEndpoint(endpoint, milliseconds(reply->integer))) applied_.Inc();
    }
  }
}

}  // namespace bv::app
