// Runs a program as a child process with given arguments, environment additions and stdin, and captures its exit
// code, stdout and stderr. For end-to-end tests of the eatos-host binary.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace eatos::testing {

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal or on timeout
  std::string out;
  std::string err;
  bool timed_out = false;
  bool killed = false;     // by ProcessOptions::kill_when
  double cpu_seconds = 0;  // user + system time of the child
};

struct ProcessOptions {
  std::map<std::string, std::string> environment;  // set on top of the parent's environment
  std::vector<std::string> unset;                  // removed from the environment
  std::string input;                               // written to stdin, which is then closed
  std::chrono::seconds timeout{60};
  /// Checked every 20 ms while the child runs: when it returns true the child is killed with SIGKILL, as a crash
  /// or a power cut would stop it (see ProcessResult::killed).
  std::function<bool()> kill_when;
  /// Called every 20 ms with the child's pid while it runs (to sample /proc/PID, for example).
  std::function<void(int pid)> while_running;
};

ProcessResult run_process(const std::string& program, const std::vector<std::string>& arguments,
                          const ProcessOptions& options = {});

}  // namespace eatos::testing

namespace eatos::testing {

/// Runs `program` with a pseudo-terminal as its stdin, stdout and stderr (merged into `out`). When the output
/// first contains `prompt`, writes `answer` and a newline, as a person typing at the prompt would.
ProcessResult run_in_terminal(const std::string& program, const std::vector<std::string>& arguments,
                              const ProcessOptions& options, const std::string& prompt, const std::string& answer);

}  // namespace eatos::testing
