// The 7Shift flow as an admin runs it from the command line: the built eatos-host with the real plugin, talking to
// the fake 7shifts server on 127.0.0.1. Exit codes follow the CLI contract; the token is never printed or stored in
// plain text.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fake_sevenshifts.hpp"
#include "files.hpp"
#include "plugin_sandbox.hpp"
#include "process.hpp"

namespace eatos::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class SevenShiftsCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fake_.load_demo_data();
    fake_.start();
    sandbox_.add_sevenshifts();
  }

  void TearDown() override {
    for (const auto* token : {&tokens.acme, &tokens.bistro, &tokens.revoked}) {
      EXPECT_THAT(outputs_, Not(HasSubstr(*token))) << "a token was printed";
      EXPECT_THAT(files_containing(sandbox_.data(), *token), IsEmpty()) << "a token is in a file in plain text";
    }
  }

  ProcessResult host(const std::vector<std::string>& arguments, const std::string& input = {},
                     const std::string& api_url = {}) {
    ProcessOptions options;
    options.environment = {{"EATOS_MANIFESTS_DIR", sandbox_.manifests().string()},
                           {"EATOS_PLUGINS_DIR", sandbox_.plugins().string()},
                           {"EATOS_DATA_DIR", sandbox_.data().string()},
                           {"SEVENSHIFTS_API_URL", api_url.empty() ? fake_.url() : api_url}};
    options.unset = {"EATOS_SECRET_KEY", "SEVENSHIFTS_TIMEOUT_MS"};
    options.input = input;
    auto result = run_process(EATOS_HOST_BINARY, arguments, options);
    outputs_ += result.out + result.err;
    return result;
  }

  ProcessResult install(const std::string& token, const std::string& restaurant = "default") {
    return host({"--restaurant", restaurant, "integrations", "install", "7shifts", "--token-stdin"}, token + "\n");
  }

  boost::json::object show(const std::string& restaurant = "default") {
    auto result = host({"--restaurant", restaurant, "integrations", "show", "7shifts", "--json"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return boost::json::parse(result.out).as_object();
  }

  std::string state(const std::string& restaurant = "default") {
    return std::string(show(restaurant)["state"].as_string());
  }

  /// The data dir holds no record for the restaurant: the database has no row naming the company.
  void expect_nothing_stored() {
    EXPECT_EQ(state(), "not_installed");
    EXPECT_THAT(files_containing(sandbox_.data(), "Acme Diner"), IsEmpty());
  }

  const FakeSevenShifts::DemoTokens tokens = FakeSevenShifts::demo_tokens();
  FakeSevenShifts fake_;
  PluginSandbox sandbox_;
  std::string outputs_;
};

TEST_F(SevenShiftsCliTest, InstallConnectsAndShowGivesTheConnectedState) {
  auto result = install(tokens.acme);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, "Connected to 7shifts company 'Acme Diner' (3 locations)\n");

  auto json = show();
  EXPECT_EQ(json["state"], "connected");
  EXPECT_EQ(json["company"].at("name"), "Acme Diner");
  EXPECT_EQ(json["locations"].as_array().size(), 3U);
  EXPECT_EQ(json["token"].at("configured"), true);
  EXPECT_EQ(std::string(json["token"].at("last4").as_string()), tokens.acme.substr(tokens.acme.size() - 4));
  std::vector<std::string> options;
  for (const auto& option : json["options"].as_array()) options.emplace_back(option.at("id").as_string());
  EXPECT_THAT(options, ::testing::ElementsAre("update-token", "test-connection", "map-location", "unmap-location",
                                              "sync-now", "retry-dead-letters", "sync-settings", "remove"));

  auto list = host({"integrations", "list"});
  EXPECT_THAT(list.out, HasSubstr("7shifts  7Shift  Labor & Scheduling  Connected"));
}

TEST_F(SevenShiftsCliTest, OnATerminalTheTokenIsAskedForWithEchoOff) {
  ProcessOptions options;
  options.environment = {{"EATOS_MANIFESTS_DIR", sandbox_.manifests().string()},
                         {"EATOS_PLUGINS_DIR", sandbox_.plugins().string()},
                         {"EATOS_DATA_DIR", sandbox_.data().string()},
                         {"SEVENSHIFTS_API_URL", fake_.url()}};
  auto result = run_in_terminal(EATOS_HOST_BINARY, {"integrations", "install", "7shifts"}, options,
                                "Access token: ", tokens.acme);
  outputs_ += result.out;  // TearDown checks the token was not echoed back
  EXPECT_EQ(result.exit_code, 0) << result.out;
  EXPECT_THAT(result.out, HasSubstr("Access token: "));
  EXPECT_THAT(result.out, HasSubstr("Connected to 7shifts company 'Acme Diner' (3 locations)"));
}

TEST_F(SevenShiftsCliTest, AWrongTokenExitsWith4AndStoresNothing) {
  auto result = install("not-a-real-token-000000000");
  EXPECT_EQ(result.exit_code, 4);
  EXPECT_THAT(result.err, HasSubstr("7shifts rejected the access token"));
  expect_nothing_stored();
}

