// Install App → Connect, and More Options, through the real plugin .so, the real loader and libcurl, against the
// fake 7shifts server on 127.0.0.1. Every refusal stores nothing; the token is never written in plain text.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>

#include "fake_sevenshifts.hpp"
#include "files.hpp"
#include "integrations/integrations_section.hpp"
#include "plugin_sandbox.hpp"
#include "registry/registry.hpp"

namespace eatos::host {
namespace {

using testing::FakeSevenShifts;
using testing::Fault;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class ConnectFlowTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fake_.load_demo_data();
    fake_.start();
    ::setenv("SEVENSHIFTS_API_URL", fake_.url().c_str(), 1);
    ::unsetenv("SEVENSHIFTS_TIMEOUT_MS");
    sandbox_.add_sevenshifts();
    host_ = std::make_unique<HostContext>(sandbox_.data(), false);
    registry_ = std::make_unique<Registry>(Registry::discover(sandbox_.manifests(), sandbox_.plugins(), *host_));
    section_ = std::make_unique<IntegrationsSection>(*registry_, *host_);
    ASSERT_NE(registry_->find_loaded("7shifts"), nullptr);
  }
  void TearDown() override {
    section_.reset();
    registry_.reset();
    host_.reset();
    ::unsetenv("SEVENSHIFTS_API_URL");
    ::unsetenv("SEVENSHIFTS_TIMEOUT_MS");
    for (const auto* token : {&tokens.acme, &tokens.bistro, &tokens.revoked}) {
      EXPECT_THAT(testing::files_containing(sandbox_.data(), *token), IsEmpty()) << "token in plain text";
    }
  }

  sdk::Result<sdk::ActionOutcome> run(const std::string& action, const std::string& token = {},
                                      const std::string& restaurant = "bistro-1") {
    sdk::FormValues values;
    if (!token.empty()) values.secrets.emplace("access_token", sdk::Secret(std::string(token)));
    return section_->run(restaurant, admin, "7shifts", action, std::move(values));
  }

  IntegrationView show(const std::string& restaurant = "bistro-1") {
    auto view = section_->show(restaurant, admin, "7shifts");
    EXPECT_TRUE(view.ok()) << view.status().message();
    return std::move(*view);
  }

  boost::json::object details(const std::string& restaurant = "bistro-1") {
    return boost::json::parse(show(restaurant).status.details_json).as_object();
  }

  /// Nothing at all is stored for the restaurant: no record, no secret.
  void expect_nothing_stored(const std::string& restaurant = "bistro-1") {
    auto storage = (*host_->store())->installation("7shifts", restaurant);
    ASSERT_TRUE(storage.ok());
    EXPECT_THAT((*storage)->list("").value(), IsEmpty());
    EXPECT_FALSE((*storage)->secret("access_token").value().has_value());
    EXPECT_EQ(show(restaurant).status.state, sdk::InstallationState::not_installed);
  }

  std::string log() const { return testing::read_file(sandbox_.data() / FileLogger::file_name); }

  const FakeSevenShifts::DemoTokens tokens = FakeSevenShifts::demo_tokens();
  const sdk::Actor admin{"test-admin", sdk::Role::admin};
  FakeSevenShifts fake_;
  testing::PluginSandbox sandbox_;
  std::unique_ptr<HostContext> host_;
  std::unique_ptr<Registry> registry_;
  std::unique_ptr<IntegrationsSection> section_;
};

TEST_F(ConnectFlowTest, ConnectStoresTheCompanyItsLocationsAndTheToken) {
  auto outcome = run("install", tokens.acme + "\n");
  ASSERT_TRUE(outcome.ok()) << outcome.status().message() << " / " << outcome.status().detail();
  EXPECT_EQ(outcome->message, "Connected to 7shifts company 'Acme Diner' (3 locations)");

  const auto view = show();
  EXPECT_EQ(view.status.state, sdk::InstallationState::connected);
  auto json = details();
  EXPECT_EQ(json["company"].at("id"), 1234);
  EXPECT_EQ(json["company"].at("name"), "Acme Diner");
  const auto& locations = json["locations"].as_array();
  ASSERT_EQ(locations.size(), 3U);  // the deleted branch is left out
  EXPECT_EQ(locations[1].at("name"), "Acme Airport");
  EXPECT_EQ(locations[1].at("timezone"), "America/Winnipeg");
  EXPECT_EQ(json["token"].at("configured"), true);
  EXPECT_EQ(std::string(json["token"].at("last4").as_string()), tokens.acme.substr(tokens.acme.size() - 4));
  std::vector<std::string> options;
  for (const auto* option : view.options) options.push_back(option->id);
  EXPECT_THAT(options, ::testing::ElementsAre("update-token", "test-connection", "map-location", "unmap-location",
                                              "sync-now", "retry-dead-letters", "sync-settings", "remove"));
  const auto token_fact = std::find_if(view.status.facts.begin(), view.status.facts.end(),
                                       [](const sdk::Fact& fact) { return fact.label == "Token"; });
  ASSERT_NE(token_fact, view.status.facts.end());
  EXPECT_EQ(token_fact->value, "configured ••••" + tokens.acme.substr(tokens.acme.size() - 4));
}

