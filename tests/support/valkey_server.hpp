// A real Valkey-protocol server for tests: Debian's redis-server on 127.0.0.1:<free port>, no
// persistence, in a temporary directory. It can be paused (SIGSTOP: a hang), killed and
// restarted on the same port, for fault tests.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace bv::test {

class ValkeyServer {
 public:
  // `tls`: the port speaks TLS only (a self-signed certificate for 127.0.0.1, made with openssl).
  explicit ValkeyServer(std::vector<std::string> extra_args = {}, bool tls = false);
  ~ValkeyServer();

  std::uint16_t port() const { return port_; }
  std::string url(int db = 0) const {
    return (tls_ ? "rediss://127.0.0.1:" : "redis://127.0.0.1:") + std::to_string(port_) + "/" + std::to_string(db);
  }
  std::string tls_ca_file() const { return dir_.path() + "/cert.pem"; }  // the certificate itself

  void Pause();   // SIGSTOP: connections stay open, nothing answers
  void Resume();  // SIGCONT
  void Kill();    // SIGKILL
  void Restart(); // start again on the same port (after Kill)

 private:
  void Launch();
  TempDir dir_;
  std::vector<std::string> extra_args_;
  bool tls_ = false;
  std::uint16_t port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace bv::test
