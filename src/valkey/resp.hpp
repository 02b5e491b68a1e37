// The hiredis adapter (STYLE.md 7.9): RESP encoding of commands and incremental parsing of
// replies. The only file that sees hiredis types.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "valkey/reply.hpp"

namespace bv::valkey {

// The RESP bytes of one command, e.g. {"SET", "k", "v"}.
std::string EncodeCommand(const std::vector<std::string>& args);

// Feeds bytes as they arrive; yields complete replies in order. Not thread-safe.
class ReplyParser {
 public:
  ReplyParser();
  ~ReplyParser();
  ReplyParser(const ReplyParser&) = delete;
  ReplyParser& operator=(const ReplyParser&) = delete;

  void Feed(std::string_view bytes);
  // The next complete reply, nullopt if more bytes are needed; an Error for a protocol error
  // (the connection must then be closed).
  std::optional<Result> Next();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bv::valkey