TEST_F(ConnectFlowTest, ConnectMakesThreeCallsOnOneConnectionWithTheRightHeaders) {
  ASSERT_TRUE(run("install", tokens.acme).ok());
  const auto requests = fake_.requests();
  ASSERT_EQ(requests.size(), 3U);
  EXPECT_EQ(requests[0].path, "/v2/whoami");
  EXPECT_EQ(requests[1].path, "/v2/companies");
  EXPECT_EQ(requests[2].path, "/v2/company/1234/locations");
  for (const auto& request : requests) {
    EXPECT_EQ(request.authorization, "Bearer " + tokens.acme);
    EXPECT_EQ(request.api_version, "2026-01-01");
  }
  EXPECT_EQ(fake_.connections(), 1U);
}

TEST_F(ConnectFlowTest, AllPagesOfLocationsAreRead) {
  testing::FakeCompany chain{42, "Big Chain", {}};
  for (int i = 1; i <= 250; ++i) chain.locations.push_back({1000 + i, "Store " + std::to_string(i)});
  fake_.add_company(chain);
  fake_.add_token("big-chain-token-000000000001", 42);
  auto outcome = run("install", "big-chain-token-000000000001");
  ASSERT_TRUE(outcome.ok()) << outcome.status().detail();
  EXPECT_EQ(outcome->message, "Connected to 7shifts company 'Big Chain' (250 locations)");
  int location_pages = 0;
  for (const auto& request : fake_.requests()) location_pages += request.path == "/v2/company/42/locations" ? 1 : 0;
  EXPECT_EQ(location_pages, 3);
}

TEST_F(ConnectFlowTest, ARevokedTokenIsRejectedAndNothingIsStored) {
  auto outcome = run("install", tokens.revoked);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), sdk::Code::invalid_auth);
  EXPECT_THAT(outcome.status().message(), HasSubstr("rejected the access token"));
  expect_nothing_stored();
}

TEST_F(ConnectFlowTest, BothErrorShapesAreUnderstood) {
  fake_.set_error_shape(testing::ErrorShape::classic);
  EXPECT_EQ(run("install", "unknown-token-classic-shape-01").status().code(), sdk::Code::invalid_auth);
  fake_.set_error_shape(testing::ErrorShape::problem_json);
  EXPECT_EQ(run("install", "unknown-token-problem-shape-01").status().code(), sdk::Code::invalid_auth);
  EXPECT_THAT(log(), HasSubstr("invalid_token"));
  expect_nothing_stored();
}

TEST_F(ConnectFlowTest, AnUnreachableServerIsReportedAndNothingIsStored) {
  fake_.stop();
  auto outcome = run("install", tokens.acme);
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.status().code(), sdk::Code::unavailable);
  EXPECT_THAT(outcome.status().message(), HasSubstr("Could not reach 7shifts"));
  expect_nothing_stored();
}

TEST_F(ConnectFlowTest, ServerErrorsOnEveryTryAreReportedAndNothingIsStored) {
  fake_.inject({Fault::Kind::status, 503, {}, "/v2/companies"}, 10);
  auto outcome = run("install", tokens.acme);
  EXPECT_EQ(outcome.status().code(), sdk::Code::unavailable);
  EXPECT_THAT(outcome.status().message(), HasSubstr("HTTP 503"));
  expect_nothing_stored();
}

TEST_F(ConnectFlowTest, AServerErrorThenSuccessIsRetried) {
  fake_.inject({Fault::Kind::status, 502, {}, "/v2/companies"}, 1);
  ASSERT_TRUE(run("install", tokens.acme).ok());
  EXPECT_EQ(fake_.requests().size(), 4U);  // whoami, companies (502), companies, locations
}

