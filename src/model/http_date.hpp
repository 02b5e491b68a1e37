// HTTP dates (RFC 9110 5.6.7), as in Last-Modified and If-Modified-Since: the IMF-fixdate form
// "Sun, 06 Nov 1994 08:49:37 GMT". Formatting writes into the caller's buffer (no allocation:
// it runs on the cache-hit path).
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string_view>

namespace bv::model {

using HttpDateBuffer = std::array<char, 29>;

// `t` (UTC), e.g. "Fri, 15 Jan 2027 08:00:00 GMT"; a view into `buffer`. In whole seconds, so
// that every date ParseHttpDate reads (years up to 9999) can be written back: the system
// clock's nanoseconds end in 2262.
std::string_view FormatHttpDate(std::chrono::sys_seconds t, HttpDateBuffer& buffer);
// The same, cut to whole seconds (not rounded: a Last-Modified must not lie in the future).
inline std::string_view FormatHttpDate(std::chrono::system_clock::time_point t, HttpDateBuffer& buffer) {
  return FormatHttpDate(std::chrono::floor<std::chrono::seconds>(t), buffer);
}

// An IMF-fixdate; nullopt for anything else (the obsolete RFC 850 and asctime forms included,
// which a sender must not generate: a conditional we cannot read is ignored, RFC 9110 13.1.3).
std::optional<std::chrono::sys_seconds> ParseHttpDate(std::string_view text);

}  // namespace bv::model
