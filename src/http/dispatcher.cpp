#include "http/dispatcher.hpp"

#include <cxxabi.h>

#include <array>
#include <exception>
#include <iterator>
#include <span>
#include <typeinfo>

#include "http/json_response.hpp"
#include "http/request_id.hpp"

namespace bv::http {
namespace {

std::vector<std::string> RouteLabels(const Router& router) {
  std::vector<std::string> labels;
  for (const Route& r : router.routes()) labels.push_back(r.route_template);
  labels.emplace_back(Router::kUnmatched);
  return labels;
}

// A bounded label value for an exception: its demangled type name.
std::string TypeName(const std::type_info& type) {
  int status = 0;
  char* demangled = abi::__cxa_demangle(type.name(), nullptr, nullptr, &status);
  std::string name = status == 0 && demangled != nullptr ? demangled : type.name();
  std::free(demangled);
  return name;
}

std::string_view HeaderValue(const Request& req, bhttp::field field) {
  const auto it = req.find(field);
  return it == req.end() ? std::string_view{} : std::string_view(it->value());
}

// The route label of logs: the matched template, or the one name for every unmatched path.
std::string_view RouteTemplateOf(const Exchange& ex) {
  return ex.route ? std::string_view(ex.route->route_template) : Router::kUnmatched;
}

}  // namespace

Dispatcher::Dispatcher(const Router& router, const DispatcherOptions& options,
                       obs::Registry& registry, const obs::Logger& log)
    : router_(router),
      cors_(options.cors),
      access_log_(options.access_log),
      admission_(options.admission),
      clients_(options.clients),
      metrics_(registry, RouteLabels(router)),
      log_(log),
      access_log_lines_(options.access_logger ? *options.access_logger : log) {}

void Dispatcher::Begin(Exchange& ex) {
  metrics_.in_flight().Inc();
  const Request& req = ex.req();
  ex.method = ToMethod(req.method());
  const std::string_view target = req.target();
  const auto question = target.find('?');
  ex.path = target.substr(0, question);
  ex.query = question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
  ex.route = router_.Match(ex.path, ex.params);
  AssignRequestId(ex);
  IdentifyClient(ex);
  const auto traceparent = req.find("traceparent");
  ex.trace = obs::TraceContextFor(traceparent == req.end() ? std::string_view{} : std::string_view(traceparent->value()));
}

void Dispatcher::IdentifyClient(Exchange& ex) const {
  ex.client_key = ex.client;
  if (clients_ == nullptr) return;
  const auto peer = net::ParseHopAddress(ex.client);
  if (!peer) return;  // not from a socket (tests): the text stands as it is
  // Every line of the forwarding header, in the order they arrived (the rightmost ones, if a
  // request sends absurdly many: the left end of a chain is the part a client can forge).
  constexpr std::size_t kMaxLines = 64;
  std::array<std::string_view, kMaxLines> lines;
  std::size_t count = 0;
  if (clients_->trusts_proxies()) {
    const auto range = ex.req().equal_range(net::HeaderName(clients_->header()));
    const auto total = static_cast<std::size_t>(std::distance(range.first, range.second));
    std::size_t skip = total > kMaxLines ? total - kMaxLines : 0;
    for (auto it = range.first; it != range.second; ++it) {
      if (skip > 0) {
        --skip;
        continue;
      }
      lines[count++] = it->value();
    }
  }
  const auto client = clients_->Resolve(*peer, std::span<const std::string_view>(lines.data(), count));
  ex.client_text.Assign(client);
  ex.client = ex.client_text.view();
  clients_->KeyOf(client, ex.client_key_text);
  ex.client_key = ex.client_key_text.view();
}

void Dispatcher::BeginUnparsed(Exchange& ex) {
  metrics_.in_flight().Inc();
  ex.method = Method::kOther;
  GenerateUuid(ex.request_id);
  ex.trace = obs::NewTrace();
}

boost::asio::awaitable<void> Dispatcher::Handle(Exchange& ex) {
  Response& res = ex.response;
  res.version(ex.req().version());
  const std::string_view origin = HeaderValue(ex.req(), bhttp::field::origin);

  if (ex.route == nullptr) {
    SetJsonError(res, bhttp::status::not_found, "Not Found");
  } else if (ex.method == Method::kOptions) {
    const auto requested = HeaderValue(ex.req(), bhttp::field::access_control_request_method);
    if (!origin.empty() && !requested.empty()) {
      cors_.AnswerPreflight(origin, requested, ex.route->allow_header(), res);
    } else {
      res.result(bhttp::status::no_content);
      res.set(bhttp::field::allow, ex.route->allow_header());
    }
  } else if (!ex.route->Allows(ex.method)) {
    SetJsonError(res, bhttp::status::method_not_allowed, "Method Not Allowed");
    res.set(bhttp::field::allow, ex.route->allow_header());
  } else if (admission_ && !admission_(ex)) {
    // Refused (e.g. 429): the admission filled the response.
  } else {
    // The boundary catch-all (STYLE.md 6): a handler bug becomes a logged, counted 500.
    try {
      co_await ex.route->handlers[static_cast<std::size_t>(ex.method)](ex);
    } catch (const std::exception& e) {
      Fail(ex, TypeName(typeid(e)), e.what());
    } catch (...) {
      Fail(ex, "unknown", "non-standard exception");
    }
  }
  if (!origin.empty() && ex.method != Method::kOptions && cors_.IsAllowed(origin)) {
    cors_.AddResponseHeaders(origin, res);
  }
  Decorate(ex);
}

void Dispatcher::Reject(Exchange& ex, bhttp::status status, std::string_view detail) {
  if (ex.request != nullptr) ex.response.version(ex.req().version());
  SetJsonError(ex.response, status, detail);
  ex.close_after = true;
  Decorate(ex);
}

void Dispatcher::Decorate(Exchange& ex) const {
  ex.response.set("X-Request-Id", ex.request_id.view());
  if (cors_.enabled()) Cors::AddVaryOrigin(ex.response);
}

void Dispatcher::Fail(Exchange& ex, std::string_view type, std::string_view what) {
  const std::size_t route_id = ex.route ? ex.route->id : metrics_.unmatched_id();
  metrics_.RecordException(route_id, type);
  log_.Error("unhandled exception", {{"request_id", ex.request_id.view()},
                                     {"trace_id", ex.trace.trace_id_view()},
                                     {"route", RouteTemplateOf(ex)},
                                     {"type", type},
                                     {"error", what}});
  ex.response.clear();  // drop headers a handler may have set before it threw
  SetJsonError(ex.response, bhttp::status::internal_server_error, "Internal Server Error");
}

void Dispatcher::Finish(const Exchange& ex, std::size_t bytes) {
  metrics_.in_flight().Dec();
  const auto elapsed = std::chrono::steady_clock::now() - ex.start;
  const double seconds = std::chrono::duration<double>(elapsed).count();
  const unsigned status = ex.response.result_int();
  const std::size_t route_id = ex.route ? ex.route->id : metrics_.unmatched_id();
  metrics_.Record(route_id, ex.method, status, seconds);
  if (!access_log_ || !access_log_lines_.Enabled(obs::LogLevel::kInfo)) return;
  const std::string_view method = ex.request ? std::string_view(ex.req().method_string()) : "-";
  // Annotations a handler did not set are null, so every access-log line has the same fields.
  const auto optional = [](std::string_view key, std::string_view value) {
    return value.empty() ? obs::LogField(key, nullptr) : obs::LogField(key, value);
  };
  access_log_lines_.Info("request", {{"request_id", ex.request_id.view()},
                                     {"trace_id", ex.trace.trace_id_view()},
                                     {"span_id", ex.trace.span_id_view()},
                                     {"method", method},
                                     {"route", RouteTemplateOf(ex)},
                                     {"path", ex.path},
                                     {"status", status},
                                     {"duration_ms", seconds * 1000.0},
                                     {"bytes", bytes},
                                     {"client", ex.client},
                                     optional("cache_status", ex.cache_status),
                                     optional("mvg_status", ex.mvg_status),
                                     optional("station", ex.station.view())});
}

}  // namespace bv::http