TEST_F(ConnectFlowTest, ADroppedConnectionIsRetried) {
  fake_.inject({Fault::Kind::drop, 0, {}, "/v2/whoami"}, 1);
  ASSERT_TRUE(run("install", tokens.acme).ok());
}

TEST_F(ConnectFlowTest, RateLimitingFailsFastAndStoresNothing) {
  fake_.inject({Fault::Kind::status, 429, {}, "/v2/whoami"}, 1);
  auto outcome = run("install", tokens.acme);
  EXPECT_EQ(outcome.status().code(), sdk::Code::rate_limited);
  EXPECT_THAT(outcome.status().message(), HasSubstr("rate-limiting this token; try again in a minute"));
  EXPECT_EQ(fake_.requests().size(), 1U);
  expect_nothing_stored();
}

TEST_F(ConnectFlowTest, ASlowServerHitsTheTimeoutAndItIsReported) {
  ::setenv("SEVENSHIFTS_TIMEOUT_MS", "300", 1);
  fake_.inject({Fault::Kind::slow, 0, std::chrono::milliseconds(1500), "/v2/whoami"}, 5);
  auto outcome = run("install", tokens.acme);
  EXPECT_EQ(outcome.status().code(), sdk::Code::unavailable);
  EXPECT_THAT(outcome.status().message(), HasSubstr("did not answer in time"));
  expect_nothing_stored();
}

TEST_F(ConnectFlowTest, APlainHttpUrlToAnotherHostIsRefusedBeforeAnyRequest) {
  ::setenv("SEVENSHIFTS_API_URL", "http://api.7shifts.com", 1);
  auto outcome = run("install", tokens.acme);
  EXPECT_EQ(outcome.status().code(), sdk::Code::invalid_argument);
  EXPECT_THAT(outcome.status().message(), HasSubstr("SEVENSHIFTS_API_URL"));
  EXPECT_THAT(fake_.requests(), IsEmpty());
  expect_nothing_stored();
}

TEST_F(ConnectFlowTest, AnInvalidTimeoutSettingIsRefusedBeforeAnyRequest) {
  ::setenv("SEVENSHIFTS_TIMEOUT_MS", "twenty", 1);
  auto outcome = run("install", tokens.acme);
  EXPECT_EQ(outcome.status().code(), sdk::Code::invalid_argument);
  EXPECT_THAT(outcome.status().message(), HasSubstr("SEVENSHIFTS_TIMEOUT_MS must be a whole number"));
  EXPECT_THAT(fake_.requests(), IsEmpty());
  expect_nothing_stored();
}

TEST_F(ConnectFlowTest, AMalformedTokenIsRefusedBeforeAnyRequest) {
  EXPECT_EQ(run("install", "  \n").status().code(), sdk::Code::invalid_argument);
  EXPECT_EQ(run("install",
                "abc\x02"
                "def")
                .status()
                .code(),
            sdk::Code::invalid_argument);
  EXPECT_THAT(fake_.requests(), IsEmpty());
  expect_nothing_stored();
}

TEST_F(ConnectFlowTest, AMissingNetworkModuleIsAClearErrorAndStoresNothing) {
  std::filesystem::remove(sandbox_.plugins() / "libeatos_7shifts_http.so");
  auto outcome = run("install", tokens.acme);
  EXPECT_EQ(outcome.status().code(), sdk::Code::internal);
  EXPECT_THAT(outcome.status().message(), HasSubstr("network module could not be loaded"));
  EXPECT_THAT(outcome.status().detail(), HasSubstr("libeatos_7shifts_http.so"));
  expect_nothing_stored();
}

TEST_F(ConnectFlowTest, InstallingTwiceIsAConflictPointingToUpdateToken) {
  ASSERT_TRUE(run("install", tokens.acme).ok());
  auto again = run("install", tokens.acme);
  EXPECT_EQ(again.status().code(), sdk::Code::conflict);
  EXPECT_THAT(again.status().message(), HasSubstr("update-token"));
}

TEST_F(ConnectFlowTest, UpdateTokenWithANewTokenOfTheSameCompanyReplacesIt) {
  ASSERT_TRUE(run("install", tokens.acme).ok());
  const std::string second = "acme-second-token-9999abcd";
  fake_.add_token(second, 1234);
  auto updated = run("update-token", second);
  ASSERT_TRUE(updated.ok()) << updated.status().message();
  EXPECT_EQ(details()["token"].at("last4"), "abcd");
  fake_.revoke(tokens.acme);  // the old token is no longer used
  EXPECT_TRUE(run("test-connection").ok());
  EXPECT_THAT(testing::files_containing(sandbox_.data(), second), IsEmpty());
}

