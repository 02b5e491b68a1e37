// Query-string parameters, percent-decoded ('+' is a space), with no heap allocation for
// ordinary requests: decoded text lives in an inline buffer sized from the raw query.
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include <fmt/format.h>

namespace bv::http {

class Query {
 public:
  static constexpr std::size_t kMaxParams = 32;

  // Parses `raw` (the part after '?'). Never throws; check valid().
  explicit Query(std::string_view raw);
  Query(const Query&) = delete;  // the views point into this object's buffer
  Query& operator=(const Query&) = delete;

  // False for malformed percent-encoding or more than kMaxParams parameters.
  bool valid() const { return valid_; }

  // The last value of `name` (as most frameworks do for repeated scalars); nullopt if absent.
  std::optional<std::string_view> Get(std::string_view name) const;
  // Calls f(value) for each value of `name`, in order (repeatable parameters).
  template <typename F>
  void ForEach(std::string_view name, F&& f) const {
    for (std::size_t i = 0; i < count_; ++i) {
      if (items_[i].first == name) f(items_[i].second);
    }
  }
  std::size_t size() const { return count_; }
  std::pair<std::string_view, std::string_view> at(std::size_t i) const { return items_[i]; }

 private:
  fmt::basic_memory_buffer<char, 512> decoded_;
  std::array<std::pair<std::string_view, std::string_view>, kMaxParams> items_{};
  std::size_t count_ = 0;
  bool valid_ = true;
};

// Percent-decodes `text` into `out` ('+' becomes a space when `plus_is_space`). Returns false
// for a malformed escape.
bool PercentDecode(std::string_view text, std::string& out, bool plus_is_space = false);

}  // namespace bv::http
