// Raw bytes from a client, through the request parser and limits the server reads with
// (http/request_parser.hpp), in the chunks the server's socket reads would deliver.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory_resource>
#include <string_view>

#include <boost/asio/buffer.hpp>

#include "http/request_parser.hpp"
#include "http/server.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace bhttp = bv::http::bhttp;
  const bv::http::ServerOptions limits;  // the production limits
  alignas(std::max_align_t) std::array<std::byte, 8192> arena_bytes;
  std::pmr::monotonic_buffer_resource arena(arena_bytes.data(), arena_bytes.size());
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // Keep-alive: parse request after request until the bytes run out or one is refused.
  while (!input.empty()) {
    bv::http::RequestParser parser(std::piecewise_construct, std::make_tuple(),
                                   std::make_tuple(bv::http::FieldAllocator(&arena)));
    bv::http::ApplyRequestLimits(parser, limits.header_limit, limits.body_limit);
    parser.eager(true);  // as async_read does for the body
    boost::system::error_code ec;
    // The server's buffer holds at most header_limit + one read chunk; a header that does not
    // fit is refused (431) just like one over the parser's limit.
    const std::size_t buffered_max = limits.header_limit + 4096;
    while (!parser.is_done()) {
      const std::size_t offered = std::min(input.size(), buffered_max);
      const std::size_t used = parser.put(boost::asio::buffer(input.data(), offered), ec);
      input.remove_prefix(used);
      if (ec == bhttp::error::need_more) {
        // Beast's contract (and the server's read loop): after need_more, call put() again only
        // with the unconsumed bytes plus new ones.
        const std::size_t unconsumed = offered - used;
        if (input.size() == unconsumed) {  // nothing new: the client closed
          parser.put_eof(ec);
          break;
        }
        if (unconsumed >= buffered_max) break;  // the server's buffer is full -> 431
        ec = {};
        continue;
      }
      if (ec || used == 0) break;  // refused, or no progress (bounded loop)
    }
    if (ec || !parser.is_done()) break;
    const auto& req = parser.get();
    // What the router and middleware read first.
    volatile bool keep_alive = req.keep_alive();
    volatile std::size_t target = req.target().size() + req.method_string().size();
    (void)keep_alive;
    (void)target;
    if (!req.keep_alive()) break;
  }
  return 0;
}
