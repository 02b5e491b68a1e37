// Route templates ("/api/v1/mvg/stations/{station_id}/stats") to handlers.
// Built at start-up, then read-only: matching takes no lock and does not allocate.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "http/exchange.hpp"

namespace bv::http {

struct Route {
  std::string route_template;  // also the `route` metric label
  std::size_t id = 0;          // dense index, for per-route metric tables
  std::array<Handler, kMethodCount> handlers;  // indexed by Method

  bool Allows(Method m) const { return static_cast<bool>(handlers[static_cast<std::size_t>(m)]); }
  // "GET, HEAD, OPTIONS" for the Allow header.
  std::string_view allow_header() const { return allow_; }

 private:
  friend class Router;
  struct Segment {
    std::string text;
    bool is_param = false;  // "{name}": matches any one non-empty segment
  };
  std::vector<Segment> segments_;
  std::string allow_;
};

class Router {
 public:
  // The route label used for requests that match no route: never the raw path.
  static constexpr std::string_view kUnmatched = "unmatched";

  // Registers `handler` for `method` on `route_template`. GET also answers HEAD (body
  // omitted by the server); OPTIONS is answered by the dispatcher (CORS preflight, Allow).
  // Throws std::invalid_argument for a malformed template or a duplicate registration.
  void Add(Method method, std::string_view route_template, Handler handler);
  void Get(std::string_view route_template, Handler handler) {
    Add(Method::kGet, route_template, std::move(handler));
  }

  // GET/HEAD for any path no route matches, except under /api/ (which stays a JSON 404): the
  // web UI's files and its client-side routes. Its metric label is `label`.
  void SetFallback(std::string_view label, Handler handler);

  // Finds the route for a raw path (no query) and fills `params`; null if none matches.
  const Route* Match(std::string_view path, PathParams& params) const;

  // Every route, in registration order; Route::id indexes this.
  const std::deque<Route>& routes() const { return routes_; }

 private:
  // Derives HEAD from GET and the Allow header from the registered methods.
  static void RebuildAllowHeader(Route& route);

  std::deque<Route> routes_;
  const Route* fallback_ = nullptr;  // one of routes_, never matched by template  // deque: Route addresses stay stable as routes are added
};

}  // namespace bv::http
