// A Beast Body for responses whose bytes are either shared (a cached, pre-serialised body that
// many responses send without copying) or built in place (small dynamic bodies: errors,
// health). Guarantee: neither path allocates for bodies up to kInlineBytes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>
#include <fmt/format.h>

namespace bv::http {

struct BytesBody {
  static constexpr std::size_t kInlineBytes = 512;
  using Buffer = fmt::basic_memory_buffer<char, kInlineBytes>;

  class value_type {
   public:
    // Sends `bytes` without copying; they must not change while shared.
    void Share(std::shared_ptr<const std::string> bytes) {
      inline_.clear();
      shared_ = std::move(bytes);
    }
    // Copies `text` into the body.
    void Assign(std::string_view text) {
      Clear();
      inline_.append(text);
    }
    // The in-place buffer, for fmt::format_to; switches the body to in-place bytes.
    Buffer& buffer() {
      shared_.reset();
      return inline_;
    }
    void Clear() {
      shared_.reset();
      inline_.clear();
    }
    std::string_view view() const {
      return shared_ ? std::string_view(*shared_) : std::string_view(inline_.data(), inline_.size());
    }
    std::size_t size() const { return view().size(); }

   private:
    std::shared_ptr<const std::string> shared_;
    Buffer inline_;
  };

  static std::uint64_t size(const value_type& body) { return body.size(); }

  class writer {
   public:
    using const_buffers_type = boost::asio::const_buffer;

    template <bool isRequest, class Fields>
    writer(const boost::beast::http::header<isRequest, Fields>&, const value_type& body)
        : body_(body) {}

    void init(boost::beast::error_code& ec) { ec = {}; }

    boost::optional<std::pair<const_buffers_type, bool>> get(boost::beast::error_code& ec) {
      ec = {};
      const auto bytes = body_.view();
      return {{const_buffers_type(bytes.data(), bytes.size()), false}};
    }

   private:
    const value_type& body_;
  };
};

}  // namespace bv::http
