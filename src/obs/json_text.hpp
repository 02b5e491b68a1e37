// Allocation-free JSON string escaping for hand-written JSON (log lines, error bodies).
// Guarantee: the output is always valid JSON text, even for invalid UTF-8 input (bad bytes
// become U+FFFD), so a log shipper never chokes on a line built from client input.
#pragma once

#include <cstddef>
#include <string_view>

namespace bv::obs {

namespace detail {
// Length of the valid UTF-8 sequence starting at text[i], or 0 if it is not valid.
std::size_t Utf8SequenceLength(std::string_view text, std::size_t i);
// "\\u0085", "\\u2028" or "\\u2029" for those characters' UTF-8 sequences, else null.
const char* LineBreakEscape(std::string_view sequence);
}  // namespace detail

// Appends `text` as a quoted JSON string to `out`: anything with append(const char*, const
// char*), such as std::string or a fmt::basic_memory_buffer.
template <typename Out>
void AppendJsonString(Out& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto put = [&](std::string_view s) { out.append(s.data(), s.data() + s.size()); };
  put("\"");
  std::size_t run_start = 0;
  const auto flush = [&](std::size_t end) {
    if (end > run_start) put(text.substr(run_start, end - run_start));
  };
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (const std::size_t n = detail::Utf8SequenceLength(text, i); n != 0) {
        // U+0085, U+2028 and U+2029 are valid JSON as they are, but some log viewers and
        // JavaScript consumers break lines at them: escaped, no client text starts a new line.
        const char* escape = detail::LineBreakEscape(text.substr(i, n));
        if (escape != nullptr) {
          flush(i);
          put(escape);
          run_start = i + n;
        }
        i += n;
        continue;
      }
      flush(i);
      put("\\ufffd");
      run_start = ++i;
      continue;
    }
    flush(i);
    switch (c) {
      case '"': put("\\\""); break;
      case '\\': put("\\\\"); break;
      case '\n': put("\\n"); break;
      case '\r': put("\\r"); break;
      case '\t': put("\\t"); break;
      default: {
        const char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        put(std::string_view(escaped, sizeof escaped));
      }
    }
    run_start = ++i;
  }
  flush(text.size());
  put("\"");
}

}  // namespace bv::obs
