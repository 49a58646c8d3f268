// The dashboard's JSON API: sign-in, sessions, CSRF, roles, and the 7Shift flow through the same code as the CLI,
// with the real plugin against the fake 7shifts server. No response ever carries a token.
#include "web/dashboard_server.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <boost/json.hpp>

#include "fake_sevenshifts.hpp"
#include "files.hpp"
#include "plugin_sandbox.hpp"
#include "pos/demo_sales.hpp"
#include "registry/registry.hpp"
#include "storage/user_accounts.hpp"

namespace eatos::host {
namespace {

using testing::FakeSevenShifts;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class DashboardApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fake_.load_demo_data();
    fake_.start();
    ::setenv("SEVENSHIFTS_API_URL", fake_.url().c_str(), 1);
    sandbox_.add_sevenshifts();
    host_ = std::make_unique<HostContext>(sandbox_.data(), false);
    registry_ = std::make_unique<Registry>(Registry::discover(sandbox_.manifests(), sandbox_.plugins(), *host_));
    section_ = std::make_unique<IntegrationsSection>(*registry_, *host_);
    UserAccounts users(**host_->store());
    ASSERT_TRUE(users.add("alice", sdk::Role::admin, sdk::Secret(std::string("alice-password-1"))).ok());
    ASSERT_TRUE(users.add("sam", sdk::Role::staff, sdk::Secret(std::string("sam-password-1"))).ok());
    server_ = std::make_unique<DashboardServer>(
        *section_, *host_, *registry_,
        DashboardOptions{"127.0.0.1", 0, "default", EATOS_WEB_DIR, sandbox_.manifests()});
    auto port = server_->start_in_background();
    ASSERT_TRUE(port.ok());
    port_ = *port;
  }
  void TearDown() override {
    server_.reset();
    section_.reset();
    registry_.reset();
    host_.reset();
    ::unsetenv("SEVENSHIFTS_API_URL");
    EXPECT_THAT(responses_, Not(HasSubstr(tokens_.acme))) << "a response carried the token";
    EXPECT_THAT(testing::files_containing(sandbox_.data(), tokens_.acme), IsEmpty());
    EXPECT_THAT(testing::files_containing(sandbox_.data(), "alice-password-1"), IsEmpty());
  }

  /// A browser: keeps the session cookie and the CSRF token.
  struct Browser {
    std::string cookie;
    std::string csrf;
  };

  httplib::Result get(Browser& browser, const std::string& path) {
    httplib::Client client("127.0.0.1", port_);
    httplib::Headers headers;
    if (!browser.cookie.empty()) headers.emplace("Cookie", browser.cookie);
    auto result = client.Get(path, headers);
    remember(browser, result);
    return result;
  }

  httplib::Result post(Browser& browser, const std::string& path, const boost::json::value& body, bool with_csrf = true,
                       const std::string& content_type = "application/json") {
    httplib::Client client("127.0.0.1", port_);
    httplib::Headers headers;
    if (!browser.cookie.empty()) headers.emplace("Cookie", browser.cookie);
    if (with_csrf) headers.emplace("X-CSRF-Token", browser.csrf);
    auto result = client.Post(path, headers, boost::json::serialize(body), content_type);
    remember(browser, result);
    return result;
  }

  void remember(Browser& browser, const httplib::Result& result) {
    if (!result) return;
    responses_ += result->body;
    const auto cookie = result->get_header_value("Set-Cookie");
    if (!cookie.empty()) browser.cookie = cookie.substr(0, cookie.find(';'));
    boost::system::error_code error;
    const auto body = boost::json::parse(result->body, error);
    if (!error && body.is_object() && body.as_object().contains("csrf")) {
      browser.csrf = std::string(body.at("csrf").as_string());
    }
  }

  Browser signed_in(const std::string& name, const std::string& password) {
    Browser browser;
    get(browser, "/api/session");
    auto result = post(browser, "/api/sign-in", {{"name", name}, {"password", password}});
    EXPECT_EQ(result->status, 200) << result->body;
    return browser;
  }

  const FakeSevenShifts::DemoTokens tokens_ = FakeSevenShifts::demo_tokens();
  FakeSevenShifts fake_;
  testing::PluginSandbox sandbox_;
  std::unique_ptr<HostContext> host_;
  std::unique_ptr<Registry> registry_;
  std::unique_ptr<IntegrationsSection> section_;
  std::unique_ptr<DashboardServer> server_;
  int port_ = 0;
  std::string responses_;
};

