#include "support/process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "support/paths.hpp"

extern char** environ;

namespace bv::test {

ChildProcess::ChildProcess(ProcessOptions options) {
  std::map<std::string, std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string kv(*e);
    const auto eq = kv.find('=');
    if (eq != std::string::npos) env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& name : options.unset_env) env.erase(name);
  for (const auto& [k, v] : options.env) env[k] = v;
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<char*> argv;
  for (auto& a : options.argv) argv.push_back(a.data());
  argv.push_back(nullptr);

  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  if (!options.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, options.cwd.c_str());
  const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (rc != 0) {
    close(pipe_fds[0]);
    throw std::runtime_error("cannot start " + options.argv[0]);
  }
  reader_ = std::thread([this, fd = pipe_fds[0]] { ReadOutput(fd); });
}

ChildProcess::~ChildProcess() {
  if (running()) {
    kill(pid_, SIGKILL);
    WaitExit(std::chrono::seconds(10));
  }
  if (reader_.joinable()) reader_.join();
}

void ChildProcess::ReadOutput(int fd) {
  std::array<char, 4096> chunk;
  for (;;) {
    const ssize_t n = read(fd, chunk.data(), chunk.size());
    if (n <= 0) break;
    std::lock_guard lock(mutex_);
    output_.append(chunk.data(), static_cast<std::size_t>(n));
    changed_.notify_all();
  }
  close(fd);
  std::lock_guard lock(mutex_);
  output_closed_ = true;
  changed_.notify_all();
}

std::optional<std::string> ChildProcess::WaitForLine(const std::string& needle,
                                                     std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  std::optional<std::string> found;
  changed_.wait_for(lock, timeout, [&] {
    const auto pos = output_.find(needle);
    if (pos != std::string::npos) {
      const auto start = output_.rfind('\n', pos);
      const auto begin = start == std::string::npos ? 0 : start + 1;
      found = output_.substr(begin, output_.find('\n', pos) - begin);
      return true;
    }
    return output_closed_;
  });
  return found;
}

std::string ChildProcess::Output() const {
  std::lock_guard lock(mutex_);
  return output_;
}

std::vector<std::string> ChildProcess::Lines() const {
  std::vector<std::string> lines;
  const std::string out = Output();
  std::size_t start = 0;
  while (start < out.size()) {
    const auto end = out.find('\n', start);
    lines.push_back(out.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

void ChildProcess::Signal(int signal_number) {
  if (running()) kill(pid_, signal_number);
}

bool ChildProcess::running() {
  if (exit_status_) return false;
  int status = 0;
  const pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return false;
  }
  return r == 0;
}

std::optional<int> ChildProcess::WaitExit(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (reader_.joinable()) reader_.join();
  return exit_status_;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "bv-test-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::uint16_t ParseListeningPort(const std::string& line) {
  const std::string marker = "listening on ";
  const auto pos = line.find(marker);
  if (pos == std::string::npos) return 0;
  const auto colon = line.find(':', pos + marker.size());
  if (colon == std::string::npos) return 0;
  return static_cast<std::uint16_t>(std::atoi(line.c_str() + colon + 1));
}

ServiceProcess::ServiceProcess(std::map<std::string, std::string> env) {
  env.emplace("PORT", "0");
  env.emplace("HOST", "127.0.0.1");
  env.emplace("SHUTDOWN_DRAIN_DELAY_SECONDS", "0.2");
  env.emplace("SHUTDOWN_GRACE_PERIOD_SECONDS", "10");
  // Tests send bursts from one address; the rate-limit tests turn it on themselves.
  env.emplace("RATE_LIMIT_PER_MINUTE", "0");
  ProcessOptions options;
  options.argv = {kServiceBinary, "serve"};
  options.env = std::move(env);
  options.cwd = dir_.path();
  process_ = std::make_unique<ChildProcess>(std::move(options));
  const auto line = process_->WaitForLine("listening on ", std::chrono::seconds(20));
  if (!line) throw std::runtime_error("service did not start:\n" + process_->Output());
  port_ = ParseListeningPort(*line);
}

CommandResult RunCommand(const std::string& shell_command) {
  CommandResult result;
  const std::string command = shell_command + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> chunk;
  while (const std::size_t n = fread(chunk.data(), 1, chunk.size(), pipe)) result.output.append(chunk.data(), n);
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace bv::test