TEST_F(ConnectFlowTest, UpdateTokenOfAnotherCompanyIsRefusedNamingBothAndKeepsTheOldToken) {
  ASSERT_TRUE(run("install", tokens.acme).ok());
  auto refused = run("update-token", tokens.bistro);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), sdk::Code::conflict);
  EXPECT_THAT(refused.status().message(), HasSubstr("'Bistro Verde' (id 5678)"));
  EXPECT_THAT(refused.status().message(), HasSubstr("'Acme Diner' (id 1234)"));
  EXPECT_EQ(std::string(details()["token"].at("last4").as_string()), tokens.acme.substr(tokens.acme.size() - 4));
  EXPECT_TRUE(run("test-connection").ok());  // still the Acme token
}

TEST_F(ConnectFlowTest, ARejectedNewTokenKeepsTheOldOne) {
  ASSERT_TRUE(run("install", tokens.acme).ok());
  EXPECT_EQ(run("update-token", tokens.revoked).status().code(), sdk::Code::invalid_auth);
  EXPECT_EQ(show().status.state, sdk::InstallationState::connected);
  EXPECT_TRUE(run("test-connection").ok());
}

TEST_F(ConnectFlowTest, TestConnectionAfterRevocationNeedsANewTokenAndUpdateTokenFixesIt) {
  ASSERT_TRUE(run("install", tokens.acme).ok());
  fake_.revoke(tokens.acme);
  auto tested = run("test-connection");
  EXPECT_EQ(tested.status().code(), sdk::Code::invalid_auth);

  const auto view = show();
  EXPECT_EQ(view.status.state, sdk::InstallationState::needs_reauth);
  EXPECT_THAT(view.status.hint, HasSubstr("Update token"));
  EXPECT_THAT(view.status.last_error, HasSubstr("rejected the access token"));
  auto list = section_->list("bistro-1", admin);
  EXPECT_EQ(list->at(0).status.state, sdk::InstallationState::needs_reauth);

  const std::string fresh = "acme-fresh-token-after-revoke";
  fake_.add_token(fresh, 1234);
  ASSERT_TRUE(run("update-token", fresh).ok());
  EXPECT_EQ(show().status.state, sdk::InstallationState::connected);
  EXPECT_EQ(show().status.last_error, "");
}

TEST_F(ConnectFlowTest, TestConnectionWhileUnreachableKeepsTheStateAndRecordsTheError) {
  ASSERT_TRUE(run("install", tokens.acme).ok());
  fake_.stop();
  EXPECT_EQ(run("test-connection").status().code(), sdk::Code::unavailable);
  const auto view = show();
  EXPECT_EQ(view.status.state, sdk::InstallationState::connected);
  EXPECT_THAT(view.status.last_error, HasSubstr("Could not reach 7shifts"));
}

TEST_F(ConnectFlowTest, RemoveErasesEverythingAndRemovingAgainIsNotFound) {
  ASSERT_TRUE(run("install", tokens.acme).ok());
  ASSERT_TRUE(run("remove").ok());
  expect_nothing_stored();
  EXPECT_EQ(run("remove").status().code(), sdk::Code::not_found);
}

TEST_F(ConnectFlowTest, RestaurantsAreIsolated) {
  ASSERT_TRUE(run("install", tokens.acme, "a").ok());
  EXPECT_EQ(show("a").status.state, sdk::InstallationState::connected);
  EXPECT_EQ(show("b").status.state, sdk::InstallationState::not_installed);
  ASSERT_TRUE(run("install", tokens.bistro, "b").ok());
  ASSERT_TRUE(run("remove", {}, "a").ok());
  EXPECT_EQ(show("b").status.state, sdk::InstallationState::connected);
}

TEST_F(ConnectFlowTest, TheTokenNeverReachesTheLog) {
  ASSERT_TRUE(run("install", tokens.acme).ok());
  EXPECT_EQ(run("install", tokens.revoked, "other").status().code(), sdk::Code::invalid_auth);
  const auto text = log();
  EXPECT_THAT(text, HasSubstr("connected to 7shifts company 1234 with 3 locations in 3 requests"));
  EXPECT_THAT(text, Not(HasSubstr(tokens.acme)));
  EXPECT_THAT(text, Not(HasSubstr(tokens.revoked)));
}

}  // namespace
}  // namespace eatos::host
