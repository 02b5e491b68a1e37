#include "http/router.hpp"

#include <stdexcept>

namespace bv::http {
namespace {

// Splits "/a/b/c" into {"a","b","c"}; calls `f(segment)` for each, stops if it returns false.
template <typename F>
bool ForEachSegment(std::string_view path, F&& f) {
  if (path.empty() || path.front() != '/') return false;
  path.remove_prefix(1);
  while (true) {
    const auto slash = path.find('/');
    if (!f(path.substr(0, slash))) return false;
    if (slash == std::string_view::npos) return true;
    path.remove_prefix(slash + 1);
  }
}

}  // namespace

void Router::RebuildAllowHeader(Route& r) {
  std::string allow;
  const auto add = [&](std::string_view m) {
    if (!allow.empty()) allow += ", ";
    allow += m;
  };
  for (std::size_t i = 0; i < kMethodCount; ++i) {
    const auto m = static_cast<Method>(i);
    if (m == Method::kHead || m == Method::kOptions) continue;
    if (r.handlers[i]) add(ToString(m));
    if (m == Method::kGet && r.handlers[i]) add("HEAD");
  }
  add("OPTIONS");
  r.handlers[static_cast<std::size_t>(Method::kHead)] =
      r.handlers[static_cast<std::size_t>(Method::kGet)];
  // kept on the route so that 405 answers do not build it per request
  r.allow_ = std::move(allow);
}

void Router::Add(Method method, std::string_view route_template, Handler handler) {
  if (method == Method::kHead || method == Method::kOptions || method == Method::kOther) {
    throw std::invalid_argument("HEAD and OPTIONS are implied; register GET instead");
  }
  Route* route = nullptr;
  for (auto& r : routes_) {
    if (r.route_template == route_template) route = &r;
  }
  if (route == nullptr) {
    Route fresh;
    fresh.route_template = std::string(route_template);
    fresh.id = routes_.size();
    const bool ok = ForEachSegment(route_template, [&](std::string_view seg) {
      Route::Segment s;
      if (seg.size() >= 3 && seg.front() == '{' && seg.back() == '}') {
        s.text = std::string(seg.substr(1, seg.size() - 2));
        s.is_param = true;
      } else if (seg.find_first_of("{}") != std::string_view::npos) {
        return false;
      } else {
        s.text = std::string(seg);
      }
      fresh.segments_.push_back(std::move(s));
      return true;
    });
    if (!ok) throw std::invalid_argument("malformed route template: " + std::string(route_template));
    routes_.push_back(std::move(fresh));
    route = &routes_.back();
  }
  auto& slot = route->handlers[static_cast<std::size_t>(method)];
  if (slot) throw std::invalid_argument("route registered twice: " + std::string(route_template));
  slot = std::move(handler);
  RebuildAllowHeader(*route);
}

void Router::SetFallback(std::string_view label, Handler handler) {
  if (fallback_ != nullptr) throw std::invalid_argument("fallback registered twice");
  Route fallback;
  fallback.route_template = std::string(label);
  fallback.id = routes_.size();
  fallback.handlers[static_cast<std::size_t>(Method::kGet)] = std::move(handler);
  RebuildAllowHeader(fallback);
  routes_.push_back(std::move(fallback));
  fallback_ = &routes_.back();
}

const Route* Router::Match(std::string_view path, PathParams& params) const {
  for (const Route& route : routes_) {
    if (&route == fallback_) continue;
    params.Clear();
    std::size_t index = 0;
    const bool matched = ForEachSegment(path, [&](std::string_view seg) {
      if (index >= route.segments_.size()) return false;
      const auto& expected = route.segments_[index++];
      if (expected.is_param) return !seg.empty() && params.Add(expected.text, seg);
      return seg == expected.text;
    });
    if (matched && index == route.segments_.size()) return &route;
  }
  params.Clear();
  if (fallback_ != nullptr && path.starts_with("/") && !path.starts_with("/api/") && path != "/api") return fallback_;
  return nullptr;
}

}  // namespace bv::http
