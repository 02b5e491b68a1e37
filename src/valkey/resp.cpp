#include "valkey/resp.hpp"

#include <hiredis/hiredis.h>

namespace bv::valkey {
namespace {

Reply Convert(const redisReply* r) {
  Reply out;
  switch (r->type) {
    case REDIS_REPLY_STRING:
      out.type = Reply::Type::kString;
      out.text.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = Reply::Type::kStatus;
      out.text.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ERROR:
      out.type = Reply::Type::kError;
      out.text.assign(r->str, r->len);
      break;
    case REDIS_REPLY_INTEGER:
      out.type = Reply::Type::kInteger;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.type = Reply::Type::kArray;
      out.elements.reserve(r->elements);
      for (std::size_t i = 0; i < r->elements; ++i) out.elements.push_back(Convert(r->element[i]));
      break;
    default:
      out.type = Reply::Type::kNil;
  }
  return out;
}

// hiredis 0.14 (Debian bookworm) allocates a multi-bulk reply's element array as soon as it
// reads the header: "*400000000\r\n" from a broken or hostile server made it calloc 3 GB (found
// by fuzz/resp_reply_fuzz.cpp), and a negative count other than -1 became an array whose
// element count is huge and whose elements are missing. The replies we ask for are small, so
// such a header is refused as a protocol error (hiredis reports a refused object as "Out of
// memory").
constexpr int kMaxArrayElements = 1 << 20;

const redisReplyObjectFunctions& DefaultFunctions() {
  static const redisReplyObjectFunctions functions = [] {
    redisReader* probe = redisReaderCreate();
    const redisReplyObjectFunctions copy = *probe->fn;
    redisReaderFree(probe);
    return copy;
  }();
  return functions;
}

void* CreateBoundedArray(const redisReadTask* task, int elements) {
  if (elements < 0 || elements > kMaxArrayElements) return nullptr;
  return DefaultFunctions().createArray(task, elements);
}

// The reader keeps a pointer to this table for its whole life (it never frees it).
redisReplyObjectFunctions* BoundedFunctions() {
  static redisReplyObjectFunctions functions = [] {
    redisReplyObjectFunctions bounded = DefaultFunctions();
    bounded.createArray = CreateBoundedArray;
    return bounded;
  }();
  return &functions;
}

}  // namespace

std::string EncodeCommand(const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (const auto& a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  char* target = nullptr;
  const int length = redisFormatCommandArgv(&target, static_cast<int>(args.size()), argv.data(), lengths.data());
  if (length < 0) return {};
  std::string encoded(target, static_cast<std::size_t>(length));
  redisFreeCommand(target);
  return encoded;
}

struct ReplyParser::Impl {
  redisReader* reader = redisReaderCreateWithFunctions(BoundedFunctions());
  ~Impl() { redisReaderFree(reader); }
};

ReplyParser::ReplyParser() : impl_(std::make_unique<Impl>()) {}
ReplyParser::~ReplyParser() = default;

void ReplyParser::Feed(std::string_view bytes) { redisReaderFeed(impl_->reader, bytes.data(), bytes.size()); }

std::optional<Result> ReplyParser::Next() {
  void* raw = nullptr;
  if (redisReaderGetReply(impl_->reader, &raw) != REDIS_OK) {
    return Result(Error{Error::Kind::kProtocol, impl_->reader->errstr});
  }
  if (raw == nullptr) return std::nullopt;
  Reply reply = Convert(static_cast<redisReply*>(raw));
  freeReplyObject(raw);
  return Result(std::move(reply));
}

}  // namespace bv::valkey
