#include "support/ports.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
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

std::uint16_t LaunchOnFreePort(const std::function<void(std::uint16_t)>& launch, std::string_view server) {
  std::string last_error;
  for (int attempt = 0; attempt < 5; ++attempt) {
    const std::uint16_t port = FreePort();
    try {
      launch(port);
      return port;
    } catch (const std::exception& e) {
      last_error = e.what();  // most likely the port was taken between probing and binding
    }
  }
  throw std::runtime_error("cannot start " + std::string(server) + ": " + last_error);
}

void RelaunchOnSamePort(const std::function<void()>& launch, std::string_view server, std::uint16_t port) {
  std::string last_error;
  for (int attempt = 0; attempt < 50; ++attempt) {
    try {
      launch();
      return;
    } catch (const std::exception& e) {
      last_error = e.what();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the old socket may linger
    }
  }
  throw std::runtime_error("cannot restart " + std::string(server) + " on port " + std::to_string(port) + ": " +
                           last_error);
}

}  // namespace bv::test
