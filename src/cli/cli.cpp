#include "cli/cli.hpp"

#include <pthread.h>

#include <CLI/CLI.hpp>
#include <boost/json/serialize.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "cli/exit_codes.hpp"
#include "cli/host_paths.hpp"
#include "cli/pos_commands.hpp"
#include "cli/progress_bar.hpp"
#include "cli/render.hpp"
#include "cli/secret_input.hpp"
#include "cli/user_commands.hpp"
#include "integrations/integrations_section.hpp"
#include "loader/host_context.hpp"
#include "registry/registry.hpp"
#include "web/dashboard_server.hpp"

namespace eatos::host {
namespace {

using sdk::Code;
using sdk::Status;

struct GlobalOptions {
  std::string data_dir;
  std::string restaurant = "default";
  std::string role = "admin";
  bool verbose = false;
};

struct ActionOptions {
  std::string id;
  std::string action;
  bool token_stdin = false;
  std::vector<std::string> fields;
  bool json = false;
};

void print_json(const boost::json::value& value) { std::cout << boost::json::serialize(value) << '\n'; }

int fail(const Status& status, bool json) {
  std::cerr << "error: " << status.message() << '\n';
  if (json) print_json(error_json(status));
  return exit_code::from(status.code());
}

int usage(const std::string& message) {
  std::cerr << "error: " << message << "\nRun 'eatos-host --help' for usage.\n";
  return exit_code::usage;
}

/// Everything a command needs once arguments are parsed: paths, host services, the loaded plugins.
class Session {
 public:
  Session(HostPaths paths, const GlobalOptions& options)
      : paths_(std::move(paths)),
        host_(paths_.data_dir, options.verbose),
        registry_(Registry::discover(paths_.manifests_dir, paths_.plugins_dir, host_)),
        section_(registry_, host_),
        restaurant_(options.restaurant),
        actor_{"cli", sdk::parse_role(options.role).value_or(sdk::Role::staff)} {}

  int plugins(bool json) {
    if (json) {
      print_json(plugins_json(registry_, paths_.manifests_dir.string(), paths_.plugins_dir.string()));
    } else {
      std::cout << plugins_text(registry_);
    }
    return exit_code::ok;
  }

  int list(bool json) {
    auto views = section_.list(restaurant_, actor_);
    if (!views) return fail(views.status(), json);
    if (json) {
      print_json(integration_list_json(restaurant_, *views));
    } else {
      std::cout << integration_list_text(*views);
    }
    note_unloaded();
    return exit_code::ok;
  }

  int show(const std::string& id, bool json) {
    auto view = section_.show(restaurant_, actor_, id);
    if (!view) return fail(view.status(), json);
    if (json) {
      std::string clash;
      print_json(integration_json(restaurant_, *view, clash));
      if (!clash.empty()) host_.log().write(id, sdk::LogLevel::warning, clash);
    } else {
      std::cout << integration_text(*view);
    }
    return exit_code::ok;
  }

  /// Serves the dashboard until SIGINT or SIGTERM.
  int serve(const std::string& listen) {
    DashboardOptions options{"127.0.0.1", 8080, restaurant_, paths_.web_dir, paths_.manifests_dir};
    if (auto parsed = parse_listen_address(listen, options); !parsed.ok()) return fail(parsed, false);
    // The stop signals are blocked in every thread (the server's inherit this mask) and awaited here.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    DashboardServer server(section_, host_, registry_, options);
    auto port = server.start_in_background();
    if (!port) return fail(port.status(), false);
    std::cout << "eatOS dashboard: http://" << options.address << ":" << *port << "/ (restaurant '" << restaurant_
              << "'; Ctrl-C stops it)" << std::endl;
    note_unloaded();
    // A long-running host: plugins may now start their background work (the 7Shift sales sync).
    for (const auto& failure : registry_.start_background_work()) {
      std::cerr << "warning: " << failure << '\n';
      host_.log().write("host", sdk::LogLevel::warning, "background work not started: " + failure);
    }
    int received = 0;
    sigwait(&stop_signals, &received);
    std::cerr << "stopping\n";
    server.stop();
    return exit_code::ok;
  }

  int act(const ActionOptions& options) {
    auto prepared = section_.prepare(restaurant_, actor_, options.id, options.action);
    if (!prepared) return fail(prepared.status(), options.json);

    sdk::FormValues values;
    if (auto exit = collect_values(*prepared, options, values)) return *exit;

    ProgressBar progress;
    auto outcome = section_.run(restaurant_, actor_, options.id, options.action, std::move(values), &progress);
    progress.finish();
    if (!outcome) return fail(outcome.status(), options.json);
    if (options.json) {
      auto view = section_.show(restaurant_, actor_, options.id);
      print_json(boost::json::object{
          {"ok", true},
          {"id", options.id},
          {"action", options.action},
          {"message", outcome->message},
          {"state", view ? boost::json::value(sdk::to_string(view->status.state)) : boost::json::value(nullptr)}});
    } else {
      std::cout << outcome->message << '\n';
    }
    return exit_code::ok;
  }

