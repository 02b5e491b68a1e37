// Station search for MVG's /locations: case- and umlaut-insensitive ("München", "Muenchen" and
// "Munchen" are one word), matching the name, "Place, Name" and "Name, Place". Ranks exact >
// prefix > word prefix > substring, then by popularity (lines calling), then shorter names.
// The index is built once; Search() is const and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "network.hpp"

namespace bv::sim {

// Lower-case, umlauts and ß folded (ä/ae -> a, ö/oe -> o, ü/ue -> u, ß -> ss, é -> e, ...),
// punctuation turned into single spaces, trimmed.
std::string NormalizeForSearch(std::string_view text);

enum class MatchKind { kExact = 0, kPrefix = 1, kWordPrefix = 2, kSubstring = 3, kNone = 4 };

// A station's searchable texts, normalised: "name", "place name" and "name place".
struct SearchText {
  SearchText(std::string_view normalized_name, std::string_view normalized_place);
  std::string name;
  std::string place_name;  // empty without a place
  std::string name_place;  // empty without a place
};

// How `query` (normalised) matches a station's texts.
MatchKind Classify(std::string_view query, const SearchText& text);

class StationSearch {
 public:
  explicit StationSearch(const Network& network);

  // Best matches first, at most `limit`. A query that normalises to nothing finds nothing.
  std::vector<StationIndex> Search(std::string_view query, std::size_t limit) const;

 private:
  struct Entry {
    StationIndex station;
    SearchText text;
  };
  const Network& network_;
  std::vector<Entry> entries_;
};

}  // namespace bv::sim
