// One request/response pair as handlers see it. The connection owns it for the duration of the
// request, so handlers may take it by reference even though they are coroutines.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <functional>
#include <memory_resource>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/bytes_body.hpp"
#include "net/client_identity.hpp"
#include "obs/trace_context.hpp"

namespace bv::http {

namespace bhttp = boost::beast::http;

// Header fields live in a per-connection arena that is reset after each request, so reading
// and answering a request does not touch the global heap.
using FieldAllocator = std::pmr::polymorphic_allocator<char>;
using Fields = bhttp::basic_fields<FieldAllocator>;
using Request = bhttp::request<bhttp::string_body, Fields>;
using Response = bhttp::response<BytesBody, Fields>;

// Methods as a small enum, for metric labels and per-route tables.
enum class Method : std::uint8_t { kGet, kHead, kOptions, kPost, kPut, kDelete, kPatch, kOther };
inline constexpr std::size_t kMethodCount = 8;
Method ToMethod(bhttp::verb verb);
std::string_view ToString(Method method);

// Path parameters of the matched route template, as raw (still percent-encoded) segments.
class PathParams {
 public:
  static constexpr std::size_t kMax = 4;
  bool Add(std::string_view name, std::string_view value) {
    if (count_ == kMax) return false;
    items_[count_++] = {name, value};
    return true;
  }
  // Empty if the route has no such parameter.
  std::string_view Get(std::string_view name) const {
    for (std::size_t i = 0; i < count_; ++i) {
      if (items_[i].first == name) return items_[i].second;
    }
    return {};
  }
  void Clear() { count_ = 0; }

 private:
  std::array<std::pair<std::string_view, std::string_view>, kMax> items_{};
  std::size_t count_ = 0;
};

// X-Request-Id of this exchange: the client's if it is well-formed, else a generated UUID.
class RequestId {
 public:
  static constexpr std::size_t kMaxLength = 128;
  std::string_view view() const { return {chars_.data(), length_}; }
  void Set(std::string_view id);  // Precondition: id.size() <= kMaxLength
 private:
  std::array<char, kMaxLength> chars_{};
  std::size_t length_ = 0;
};

// Up to N bytes of text copied into the exchange (longer text is cut), for log annotations that
// must outlive the handler's buffers without touching the heap.
template <std::size_t N>
class ShortText {
 public:
  std::string_view view() const { return {chars_.data(), length_}; }
  void Set(std::string_view text) {
    length_ = std::min(N, text.size());
    std::copy_n(text.data(), length_, chars_.data());
  }

 private:
  std::array<char, N> chars_{};
  std::size_t length_ = 0;
};

struct Route;

struct Exchange {
  explicit Exchange(FieldAllocator alloc) : response(std::piecewise_construct, std::make_tuple(), std::make_tuple(alloc)) {}

  const Request* request = nullptr;  // set once the header is parsed
  Response response;
  std::string_view path;       // target without the query, raw
  std::string_view query;      // after '?', raw
  PathParams params;
  RequestId request_id;
  // The client's address as text: the peer's, or behind a trusted proxy the one it forwarded
  // (net/client_identity.hpp). The access log's "client".
  std::string_view client;
  // The client's rate-limit key: its IPv4 address or its IPv6 network (RATE_LIMIT_IPV6_PREFIX).
  std::string_view client_key;
  net::AddressText client_text;      // storage of `client` once resolved
  net::AddressText client_key_text;  // storage of `client_key`
  std::chrono::steady_clock::time_point start;
  const Route* route = nullptr;  // null: no route matched (404, limits)
  Method method = Method::kOther;
  bool close_after = false;     // a handler or limit asks to close the connection afterwards
  bool drop_connection = false; // close without answering (simulators of broken upstreams)
  obs::TraceContext trace;      // W3C trace context: accepted from `traceparent` or created

  // Access-log annotations that handlers set (docs/operations/logging.md); empty = not
  // applicable. The two views must point at static strings.
  std::string_view cache_status;  // hit, miss, stale, stale-refresh, error
  std::string_view mvg_status;    // what MVG contributed: success, refreshing, failing, or an error kind
  ShortText<96> station;          // the station the request is about, as the client wrote it

  const Request& req() const { return *request; }
};

// A route handler fills `ex.response` (status, headers, body). It may suspend.
using Handler = std::function<boost::asio::awaitable<void>(Exchange& ex)>;

}  // namespace bv::http
