#include "cli/secret_input.hpp"

#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <string>

namespace eatos::host {
namespace {

using sdk::Code;
using sdk::Status;

// The terminal state to restore if a signal arrives while echo is off.
termios saved_terminal{};
std::atomic<bool> echo_disabled{false};

extern "C" void restore_terminal_and_reraise(int signal_number) {
  if (echo_disabled.load()) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_terminal);
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

class EchoOff {
 public:
  EchoOff() {
    if (::tcgetattr(STDIN_FILENO, &saved_terminal) != 0) return;
    termios quiet = saved_terminal;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    previous_int_ = std::signal(SIGINT, restore_terminal_and_reraise);
    previous_term_ = std::signal(SIGTERM, restore_terminal_and_reraise);
    echo_disabled = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;
  ~EchoOff() {
    if (echo_disabled.exchange(false)) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_terminal);
    std::signal(SIGINT, previous_int_);
    std::signal(SIGTERM, previous_term_);
  }

 private:
  void (*previous_int_)(int) = SIG_DFL;
  void (*previous_term_)(int) = SIG_DFL;
};

Status too_large() {
  return {Code::invalid_argument, "The secret given is larger than 64 KiB; paste only the token.",
          "secret input over 64 KiB"};
}

}  // namespace

bool stdin_is_terminal() noexcept { return ::isatty(STDIN_FILENO) == 1; }

sdk::Result<sdk::Secret> read_secret_from_stdin() {
  std::string buffer;
  char chunk[4096];
  while (true) {
    const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status(Code::internal, "Could not read the secret from stdin.", "read(stdin) failed");
    if (n == 0) break;
    buffer.append(chunk, static_cast<std::size_t>(n));
    if (buffer.size() > max_secret_input_bytes) {
      sdk::Secret discard(std::move(buffer));
      return too_large();
    }
  }
  return sdk::Secret(std::move(buffer));
}

sdk::Result<sdk::Secret> prompt_secret(std::string_view label) {
  std::string line;
  {
    // Echo goes off before the prompt appears: switching it off flushes pending input, which must not include
    // anything typed in answer to the prompt.
    const EchoOff echo_off;
    std::fprintf(stderr, "%.*s: ", static_cast<int>(label.size()), label.data());
    std::fflush(stderr);
    char c = 0;
    while (true) {
      const ssize_t n = ::read(STDIN_FILENO, &c, 1);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0 || c == '\n') break;
      line.push_back(c);
      if (line.size() > max_secret_input_bytes) {
        sdk::Secret discard(std::move(line));
        return too_large();
      }
    }
  }
  return sdk::Secret(std::move(line));
}

}  // namespace eatos::host
