#include "cli/user_commands.hpp"

#include <boost/json.hpp>
#include <iostream>

#include "cli/exit_codes.hpp"
#include "cli/secret_input.hpp"
#include "storage/user_accounts.hpp"

namespace eatos::host {
namespace {

int report(const sdk::Status& status) {
  std::cerr << "error: " << status.message() << '\n';
  return exit_code::from(status.code());
}

/// The password as typed: on stdin one trailing newline is the end of the line, not part of the password.
sdk::Result<sdk::Secret> read_password(bool from_stdin) {
  if (!from_stdin) return prompt_secret("Password");
  auto read = read_secret_from_stdin();
  if (!read) return read;
  std::string_view text = read->expose();
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return sdk::Secret(std::string(text));
}

}  // namespace

int run_user_command(const UserCommand& command, HostContext& host) {
  auto store = host.store();
  if (!store) return report(store.status());
  UserAccounts users(**store);

  switch (command.kind) {
    case UserCommand::Kind::add: {
      if (!command.password_stdin && !stdin_is_terminal()) {
        std::cerr << "error: the password is needed: pipe it in with --password-stdin, or run in a terminal to be "
                     "prompted\n";
        return exit_code::usage;
      }
      auto password = read_password(command.password_stdin);
      if (!password) return report(password.status());
      const auto role = sdk::parse_role(command.role).value_or(sdk::Role::staff);
      if (auto added = users.add(command.name, role, *password); !added.ok()) return report(added);
      host.log().write("host", sdk::LogLevel::info, "user " + command.name + " added as " + command.role);
      std::cout << "User '" << command.name << "' added as " << command.role << ".\n";
      return exit_code::ok;
    }
    case UserCommand::Kind::remove: {
      if (auto removed = users.remove(command.name); !removed.ok()) return report(removed);
      host.log().write("host", sdk::LogLevel::info, "user " + command.name + " removed");
      std::cout << "User '" << command.name << "' removed.\n";
      return exit_code::ok;
    }
    case UserCommand::Kind::list: {
      auto list = users.list();
      if (!list) return report(list.status());
      if (command.json) {
        boost::json::array out;
        for (const auto& user : *list) {
          out.push_back({{"name", user.name}, {"role", sdk::to_string(user.role)}, {"created_at", user.created_at}});
        }
        std::cout << boost::json::serialize(boost::json::object{{"users", std::move(out)}}) << '\n';
      } else if (list->empty()) {
        std::cout << "No users yet: add one with 'eatos-host users add NAME --role admin'.\n";
      } else {
        for (const auto& user : *list) std::cout << user.name << "  " << sdk::to_string(user.role) << '\n';
      }
      return exit_code::ok;
    }
  }
  return exit_code::internal;
}

}  // namespace eatos::host