TEST_F(DashboardApiTest, ThePageAndItsAssetsComeWithAStrictContentSecurityPolicy) {
  Browser browser;
  for (const char* path : {"/", "/app.js", "/app.css", "/favicon.svg"}) {
    auto result = get(browser, path);
    ASSERT_EQ(result->status, 200) << path;
    const auto csp = result->get_header_value("Content-Security-Policy");
    EXPECT_THAT(csp, HasSubstr("script-src 'self'"));
    EXPECT_THAT(csp, Not(HasSubstr("unsafe-inline")));
    EXPECT_EQ(result->get_header_value("X-Content-Type-Options"), "nosniff");
  }
  EXPECT_THAT(get(browser, "/")->body, Not(HasSubstr("<script>")));  // no inline script
  EXPECT_EQ(get(browser, "/api/integrations/7shifts/icon")->get_header_value("Content-Type"), "image/svg+xml");
}

TEST_F(DashboardApiTest, TheApiNeedsASignedInSession) {
  Browser anonymous;
  EXPECT_EQ(get(anonymous, "/api/integrations")->status, 401);
  get(anonymous, "/api/session");
  EXPECT_EQ(get(anonymous, "/api/integrations")->status, 401);
  EXPECT_EQ(get(anonymous, "/api/integrations/7shifts")->status, 401);
}

TEST_F(DashboardApiTest, SignInSetsAStrictHttpOnlyCookieAndANewSessionId) {
  Browser browser;
  get(browser, "/api/session");
  const std::string before = browser.cookie;
  auto result = post(browser, "/api/sign-in", {{"name", "alice"}, {"password", "alice-password-1"}});
  ASSERT_EQ(result->status, 200);
  const auto cookie = result->get_header_value("Set-Cookie");
  EXPECT_THAT(cookie, HasSubstr("HttpOnly"));
  EXPECT_THAT(cookie, HasSubstr("SameSite=Strict"));
  EXPECT_NE(browser.cookie, before);  // no session fixation
  EXPECT_EQ(get(browser, "/api/integrations")->status, 200);
}

TEST_F(DashboardApiTest, AWrongPasswordIsRefusedAndRepeatedFailuresAreThrottled) {
  Browser browser;
  get(browser, "/api/session");
  for (int i = 0; i < 5; ++i) {
    auto refused = post(browser, "/api/sign-in", {{"name", "alice"}, {"password", "wrong-password"}});
    EXPECT_EQ(refused->status, 401);
    EXPECT_THAT(refused->body, HasSubstr("Wrong user name or password."));
  }
  auto throttled = post(browser, "/api/sign-in", {{"name", "alice"}, {"password", "alice-password-1"}});
  EXPECT_EQ(throttled->status, 429);
  EXPECT_FALSE(throttled->get_header_value("Retry-After").empty());
}

TEST_F(DashboardApiTest, PostsWithoutTheCsrfTokenOrJsonOrFromAnotherOriginAreRefused) {
  Browser browser;
  get(browser, "/api/session");
  EXPECT_EQ(post(browser, "/api/sign-in", {{"name", "alice"}, {"password", "alice-password-1"}}, false)->status, 403);
  EXPECT_EQ(
      post(browser, "/api/sign-in", {{"name", "alice"}, {"password", "alice-password-1"}}, true, "text/plain")->status,
      415);
  httplib::Client client("127.0.0.1", port_);
  auto cross = client.Post(
      "/api/sign-in", {{"Cookie", browser.cookie}, {"X-CSRF-Token", browser.csrf}, {"Origin", "http://evil.example"}},
      R"({"name":"alice","password":"alice-password-1"})", "application/json");
  EXPECT_EQ(cross->status, 403);

  auto admin = signed_in("alice", "alice-password-1");
  Browser stolen{admin.cookie, "not-the-token"};
  EXPECT_EQ(post(stolen, "/api/integrations/7shifts/actions/install", {{"secrets", {{"access_token", tokens_.acme}}}})
                ->status,
            403);
  EXPECT_THAT(fake_.requests(), IsEmpty());
}

TEST_F(DashboardApiTest, AnAdminConnects7ShiftAndNoResponseCarriesTheToken) {
  auto admin = signed_in("alice", "alice-password-1");
  auto wrong = post(admin, "/api/integrations/7shifts/actions/install",
                    {{"secrets", {{"access_token", "wrong-token-000000000000"}}}});
  EXPECT_EQ(wrong->status, 422);
  EXPECT_THAT(wrong->body, HasSubstr("rejected the access token"));

  auto connected =
      post(admin, "/api/integrations/7shifts/actions/install", {{"secrets", {{"access_token", tokens_.acme}}}});
  ASSERT_EQ(connected->status, 200) << connected->body;
  EXPECT_THAT(connected->body, HasSubstr("Connected to 7shifts company 'Acme Diner' (3 locations)"));

  auto view = boost::json::parse(get(admin, "/api/integrations/7shifts")->body).as_object();
  EXPECT_EQ(view["state"], "connected");
  EXPECT_EQ(view["can_manage"], true);
  EXPECT_EQ(view["company"].at("name"), "Acme Diner");

  auto other =
      post(admin, "/api/integrations/7shifts/actions/update-token", {{"secrets", {{"access_token", tokens_.bistro}}}});
  EXPECT_EQ(other->status, 409);
  EXPECT_EQ(post(admin, "/api/integrations/7shifts/actions/remove", boost::json::object{})->status, 200);
  EXPECT_EQ(post(admin, "/api/integrations/7shifts/actions/remove", boost::json::object{})->status, 404);
}