TEST_F(SevenShiftsCliTest, AnUnreachable7shiftsExitsWith5AndStoresNothing) {
  const std::string closed = fake_.url();
  fake_.stop();
  auto result = host({"integrations", "install", "7shifts", "--token-stdin"}, tokens.acme, closed);
  EXPECT_EQ(result.exit_code, 5);
  EXPECT_THAT(result.err, HasSubstr("Could not reach 7shifts"));
  expect_nothing_stored();
}

TEST_F(SevenShiftsCliTest, RateLimitingExitsWith5AndSaysToRetryInAMinute) {
  fake_.inject({Fault::Kind::status, 429, {}, "/v2/whoami"});
  auto result = install(tokens.acme);
  EXPECT_EQ(result.exit_code, 5);
  EXPECT_THAT(result.err, HasSubstr("rate-limiting this token; try again in a minute"));
  expect_nothing_stored();
}

TEST_F(SevenShiftsCliTest, BadTokensAreInvalidInputWithTheReason) {
  const std::vector<std::pair<std::string, std::string>> cases{
      {"", "is empty"},
      {std::string(std::size_t{5} * 1024, 'x'), "longer than 4096"},
      {"abc\x01"
       "def",
       "control character"},
      {"caf\xc3\xa9-token", "not plain ASCII"}};
  for (const auto& [token, reason] : cases) {
    auto result = host({"integrations", "install", "7shifts", "--token-stdin"}, token);
    EXPECT_EQ(result.exit_code, 3) << reason;
    EXPECT_THAT(result.err, HasSubstr(reason));
  }
  EXPECT_THAT(fake_.requests(), IsEmpty());
  expect_nothing_stored();
}

TEST_F(SevenShiftsCliTest, APlainHttpApiUrlToAnotherHostIsInvalidInput) {
  auto result = host({"integrations", "install", "7shifts", "--token-stdin"}, tokens.acme, "http://example.com");
  EXPECT_EQ(result.exit_code, 3);
  EXPECT_THAT(result.err, HasSubstr("SEVENSHIFTS_API_URL"));
  EXPECT_THAT(fake_.requests(), IsEmpty());
}

TEST_F(SevenShiftsCliTest, InstallingTwiceExitsWith8PointingToUpdateToken) {
  ASSERT_EQ(install(tokens.acme).exit_code, 0);
  auto again = install(tokens.acme);
  EXPECT_EQ(again.exit_code, 8);
  EXPECT_THAT(again.err, HasSubstr("update-token"));
}

TEST_F(SevenShiftsCliTest, UpdateTokenOfAnotherCompanyExitsWith8NamingBoth) {
  ASSERT_EQ(install(tokens.acme).exit_code, 0);
  auto result = host({"integrations", "update-token", "7shifts", "--token-stdin"}, tokens.bistro);
  EXPECT_EQ(result.exit_code, 8);
  EXPECT_THAT(result.err, HasSubstr("Bistro Verde"));
  EXPECT_THAT(result.err, HasSubstr("Acme Diner"));
  EXPECT_EQ(state(), "connected");
}

TEST_F(SevenShiftsCliTest, ARevokedTokenShowsNeedsReauthUntilUpdated) {
  ASSERT_EQ(install(tokens.acme).exit_code, 0);
  fake_.revoke(tokens.acme);
  auto tested = host({"integrations", "action", "7shifts", "test-connection"});
  EXPECT_EQ(tested.exit_code, 4);
  auto json = show();
  EXPECT_EQ(json["state"], "needs_reauth");
  EXPECT_THAT(std::string(json["hint"].as_string()), HasSubstr("Update token"));
  EXPECT_THAT(host({"integrations", "list"}).out, HasSubstr("Needs attention"));

  fake_.add_token("acme-replacement-token-1111", 1234);
  auto updated = host({"integrations", "update-token", "7shifts", "--token-stdin"}, "acme-replacement-token-1111");
  EXPECT_EQ(updated.exit_code, 0) << updated.err;
  EXPECT_EQ(state(), "connected");
}

TEST_F(SevenShiftsCliTest, RemoveThenRemoveAgain) {
  ASSERT_EQ(install(tokens.acme).exit_code, 0);
  auto removed = host({"integrations", "remove", "7shifts"});
  EXPECT_EQ(removed.exit_code, 0) << removed.err;
  expect_nothing_stored();
  EXPECT_EQ(host({"integrations", "remove", "7shifts"}).exit_code, 7);
}

TEST_F(SevenShiftsCliTest, StaffAndManagersAreRefusedBefore7shiftsIsCalled) {
  for (const std::string role : {"staff", "manager"}) {
    auto result = host({"--as", role, "integrations", "install", "7shifts", "--token-stdin"}, tokens.acme);
    EXPECT_EQ(result.exit_code, 6);
  }
  EXPECT_THAT(fake_.requests(), IsEmpty());
  expect_nothing_stored();
}

TEST_F(SevenShiftsCliTest, RestaurantsAreIsolated) {
  ASSERT_EQ(install(tokens.acme, "a").exit_code, 0);
  EXPECT_EQ(state("a"), "connected");
  EXPECT_EQ(state("b"), "not_installed");
}

}  // namespace
}  // namespace eatos::testing
