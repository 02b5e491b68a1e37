#include "support/fake_upstream.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace bv::test {

FakeUpstream::FakeUpstream(Script script) : script_(std::move(script)) {
  auto handler = [this](http::Exchange& ex) -> boost::asio::awaitable<void> {
    SeenRequest seen{std::string(ex.req().target()), {}};
    for (const auto& field : ex.req()) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      seen.headers[name] = std::string(field.value());
    }
    {
      std::lock_guard lock(mutex_);
      seen_.push_back(seen);
    }
    ++count_;
    const Reply reply = script_(seen);
    if (reply.delay.count() > 0) {
      boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, reply.delay);
      co_await timer.async_wait(boost::asio::use_awaitable);
    }
    ex.response.result(reply.status);
    ex.response.set(http::bhttp::field::content_type, reply.content_type);
    for (const auto& [name, value] : reply.headers) ex.response.set(name, value);
    ex.response.body().Assign(reply.body);
  };
  server_ = std::make_unique<TestServer>([&](http::Router& r) {
    for (const char* path : {"/api/bgw-pt/v3/departures", "/api/bgw-pt/v3/locations", "/api/bgw-pt/v3/routes",
                             "/api/bgw-pt/v3/stations", "/.rest/zdm/stations/{id}"}) {
      r.Get(path, handler);
    }
  });
}

std::string FakeUpstream::base_url() const {
  return "http://127.0.0.1:" + std::to_string(server_->port()) + "/api/bgw-pt/v3";
}

std::vector<SeenRequest> FakeUpstream::seen() const {
  std::lock_guard lock(mutex_);
  return seen_;
}

}  // namespace bv::test
