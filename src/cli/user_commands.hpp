// `eatos-host users add|list|remove`: the people who may sign in to the back office (the web dashboard).
// Operator commands: like `plugins`, they act on the host itself, not for a restaurant.
#pragma once

#include <string>

#include "loader/host_context.hpp"

namespace eatos::host {

struct UserCommand {
  enum class Kind { add, list, remove } kind = Kind::list;
  std::string name;
  std::string role = "staff";
  bool password_stdin = false;
  bool json = false;
};

/// Runs the command and returns the exit code (cli/exit_codes.hpp). The password comes from stdin
/// (--password-stdin) or a no-echo prompt, never from an argument.
int run_user_command(const UserCommand& command, HostContext& host);

}  // namespace eatos::host
