// Real child processes for integration tests: the service binary, mvg-sim, servers.
// Output (stdout and stderr, merged) is captured line by line so tests can wait for
// "listening on 127.0.0.1:PORT" and assert on log lines.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace bv::test {

struct ProcessOptions {
  std::vector<std::string> argv;              // argv[0] is the program path
  std::map<std::string, std::string> env;     // added to (and overriding) the test's environment
  std::vector<std::string> unset_env;         // removed from the inherited environment
  std::string cwd;                            // empty: inherit
};

class ChildProcess {
 public:
  explicit ChildProcess(ProcessOptions options);
  ~ChildProcess();  // kills the process if it still runs
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Waits until an output line contains `needle`; returns that line.
  std::optional<std::string> WaitForLine(const std::string& needle, std::chrono::milliseconds timeout);
  std::string Output() const;
  std::vector<std::string> Lines() const;
  void Signal(int signal_number);
  // Exit status (0..255), or 128 + signal if it was killed; nullopt on timeout.
  std::optional<int> WaitExit(std::chrono::milliseconds timeout);
  bool running();

 private:
  void ReadOutput(int fd);

  pid_t pid_ = -1;
  std::optional<int> exit_status_;
  std::thread reader_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::string output_;
  bool output_closed_ = false;
};

// A temporary directory removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// `bahnvision serve` on 127.0.0.1 with a free port, started in a temporary working directory
// (so that no developer's .env leaks in). Waits until it listens.
class ServiceProcess {
 public:
  explicit ServiceProcess(std::map<std::string, std::string> env = {});
  std::uint16_t port() const { return port_; }
  ChildProcess& process() { return *process_; }

 private:
  TempDir dir_;
  std::unique_ptr<ChildProcess> process_;
  std::uint16_t port_ = 0;
};

// Parses the port out of a "listening on 127.0.0.1:PORT" line; 0 if absent.
std::uint16_t ParseListeningPort(const std::string& line);

// Runs a shell command; returns its exit status and combined output.
struct CommandResult {
  int status = -1;
  std::string output;
};
CommandResult RunCommand(const std::string& shell_command);

}  // namespace bv::test
