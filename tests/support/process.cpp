#include "process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>  // environ

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>

namespace eatos::testing {
namespace {

struct Pipe {
  std::array<int, 2> fds{-1, -1};
  Pipe() {
    if (::pipe2(fds.data(), O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  ~Pipe() {
    for (int fd : fds) {
      if (fd >= 0) ::close(fd);
    }
  }
  void close_end(int index) {
    if (fds[index] >= 0) ::close(fds[index]);
    fds[index] = -1;
  }
};

std::vector<std::string> child_environment(const ProcessOptions& options) {
  std::map<std::string, std::string> merged;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text = *entry;
    const auto equals = text.find('=');
    if (equals != std::string::npos) merged[text.substr(0, equals)] = text.substr(equals + 1);
  }
  for (const auto& name : options.unset) merged.erase(name);
  for (const auto& [name, value] : options.environment) merged[name] = value;
  std::vector<std::string> out;
  out.reserve(merged.size());
  for (const auto& [name, value] : merged) out.push_back(std::string(name).append("=").append(value));
  return out;
}

/// argv and envp for exec, with the strings they point into.
class ChildCommand {
 public:
  ChildCommand(const std::string& program, const std::vector<std::string>& arguments, const ProcessOptions& options)
      : argv_text_{program}, env_text_(child_environment(options)) {
    argv_text_.insert(argv_text_.end(), arguments.begin(), arguments.end());
    argv_.reserve(argv_text_.size() + 1);
    for (auto& argument : argv_text_) argv_.push_back(argument.data());
    argv_.push_back(nullptr);
    envp_.reserve(env_text_.size() + 1);
    for (auto& entry : env_text_) envp_.push_back(entry.data());
    envp_.push_back(nullptr);
  }
  ChildCommand(const ChildCommand&) = delete;
  ChildCommand& operator=(const ChildCommand&) = delete;
  ~ChildCommand() = default;

  [[nodiscard]] char* const* argv() const noexcept { return argv_.data(); }
  [[nodiscard]] char* const* envp() const noexcept { return envp_.data(); }

 private:
  std::vector<std::string> argv_text_;
  std::vector<std::string> env_text_;
  std::vector<char*> argv_;
  std::vector<char*> envp_;
};

/// Milliseconds left until `deadline` (zero or less once it has passed), for poll().
int milliseconds_left(std::chrono::steady_clock::time_point deadline) {
  return static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count());
}

/// Reaps the child and records its exit code (left at -1 when it was killed or timed out).
void wait_for_exit(pid_t pid, ProcessResult& result) {
  int status = 0;
  struct rusage usage {};
  while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && !result.timed_out) result.exit_code = WEXITSTATUS(status);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  result.cpu_seconds = seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace

ProcessResult run_process(const std::string& program, const std::vector<std::string>& arguments,
                          const ProcessOptions& options) {
  ::signal(SIGPIPE, SIG_IGN);  // a child that exits without reading its stdin must not kill the test
  Pipe in;
  Pipe out;
  Pipe err;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.fds[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out.fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err.fds[1], STDERR_FILENO);

  const ChildCommand command(program, arguments, options);
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, program.c_str(), &actions, nullptr, command.argv(), command.envp());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error("cannot start " + program + ": " + std::strerror(spawned));
  in.close_end(0);
  out.close_end(1);
  err.close_end(1);

  ProcessResult result;
  std::size_t written = 0;
  if (options.input.empty()) in.close_end(1);
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  while (out.fds[0] >= 0 || err.fds[0] >= 0) {
    std::array<pollfd, 3> polls{{{out.fds[0], POLLIN, 0}, {err.fds[0], POLLIN, 0}, {in.fds[1], POLLOUT, 0}}};
    const int left = milliseconds_left(deadline);
    if (left <= 0) {
      result.timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    if (options.kill_when && !result.killed && options.kill_when()) {
      result.killed = true;
      ::kill(pid, SIGKILL);
    }
    if (options.while_running) options.while_running(pid);
    const int wait = options.kill_when || options.while_running ? std::min(left, 20) : left;
    if (::poll(polls.data(), polls.size(), wait) < 0 && errno != EINTR) break;
    char buffer[65536];
    for (int i = 0; i < 2; ++i) {
      if (polls[i].fd >= 0 && (polls[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        const ssize_t n = ::read(polls[i].fd, buffer, sizeof buffer);
        if (n > 0) {
          (i == 0 ? result.out : result.err).append(buffer, static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
          (i == 0 ? out : err).close_end(0);
        }
      }
    }
    if (polls[2].fd >= 0 && (polls[2].revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
      const ssize_t n = ::write(in.fds[1], options.input.data() + written, options.input.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if (n < 0 || written == options.input.size()) in.close_end(1);
    }
  }
  in.close_end(1);
  wait_for_exit(pid, result);
  return result;
}

ProcessResult run_in_terminal(const std::string& program, const std::vector<std::string>& arguments,
                              const ProcessOptions& options, const std::string& prompt, const std::string& answer) {
  ::signal(SIGPIPE, SIG_IGN);
  // Everything the child needs is prepared before fork: after it, only async-signal-safe calls until exec.
  const ChildCommand command(program, arguments, options);

  int terminal = -1;
  const pid_t pid = ::forkpty(&terminal, nullptr, nullptr, nullptr);
  if (pid < 0) throw std::runtime_error("forkpty failed");
  if (pid == 0) {
    ::execve(program.c_str(), command.argv(), command.envp());
    ::_exit(127);
  }

  ProcessResult result;
  bool answered = false;
  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  while (true) {
    const int left = milliseconds_left(deadline);
    if (left <= 0) {
      result.timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    pollfd poll_terminal{terminal, POLLIN, 0};
    if (::poll(&poll_terminal, 1, left) < 0 && errno != EINTR) break;
    char buffer[4096];
    const ssize_t n = ::read(terminal, buffer, sizeof buffer);
    if (n <= 0) break;  // EIO once the child has exited and closed the terminal
    result.out.append(buffer, static_cast<std::size_t>(n));
    if (!answered && result.out.find(prompt) != std::string::npos) {
      const std::string line = answer + "\n";
      if (::write(terminal, line.data(), line.size()) < 0) break;
      answered = true;
    }
  }
  ::close(terminal);
  wait_for_exit(pid, result);
  return result;
}

}  // namespace eatos::testing
