#include "support/valkey_server.hpp"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>

namespace bv::test {

std::uint16_t FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t length = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
  close(fd);
  return ntohs(addr.sin_port);
}

ValkeyServer::ValkeyServer(std::vector<std::string> extra_args, bool tls) : extra_args_(std::move(extra_args)), tls_(tls) {
  if (tls_) {
    const auto made = RunCommand("openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1"
                                 " -addext subjectAltName=IP:127.0.0.1 -keyout " + dir_.path() + "/key.pem -out " +
                                 tls_ca_file());
    if (made.status != 0) throw std::runtime_error("openssl could not make a test certificate:\n" + made.output);
  }
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = FreePort();
    try {
      Launch();
      return;
    } catch (const std::exception&) {
      // the port was taken between probing and binding: try another
    }
  }
  throw std::runtime_error("cannot start redis-server");
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

void ValkeyServer::Restart() {
  for (int attempt = 0; attempt < 50; ++attempt) {
    try {
      Launch();
      return;
    } catch (const std::exception&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the old socket may linger
    }
  }
  throw std::runtime_error("cannot restart redis-server on port " + std::to_string(port_));
}

}  // namespace bv::test