TEST_F(DashboardApiTest, AnAdminMapsAStoreSyncsNowAndSeesTheSyncStatus) {
  ::setenv("SEVENSHIFTS_RATE_LIMIT", "0", 1);
  fake_.set_rate_limit(0, std::chrono::seconds(60), false);
  const auto history =
      make_demo_history({2, 30, 1, 3}, std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
  ASSERT_TRUE((*host_->pos())->add("default", history.stores, history.orders).ok());
  auto admin = signed_in("alice", "alice-password-1");
  ASSERT_EQ(
      post(admin, "/api/integrations/7shifts/actions/install", {{"secrets", {{"access_token", tokens_.acme}}}})->status,
      200);
  auto unmapped = boost::json::parse(get(admin, "/api/integrations/7shifts")->body).as_object();
  EXPECT_EQ(unmapped["sales"].at("unmapped_stores").as_array()[0].at("suggested_location").at("name"), "Acme Downtown");

  auto mapped = post(admin, "/api/integrations/7shifts/actions/map-location", {{"fields", {{"store", "downtown"}}}});
  ASSERT_EQ(mapped->status, 200) << mapped->body;
  EXPECT_THAT(mapped->body, HasSubstr("matched by name"));
  auto synced = post(admin, "/api/integrations/7shifts/actions/sync-now", boost::json::object{});
  ASSERT_EQ(synced->status, 200) << synced->body;
  EXPECT_THAT(synced->body, HasSubstr("Everything is up to date"));

  auto view = boost::json::parse(get(admin, "/api/integrations/7shifts")->body).as_object();
  const auto& sales = view["sales"].as_object();
  EXPECT_EQ(sales.at("queued"), 0);
  EXPECT_GT(sales.at("sent").as_int64(), 0);
  EXPECT_EQ(sales.at("dead_letters").at("count"), 0);
  EXPECT_NE(sales.at("last_success_at"), nullptr);
  bool shows_sync = false;
  for (const auto& fact : view["facts"].as_array()) shows_sync |= fact.at("label") == "Sales sync";
  EXPECT_TRUE(shows_sync);
  ::unsetenv("SEVENSHIFTS_RATE_LIMIT");
}

TEST_F(DashboardApiTest, StaffSeeTheSectionButCannotAct) {
  auto staff = signed_in("sam", "sam-password-1");
  EXPECT_EQ(get(staff, "/api/integrations")->status, 200);
  auto view = boost::json::parse(get(staff, "/api/integrations/7shifts")->body).as_object();
  EXPECT_EQ(view["can_manage"], false);
  auto refused =
      post(staff, "/api/integrations/7shifts/actions/install", {{"secrets", {{"access_token", tokens_.acme}}}});
  EXPECT_EQ(refused->status, 403);
  EXPECT_THAT(fake_.requests(), IsEmpty());
}

TEST_F(DashboardApiTest, BadRequestsGetClearErrors) {
  auto admin = signed_in("alice", "alice-password-1");
  EXPECT_EQ(get(admin, "/api/integrations/slack")->status, 404);
  EXPECT_EQ(post(admin, "/api/integrations/7shifts/actions/fly", boost::json::object{})->status, 404);
  auto not_object = post(admin, "/api/integrations/7shifts/actions/install", {{"secrets", "x"}});
  EXPECT_EQ(not_object->status, 400);
  auto missing = post(admin, "/api/integrations/7shifts/actions/install", boost::json::object{});
  EXPECT_EQ(missing->status, 400);
  EXPECT_THAT(missing->body, HasSubstr("'Access token' is required"));
}

TEST_F(DashboardApiTest, SigningOutEndsTheSession) {
  auto admin = signed_in("alice", "alice-password-1");
  ASSERT_EQ(post(admin, "/api/sign-out", boost::json::object{})->status, 200);
  EXPECT_EQ(get(admin, "/api/integrations")->status, 401);
}

TEST(ListenAddress, OnlyLoopbackIsAccepted) {
  DashboardOptions options;
  EXPECT_TRUE(parse_listen_address("127.0.0.1:0", options).ok());
  EXPECT_EQ(options.port, 0);
  EXPECT_TRUE(parse_listen_address("localhost:8080", options).ok());
  EXPECT_EQ(options.address, "127.0.0.1");
  for (const char* bad : {"0.0.0.0:8080", "192.168.1.5:80", "127.0.0.1", "127.0.0.1:99999", "127.0.0.1:http"}) {
    EXPECT_EQ(parse_listen_address(bad, options).code(), sdk::Code::invalid_argument) << bad;
  }
}

}  // namespace
}  // namespace eatos::host
