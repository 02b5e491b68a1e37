// Valkey (RESP2) replies as plain values, and the errors of talking to Valkey.
#pragma once

#include <string>
#include <vector>

#include <boost/system/result.hpp>

namespace bv::valkey {

struct Reply {
  enum class Type { kString, kStatus, kInteger, kNil, kError, kArray };
  Type type = Type::kNil;
  std::string text;  // kString, kStatus, kError
  long long integer = 0;
  std::vector<Reply> elements;  // kArray

  bool is_nil() const { return type == Type::kNil; }
  bool is_error() const { return type == Type::kError; }
};

struct Error {
  enum class Kind {
    kUnavailable,  // not connected (connect failed, reconnect back-off, circuit open)
    kTimeout,      // no reply within the command deadline
    kClosed,       // the connection closed with the command pending
    kProtocol,     // the server sent bytes that are not RESP
  };
  Kind kind;
  std::string detail;  // for logs
};

using Result = boost::system::result<Reply, Error>;

}  // namespace bv::valkey
