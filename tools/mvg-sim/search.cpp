#include "search.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <tuple>

namespace bv::sim {
namespace {

// Latin-1 supplement letters (the second byte after 0xC3) folded to ASCII; 0 = keep as is.
constexpr std::string_view FoldC3(unsigned char second) {
  switch (second | 0x20) {  // upper and lower case differ in bit 5 in this block
    case 0xA0:
    case 0xA1:
    case 0xA2:
    case 0xA3:
    case 0xA4:
    case 0xA5:
      return "a";
    case 0xA7:
      return "c";
    case 0xA8:
    case 0xA9:
    case 0xAA:
    case 0xAB:
      return "e";
    case 0xAC:
    case 0xAD:
    case 0xAE:
    case 0xAF:
      return "i";
    case 0xB1:
      return "n";
    case 0xB2:
    case 0xB3:
    case 0xB4:
    case 0xB5:
    case 0xB6:
    case 0xB8:
      return "o";
    case 0xB9:
    case 0xBA:
    case 0xBB:
    case 0xBC:
      return "u";
    case 0xBD:
    case 0xBF:
      return "y";
  }
  return {};
}

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) {
    s.replace(pos, from.size(), to);
  }
}

bool IsWordPrefixMatch(std::string_view query, std::string_view text) {
  // Every query word must start some word of the text.
  std::size_t q = 0;
  while (q < query.size()) {
    const std::size_t q_end = std::min(query.find(' ', q), query.size());
    const std::string_view word = query.substr(q, q_end - q);
    bool found = false;
    for (std::size_t t = 0; t < text.size() && !found;) {
      const std::size_t t_end = std::min(text.find(' ', t), text.size());
      found = text.substr(t, t_end - t).starts_with(word);
      t = t_end + 1;
    }
    if (!found) return false;
    q = q_end + 1;
  }
  return true;
}

}  // namespace

std::string NormalizeForSearch(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto separator = [&] {
    if (!out.empty() && out.back() != ' ') out.push_back(' ');
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (std::isalnum(c) != 0) {
        out.push_back(static_cast<char>(std::tolower(c)));
      } else {
        separator();
      }
    } else if (c == 0xC3 && i + 1 < text.size()) {
      const auto second = static_cast<unsigned char>(text[++i]);
      if (second == 0x9F) {
        out += "ss";
      } else if (const auto folded = FoldC3(second); !folded.empty()) {
        out += folded;
      } else {
        out.push_back(static_cast<char>(c));
        out.push_back(static_cast<char>(second));
      }
    } else {
      out.push_back(static_cast<char>(c));  // other scripts: kept byte for byte
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  // Transliterated umlauts and the usual abbreviation: the same folding on both sides makes
  // "Muenchen", "München" and "Munchen" equal, and "Leopoldstraße" match "Leopoldstr.".
  ReplaceAll(out, "ae", "a");
  ReplaceAll(out, "oe", "o");
  ReplaceAll(out, "ue", "u");
  ReplaceAll(out, "strasse", "str");
  return out;
}

SearchText::SearchText(std::string_view normalized_name, std::string_view normalized_place)
    : name(normalized_name) {
  if (normalized_place.empty()) return;
  place_name = std::string(normalized_place) + " " + name;
  name_place = name + " " + std::string(normalized_place);
}

MatchKind Classify(std::string_view query, const SearchText& t) {
  if (query.empty()) return MatchKind::kNone;
  const bool has_place = !t.place_name.empty();
  if (query == t.name || (has_place && (query == t.place_name || query == t.name_place)))
    return MatchKind::kExact;
  if (t.name.starts_with(query) || (has_place && t.place_name.starts_with(query))) return MatchKind::kPrefix;
  if (IsWordPrefixMatch(query, has_place ? t.name_place : t.name)) return MatchKind::kWordPrefix;
  if (t.name.find(query) != std::string::npos ||
      (has_place && t.place_name.find(query) != std::string::npos)) {
    return MatchKind::kSubstring;
  }
  return MatchKind::kNone;
}

StationSearch::StationSearch(const Network& network) : network_(network) {
  entries_.reserve(network.stations().size());
  for (StationIndex i = 0; i < network.stations().size(); ++i) {
    const Station& s = network.station(i);
    entries_.push_back({i, SearchText(NormalizeForSearch(s.name), NormalizeForSearch(s.place))});
  }
}

std::vector<StationIndex> StationSearch::Search(std::string_view query, std::size_t limit) const {
  const std::string q = NormalizeForSearch(query);
  std::vector<std::pair<MatchKind, StationIndex>> hits;
  if (q.empty()) return {};
  for (const Entry& e : entries_) {
    const MatchKind kind = Classify(q, e.text);
    if (kind != MatchKind::kNone) hits.emplace_back(kind, e.station);
  }
  const auto rank = [&](const std::pair<MatchKind, StationIndex>& h) {
    const Station& s = network_.station(h.second);
    return std::make_tuple(h.first, -s.popularity, !s.builtin, !s.global_id.starts_with("de:09162:"),
                           s.name.size(), std::string_view(s.name), std::string_view(s.global_id));
  };
  const std::size_t n = std::min(limit, hits.size());
  std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(n), hits.end(),
                    [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
  std::vector<StationIndex> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back(hits[i].second);
  return out;
}

}  // namespace bv::sim
