#include "support/valkey_server.hpp"

#include <signal.h>
#include <unistd.h>

#include <stdexcept>

#include "support/ports.hpp"

namespace bv::test {

ValkeyServer::ValkeyServer(std::vector<std::string> extra_args, bool tls) : extra_args_(std::move(extra_args)), tls_(tls) {
  if (tls_) {
    const auto made = RunCommand("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1"
                                 " -addext subjectAltName=IP:127.0.0.1 -keyout " + dir_.path() + "/key.pem -out " +
                                 tls_ca_file());
    if (made.status != 0) throw std::runtime_error("openssl could not make a test certificate:\n" + made.output);
  }
  port_ = LaunchOnFreePort(
      [this](std::uint16_t port) {
        port_ = port;
        Launch();
      },
      "redis-server");
}

ValkeyServer::~ValkeyServer() {
  if (process_) {
    process_->Signal(SIGCONT);
    process_->Signal(SIGKILL);
  }
}

void ValkeyServer::Launch() {
  ProcessOptions options;
  options.argv = {"/usr/bin/redis-server", "--port", std::to_string(port_), "--bind", "127.0.0.1",
                  "--save", "", "--appendonly", "no", "--dir", dir_.path(), "--daemonize", "no",
                  "--protected-mode", "no"};
  if (tls_) {
    // The plain port off, TLS on ours; clients need no certificate of their own.
    const std::vector<std::string> tls_args = {"--port", "0", "--tls-port", std::to_string(port_), "--tls-cert-file",
                                               tls_ca_file(), "--tls-key-file", dir_.path() + "/key.pem",
                                               "--tls-ca-cert-file", tls_ca_file(), "--tls-auth-clients", "no"};
    options.argv.insert(options.argv.end(), tls_args.begin(), tls_args.end());
  }
  options.argv.insert(options.argv.end(), extra_args_.begin(), extra_args_.end());
  process_ = std::make_unique<ChildProcess>(std::move(options));
  if (!process_->WaitForLine("Ready to accept connections", std::chrono::seconds(10))) {
    throw std::runtime_error("redis-server did not start:\n" + process_->Output());
  }
}

void ValkeyServer::Pause() { process_->Signal(SIGSTOP); }
void ValkeyServer::Resume() { process_->Signal(SIGCONT); }

void ValkeyServer::Kill() {
  process_->Signal(SIGCONT);
  process_->Signal(SIGKILL);
  process_->WaitExit(std::chrono::seconds(5));
}

void ValkeyServer::Restart() { RelaunchOnSamePort([this] { Launch(); }, "redis-server", port_); }

}  // namespace bv::test
