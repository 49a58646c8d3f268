// End-to-end: the built eatos-host binary, the real loader and the real plugin, as an operator or a script uses
// them. Exit codes and JSON shapes are an external contract.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "files.hpp"
#include "plugin_sandbox.hpp"
#include "process.hpp"

namespace eatos::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr const char* token = "tok_cli_7c1e0d9b2a4f6e8d";

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override { sandbox_.add_sevenshifts(); }

  ProcessResult host(const std::vector<std::string>& arguments, const std::string& input = {}) {
    ProcessOptions options;
    options.environment = {{"EATOS_MANIFESTS_DIR", sandbox_.manifests().string()},
                           {"EATOS_PLUGINS_DIR", sandbox_.plugins().string()},
                           {"EATOS_DATA_DIR", sandbox_.data().string()},
                           // Nothing listens on port 9 of loopback: no test here may reach any other address.
                           {"SEVENSHIFTS_API_URL", "http://127.0.0.1:9"}};
    options.unset = {"EATOS_SECRET_KEY"};
    options.input = input;
    auto result = run_process(EATOS_HOST_BINARY, arguments, options);
    outputs_ += result.out + result.err;
    return result;
  }

  static boost::json::object json_of(const ProcessResult& result) {
    boost::system::error_code error;
    auto value = boost::json::parse(result.out, error);
    EXPECT_FALSE(error) << "stdout is not one JSON document: " << result.out;
    return value.is_object() ? value.get_object() : boost::json::object{};
  }

  std::string state_of(const std::string& id, const std::string& restaurant = "default") {
    auto result = host({"--restaurant", restaurant, "integrations", "show", id, "--json"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return std::string(json_of(result)["state"].as_string());
  }

  /// The token must be nowhere: not in anything printed so far, not in any file of the data dir.
  void expect_token_nowhere(const std::string& secret) {
    EXPECT_THAT(outputs_, Not(HasSubstr(secret)));
    EXPECT_THAT(files_containing(sandbox_.data(), secret), IsEmpty());
  }

  PluginSandbox sandbox_;
  std::string outputs_;
};

TEST_F(CliTest, PluginsReportsThe7ShiftPluginLoaded) {
  auto result = host({"plugins", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto json = json_of(result);
  auto& plugins = json["plugins"].as_array();
  ASSERT_EQ(plugins.size(), 1U);
  EXPECT_EQ(plugins[0].at("id"), "7shifts");
  EXPECT_EQ(plugins[0].at("loaded"), true);
  EXPECT_EQ(plugins[0].at("reason"), nullptr);
  EXPECT_THAT(std::string(plugins[0].at("library").as_string()), HasSubstr("libeatos_7shifts.so"));

  auto text = host({"plugins"});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_THAT(text.out, HasSubstr("7shifts (7Shift 0.1.0, SDK 1.1)"));
  EXPECT_THAT(text.out, HasSubstr("loaded"));
}

TEST_F(CliTest, TheBuiltBinaryFindsItsManifestsAndPluginsWithNoFlags) {
  TempDir data;
  ProcessOptions options;
  options.unset = {"EATOS_MANIFESTS_DIR", "EATOS_PLUGINS_DIR"};
  options.environment = {{"EATOS_DATA_DIR", data.path().string()}};
  auto result = run_process(EATOS_HOST_BINARY, {"integrations", "list"}, options);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("7shifts  7Shift  Labor & Scheduling  Not installed"));
}

TEST_F(CliTest, ListShowsTheIntegrationsSection) {
  auto text = host({"integrations", "list"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("ID       NAME    CATEGORY            STATE"));
  EXPECT_THAT(text.out, HasSubstr("7shifts  7Shift  Labor & Scheduling  Not installed"));

  auto json = json_of(host({"integrations", "list", "--json"}));
  EXPECT_EQ(json["restaurant"], "default");
  auto& list = json["integrations"].as_array();
  ASSERT_EQ(list.size(), 1U);
  EXPECT_EQ(list[0].at("id"), "7shifts");
  EXPECT_EQ(list[0].at("name"), "7Shift");
  EXPECT_EQ(list[0].at("category"), "Labor & Scheduling");
  EXPECT_EQ(list[0].at("state"), "not_installed");
}

TEST_F(CliTest, ShowOffersInstallAppWithTheConnectForm) {
  auto result = host({"integrations", "show", "7shifts", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto json = json_of(result);
  EXPECT_EQ(json["state"], "not_installed");
  auto& options = json["options"].as_array();
  ASSERT_EQ(options.size(), 1U);
  EXPECT_EQ(options[0].at("id"), "install");
  EXPECT_EQ(options[0].at("label"), "Install App");
  const auto& form = options[0].at("form").as_object();
  EXPECT_EQ(form.at("submit_label"), "Connect");
  EXPECT_EQ(form.at("fields").as_array()[0].at("type"), "secret");

  auto text = host({"integrations", "show", "7shifts"});
  EXPECT_THAT(text.out, HasSubstr("State:  Not installed"));
  EXPECT_THAT(text.out, HasSubstr("install  Install App"));
}

TEST_F(CliTest, InstallWhen7shiftsCannotBeReachedExitsWith5AndStoresNothing) {
  auto result = host({"integrations", "install", "7shifts", "--token-stdin"}, std::string(token) + "\n");
  EXPECT_EQ(result.exit_code, 5);
  EXPECT_THAT(result.err, HasSubstr("Could not reach 7shifts"));
  EXPECT_EQ(state_of("7shifts"), "not_installed");
  expect_token_nowhere(token);
}

TEST_F(CliTest, ATokenIsNeverTakenFromTheCommandLine) {
  auto as_option = host({"integrations", "install", "7shifts", "--token", token});
  EXPECT_EQ(as_option.exit_code, 2);
  auto as_field = host({"integrations", "install", "7shifts", "--field", std::string("access_token=") + token});
  EXPECT_EQ(as_field.exit_code, 2);
  EXPECT_THAT(as_field.err, HasSubstr("is a secret: it is read from stdin (--token-stdin) or a prompt"));
  EXPECT_THAT(as_field.err, Not(HasSubstr(token)));
}

TEST_F(CliTest, WithoutATerminalOrTokenStdinInstallIsAUsageError) {
  auto result = host({"integrations", "install", "7shifts"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("pipe it in with --token-stdin"));
}

TEST_F(CliTest, ManagersAndStaffCannotManageIntegrations) {
  for (const std::string role : {"manager", "staff"}) {
    for (const std::string command : {"install", "update-token", "remove"}) {
      std::vector<std::string> arguments{"--as", role, "integrations", command, "7shifts"};
      if (command != "remove") arguments.emplace_back("--token-stdin");
      auto result = host(arguments, token);
      EXPECT_EQ(result.exit_code, 6) << role << " " << command << ": " << result.err;
      EXPECT_THAT(result.err, HasSubstr("you are signed in as " + role));
    }
  }
  expect_token_nowhere(token);
}

TEST_F(CliTest, RemovingOrUpdatingWhatIsNotInstalledIsNotFound) {
  EXPECT_EQ(host({"integrations", "remove", "7shifts"}).exit_code, 7);
  EXPECT_EQ(host({"integrations", "update-token", "7shifts", "--token-stdin"}, token).exit_code, 7);
  EXPECT_EQ(state_of("7shifts"), "not_installed");
}

TEST_F(CliTest, UnknownIntegrationsAndActionsAreNotFound) {
  auto unknown = host({"integrations", "show", "slack"});
  EXPECT_EQ(unknown.exit_code, 7);
  EXPECT_THAT(unknown.err, HasSubstr("No integration 'slack'"));
  auto action = host({"integrations", "action", "7shifts", "fly"});
  EXPECT_EQ(action.exit_code, 7);
  EXPECT_THAT(action.err,
              HasSubstr("has no action 'fly'; it offers: install, update-token, test-connection, map-location, "
                        "unmap-location, sync-now, retry-dead-letters, sync-settings, remove"));
}

TEST_F(CliTest, UsageErrorsExitWith2) {
  EXPECT_EQ(host({}).exit_code, 2);
  EXPECT_EQ(host({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(host({"--as", "chef", "integrations", "list"}).exit_code, 2);
  EXPECT_EQ(host({"integrations", "show"}).exit_code, 2);
  EXPECT_EQ(host({"--help"}).exit_code, 0);
}

TEST_F(CliTest, AnInvalidRestaurantIdIsInvalidInput) {
  auto result = host({"--restaurant", "../other", "integrations", "list"});
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("Invalid restaurant id"));
}

TEST_F(CliTest, ErrorsWithJsonAreAlsoOneJsonDocument) {
  auto result = host({"integrations", "show", "slack", "--json"});
  EXPECT_EQ(result.exit_code, 7);
  auto json = json_of(result);
  EXPECT_EQ(json["ok"], false);
  EXPECT_EQ(json["error"].at("code"), "not_found");
}

TEST_F(CliTest, ABrokenManifestNeverHidesTheGoodPlugin) {
  sandbox_.add_manifest_text("broken.json", "{ not json");
  auto list = host({"integrations", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, HasSubstr("7Shift"));
  EXPECT_THAT(list.err, HasSubstr("1 plugin could not be loaded"));
  auto plugins = json_of(host({"plugins", "--json"}));
  auto& records = plugins["plugins"].as_array();
  ASSERT_EQ(records.size(), 2U);  // in manifest file name order: 7shifts.json, broken.json
  EXPECT_EQ(records[0].at("loaded"), true);
  EXPECT_THAT(std::string(records[1].at("manifest").as_string()), HasSubstr("broken.json"));
  EXPECT_EQ(records[1].at("loaded"), false);
  EXPECT_THAT(std::string(records[1].at("reason").as_string()), HasSubstr("is not valid JSON"));
}

TEST_F(CliTest, AnEmptyPluginsDirectoryIsAnEmptySection) {
  std::filesystem::remove_all(sandbox_.manifests());
  std::filesystem::create_directories(sandbox_.manifests());
  auto result = host({"integrations", "list"});
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.out, HasSubstr("No integrations are available."));
}

TEST_F(CliTest, OversizedStdinIsInvalidInput) {
  auto result = host({"integrations", "install", "7shifts", "--token-stdin"}, std::string(std::size_t{70} * 1024, 'x'));
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("larger than 64 KiB"));
}

TEST_F(CliTest, UsersAreAddedListedAndRemovedWithoutThePasswordEverShowing) {
  const std::string password = "pw-for-alice-0042";
  auto added = host({"users", "add", "alice", "--role", "admin", "--password-stdin"}, password + "\n");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_THAT(added.out, HasSubstr("User 'alice' added as admin."));
  EXPECT_EQ(host({"users", "add", "alice", "--role", "staff", "--password-stdin"}, password).exit_code, 8);
  EXPECT_EQ(host({"users", "add", "bob", "--role", "staff", "--password-stdin"}, "short").exit_code, 3);
  EXPECT_EQ(host({"users", "add", "bob", "--role", "chef", "--password-stdin"}, password).exit_code, 2);
  EXPECT_EQ(host({"users", "add", "bob", "--role", "staff"}).exit_code, 2);  // no terminal, no --password-stdin

  auto listed = host({"users", "list", "--json"});
  ASSERT_EQ(listed.exit_code, 0);
  auto users = json_of(listed)["users"].as_array();
  ASSERT_EQ(users.size(), 1U);
  EXPECT_EQ(users[0].at("name"), "alice");
  EXPECT_EQ(users[0].at("role"), "admin");
  EXPECT_FALSE(users[0].as_object().contains("password_hash"));

  EXPECT_EQ(host({"users", "remove", "alice"}).exit_code, 0);
  EXPECT_EQ(host({"users", "remove", "alice"}).exit_code, 7);
  EXPECT_THAT(outputs_, Not(HasSubstr(password)));
  expect_token_nowhere(password);
}

class DemoCliTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    sandbox_.add_demo();
  }
};

TEST_F(DemoCliTest, InstallStoresTheSecretEncryptedAndOnlyForThatRestaurant) {
  auto result =
      host({"--restaurant", "a", "integrations", "install", "demo", "--field", "account=acme", "--token-stdin"}, token);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("Connected as acme"));
  EXPECT_EQ(state_of("demo", "a"), "connected");
  EXPECT_EQ(state_of("demo", "b"), "not_installed");

  auto show = json_of(host({"--restaurant", "a", "integrations", "show", "demo", "--json"}));
  EXPECT_EQ(show["account"], "acme");  // the plugin's details, merged in
  expect_token_nowhere(token);
}

TEST_F(DemoCliTest, ARejectedSecretExitsWith4AndStoresNothing) {
  auto result = host({"integrations", "install", "demo", "--field", "account=acme", "--token-stdin"}, "wrong");
  EXPECT_EQ(result.exit_code, 4);
  EXPECT_THAT(result.err, HasSubstr("The password was rejected."));
  EXPECT_EQ(state_of("demo"), "not_installed");
}

TEST_F(DemoCliTest, AMissingRequiredFieldIsInvalidInputAndStoresNothing) {
  auto result = host({"integrations", "install", "demo", "--token-stdin"}, token);
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("'Account' is required"));
  EXPECT_EQ(state_of("demo"), "not_installed");
  expect_token_nowhere(token);
}

TEST_F(DemoCliTest, AnActionThatThrowsExitsWith1AndKeepsTheState) {
  ASSERT_EQ(host({"integrations", "install", "demo", "--field", "account=acme", "--token-stdin"}, token).exit_code, 0);
  auto result = host({"integrations", "action", "demo", "explode"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("The integration failed unexpectedly."));
  EXPECT_EQ(state_of("demo"), "connected");
}

TEST_F(DemoCliTest, RemoveErasesEverythingAndRemovingAgainIsNotFound) {
  ASSERT_EQ(host({"integrations", "install", "demo", "--field", "account=acme", "--token-stdin"}, token).exit_code, 0);
  auto removed = host({"integrations", "remove", "demo", "--json"});
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  EXPECT_EQ(json_of(removed)["state"], "not_installed");
  EXPECT_EQ(host({"integrations", "remove", "demo"}).exit_code, 7);
}

}  // namespace
}  // namespace eatos::testing
