#include "http/query.hpp"

#include <string>

namespace bv::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends the decoded form of `text` to `out`; false on a bad escape.
template <typename Out>
bool DecodeInto(std::string_view text, Out& out, bool plus_is_space) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return false;
      const int hi = HexValue(text[i + 1]), lo = HexValue(text[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

}  // namespace

Query::Query(std::string_view raw) {
  // Decoding never lengthens text, so reserving the raw size up front keeps the views stable.
  decoded_.reserve(raw.size());
  while (!raw.empty()) {
    const auto amp = raw.find('&');
    const std::string_view pair = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view{} : raw.substr(amp + 1);
    if (pair.empty()) continue;
    if (count_ == kMaxParams) {
      valid_ = false;
      return;
    }
    const auto eq = pair.find('=');
    const std::string_view raw_key = pair.substr(0, eq);
    const std::string_view raw_value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
    const std::size_t key_start = decoded_.size();
    if (!DecodeInto(raw_key, decoded_, true)) {
      valid_ = false;
      return;
    }
    const std::size_t value_start = decoded_.size();
    if (!DecodeInto(raw_value, decoded_, true)) {
      valid_ = false;
      return;
    }
    items_[count_++] = {std::string_view(decoded_.data() + key_start, value_start - key_start),
                        std::string_view(decoded_.data() + value_start, decoded_.size() - value_start)};
  }
}

std::optional<std::string_view> Query::Get(std::string_view name) const {
  std::optional<std::string_view> found;
  for (std::size_t i = 0; i < count_; ++i) {
    if (items_[i].first == name) found = items_[i].second;
  }
  return found;
}

bool PercentDecode(std::string_view text, std::string& out, bool plus_is_space) {
  out.clear();
  return DecodeInto(text, out, plus_is_space);
}

}  // namespace bv::http