 private:
  /// Plain fields from --field; secret fields from stdin or the prompt, never from --field.
  /// Returns an exit code (the problem already reported) when the input cannot be had.
  static std::optional<int> collect_values(const PreparedAction& prepared, const ActionOptions& options,
                                           sdk::FormValues& values) {
    const sdk::Form* form = prepared.form;
    std::vector<const sdk::Field*> secrets;
    if (form != nullptr) {
      for (const auto& field : form->fields) {
        if (field.type == sdk::FieldType::secret) secrets.push_back(&field);
      }
    }
    for (const auto& assignment : options.fields) {
      const auto equals = assignment.find('=');
      if (equals == std::string::npos || equals == 0) {
        return usage("--field takes NAME=VALUE, got '" + assignment.substr(0, equals) + "'");
      }
      const std::string name = assignment.substr(0, equals);
      for (const auto* secret : secrets) {
        if (secret->id == name) {
          return usage("'" + secret->label +
                       "' is a secret: it is read from stdin (--token-stdin) or a prompt, never from the command line");
        }
      }
      values.fields[name] = assignment.substr(equals + 1);
    }

    if (options.token_stdin) {
      if (secrets.size() != 1) {
        return usage("--token-stdin: the action '" + options.action + "' takes " +
                     (secrets.empty() ? "no secret" : "more than one secret"));
      }
      auto secret = read_secret_from_stdin();
      if (!secret) return fail(secret.status(), options.json);
      values.secrets.emplace(secrets.front()->id, std::move(*secret));
      return std::nullopt;
    }
    for (const auto* field : secrets) {
      if (!stdin_is_terminal()) {
        return usage("'" + field->label +
                     "' is needed: pipe it in with --token-stdin, or run in a terminal to be "
                     "prompted");
      }
      auto secret = prompt_secret(field->label);
      if (!secret) return fail(secret.status(), options.json);
      values.secrets.emplace(field->id, std::move(*secret));
    }
    return std::nullopt;
  }

  void note_unloaded() const {
    std::size_t unloaded = 0;
    for (const auto& record : registry_.records()) unloaded += record.is_loaded() ? 0 : 1;
    if (unloaded > 0) {
      std::cerr << "note: " << unloaded << " plugin" << (unloaded == 1 ? "" : "s")
                << " could not be loaded; run 'eatos-host plugins' for details\n";
    }
  }

  HostPaths paths_;
  HostContext host_;
  Registry registry_;
  IntegrationsSection section_;
  std::string restaurant_;
  sdk::Actor actor_;
};

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App app{
      "eatos-host: the mock eatOS back office. It loads integration plugins at startup and offers them in "
      "its Integrations section."};
  app.name("eatos-host");
  app.fallthrough();
  app.require_subcommand(1);

  GlobalOptions global;
  app.add_option("--data-dir", global.data_dir,
                 "where installations and encrypted secrets are kept (default: $EATOS_DATA_DIR, else the XDG data "
                 "dir)");
  app.add_option("--restaurant", global.restaurant, "the restaurant (installation) to act for")->capture_default_str();
  app.add_option("--as", global.role, "the role of the signed-in user")
      ->check(CLI::IsMember({"owner", "admin", "manager", "staff"}))
      ->capture_default_str();
  app.add_flag("-v,--verbose", global.verbose, "also print the host log on stderr");

  bool json = false;
  auto* plugins =
      app.add_subcommand("plugins", "what was found at startup: each manifest, its library, loaded or why not");
  plugins->add_flag("--json", json, "one JSON document on stdout");

  auto* integrations = app.add_subcommand("integrations", "the Integrations section");
  integrations->require_subcommand(1);
  auto* list = integrations->add_subcommand("list", "every integration and its state for this restaurant");
  list->add_flag("--json", json, "one JSON document on stdout");

  std::string id;
  auto* show = integrations->add_subcommand("show", "one integration: state, details and options");
  show->add_option("ID", id, "integration id, e.g. 7shifts")->required();
  show->add_flag("--json", json, "one JSON document on stdout");

  ActionOptions action;
  const auto add_action_options = [&](CLI::App* command, bool takes_token) {
    command->add_option("--field", action.fields, "a form value as NAME=VALUE (repeatable; not for secrets)");
    if (takes_token) command->add_flag("--token-stdin", action.token_stdin, "read the token from stdin");
    command->add_flag("--json", action.json, "one JSON document on stdout");
  };
  auto* install = integrations->add_subcommand("install", "Install App: fill its form and connect");
  install->add_option("ID", action.id, "integration id")->required();
  add_action_options(install, true);
  auto* update_token = integrations->add_subcommand("update-token", "More Options: replace the stored token");
  update_token->add_option("ID", action.id, "integration id")->required();
  add_action_options(update_token, true);
  auto* remove = integrations->add_subcommand("remove", "More Options: disconnect and erase everything stored");
  remove->add_option("ID", action.id, "integration id")->required();
  add_action_options(remove, false);
  auto* other = integrations->add_subcommand("action", "run any other action the integration offers");
  other->add_option("ID", action.id, "integration id")->required();
  other->add_option("ACTION", action.action, "action id, e.g. test-connection")->required();
  add_action_options(other, true);

