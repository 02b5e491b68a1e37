// The web UI's built files (web/dist), served at `/` by the service itself: loaded into memory
// at start-up (no disk access and no path handling per request, so no path traversal), hashed
// assets cached for a year, index.html revalidated every time, client-side routes answered with
// index.html (SPA fallback). Read-only after construction: thread-safe.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "http/router.hpp"

namespace bv::api {

class StaticFiles {
 public:
  // Loads every regular file under `root` (up to a total of 64 MiB). A missing root leaves the
  // set empty: the UI is then simply not served (see `size()`).
  explicit StaticFiles(const std::string& root);

  std::size_t size() const { return files_.size(); }

  // Registers the router fallback (label "static") that serves these files.
  void Register(http::Router& router) const;

 private:
  struct File {
    std::shared_ptr<const std::string> bytes;
    std::string content_type;
    std::string etag;
    bool immutable;  // a hashed asset: cache for a year
  };
  const File* Find(std::string_view path) const;

  std::unordered_map<std::string, File> files_;  // "/assets/index-3f2a.js" -> file
};

}  // namespace bv::api