  std::string listen = "127.0.0.1:8080";
  auto* serve = app.add_subcommand("serve", "the web dashboard on loopback, until Ctrl-C");
  serve->add_option("--listen", listen, "ADDRESS:PORT to listen on (loopback only; port 0: any free port)")
      ->capture_default_str();

  UserCommand user;
  auto* users = app.add_subcommand("users", "the people who may sign in to the back office (operator command)");
  users->require_subcommand(1);
  auto* users_add = users->add_subcommand("add", "add a user; the password comes from stdin or a prompt");
  users_add->add_option("NAME", user.name, "user name")->required();
  users_add->add_option("--role", user.role, "owner, admin, manager or staff")
      ->required()
      ->check(CLI::IsMember({"owner", "admin", "manager", "staff"}));
  users_add->add_flag("--password-stdin", user.password_stdin, "read the password from stdin");
  auto* users_list = users->add_subcommand("list", "every user and their role");
  users_list->add_flag("--json", user.json, "one JSON document on stdout");
  auto* users_remove = users->add_subcommand("remove", "remove a user");
  users_remove->add_option("NAME", user.name, "user name")->required();

  PosCommand pos_command;
  std::uint64_t pos_seed = 0;
  auto* pos = app.add_subcommand("pos", "the restaurant's POS data: demo stores and orders (operator command)");
  pos->require_subcommand(1);
  auto* pos_seed_command = pos->add_subcommand("seed", "create stores and a history of orders (deterministic)");
  pos_seed_command->add_option("--days", pos_command.history.days, "days of history, ending now")
      ->capture_default_str();
  pos_seed_command->add_option("--orders-per-day", pos_command.history.orders_per_day, "orders per store per day")
      ->capture_default_str();
  pos_seed_command->add_option("--stores", pos_command.history.stores, "how many stores")->capture_default_str();
  auto* seed_option = pos_seed_command->add_option("--seed", pos_seed, "the random seed (default 1)");
  auto* pos_simulate = pos->add_subcommand("simulate", "live order changes now: new orders, closes, edits, voids");
  pos_simulate->add_option("--orders", pos_command.changes, "how many changes")->capture_default_str();
  pos_simulate->add_option("--per-second", pos_command.per_second, "changes per second (default: all at once)");
  auto* simulate_seed_option = pos_simulate->add_option("--seed", pos_seed, "the random seed (default: random)");
  pos_simulate->add_flag("--json", pos_command.json, "one JSON document on stdout");
  auto* pos_stores = pos->add_subcommand("stores", "the stores and how many orders each has");
  pos_stores->add_flag("--json", pos_command.json, "one JSON document on stdout");
  auto* pos_orders = pos->add_subcommand("orders", "a store's orders, newest first");
  pos_orders->add_option("--store", pos_command.store, "store id (see 'pos stores')")->required();
  pos_orders->add_option("--limit", pos_command.limit, "how many (0: all)")->capture_default_str();
  pos_orders->add_flag("--json", pos_command.json, "one JSON document on stdout");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return usage(e.what());
  }

  std::string error;
  auto paths = resolve_host_paths(global.data_dir, error);
  if (!paths) return usage(error);

  if (*users) {
    user.kind =
        *users_add ? UserCommand::Kind::add : (*users_remove ? UserCommand::Kind::remove : UserCommand::Kind::list);
    HostContext host(paths->data_dir, global.verbose);
    return run_user_command(user, host);
  }

  if (*pos) {
    pos_command.kind = *pos_seed_command ? PosCommand::Kind::seed
                       : *pos_simulate   ? PosCommand::Kind::simulate
                       : *pos_stores     ? PosCommand::Kind::stores
                                         : PosCommand::Kind::orders;
    if (*seed_option || *simulate_seed_option) pos_command.seed = pos_seed;
    HostContext host(paths->data_dir, global.verbose);
    return run_pos_command(pos_command, host, global.restaurant);
  }

  try {
    Session session(std::move(*paths), global);
    if (*plugins) return session.plugins(json);
    if (*list) return session.list(json);
    if (*show) return session.show(id, json);
    if (*serve) return session.serve(listen);
    if (*install) action.action = sdk::actions::install;
    if (*update_token) action.action = sdk::actions::update_token;
    if (*remove) action.action = sdk::actions::remove;
    return session.act(action);
  } catch (const std::exception& e) {
    return fail(Status(Code::internal, std::string("Internal error: ") + e.what()), json || action.json);
  }
}

}  // namespace eatos::host
