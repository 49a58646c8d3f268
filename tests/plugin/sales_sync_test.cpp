// Sales to 7shifts through the real plugin .so, the real loader and libcurl, against the fake 7shifts server:
// mapping, exactly-once delivery whatever the network does, edits and voids by PUT, dead letters, 401, 429, and a
// backfill that resumes where it stopped.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <deque>
#include <thread>

#include "fake_sevenshifts.hpp"
#include "files.hpp"
#include "integrations/integrations_section.hpp"
#include "plugin_sandbox.hpp"
#include "pos/demo_sales.hpp"
#include "registry/registry.hpp"
#include "services/utc_time.hpp"

namespace eatos::host {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using testing::FakeSevenShifts;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr const char* receipts_path = "/v2/company/1234/receipts";

class SalesSyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fake_.load_demo_data();
    // Most tests: no limit on either side, so they run fast; the limit's own tests set one.
    fake_.set_rate_limit(0, 60s, false);
    fake_.start();
    ::setenv("SEVENSHIFTS_API_URL", fake_.url().c_str(), 1);
    ::setenv("SEVENSHIFTS_RATE_LIMIT", "0", 1);
    ::unsetenv("SEVENSHIFTS_TIMEOUT_MS");
    sandbox_.add_sevenshifts();
    start_host();
  }
  void TearDown() override {
    stop_host();
    ::unsetenv("SEVENSHIFTS_API_URL");
    ::unsetenv("SEVENSHIFTS_RATE_LIMIT");
    for (const auto* token : {&tokens.acme, &second_token}) {
      EXPECT_THAT(testing::files_containing(sandbox_.data(), *token), IsEmpty()) << "token in plain text";
    }
  }

  /// A host process starting (again, after stop_host: a restart).
  void start_host() {
    host_ = std::make_unique<HostContext>(sandbox_.data(), false);
    registry_ = std::make_unique<Registry>(Registry::discover(sandbox_.manifests(), sandbox_.plugins(), *host_));
    section_ = std::make_unique<IntegrationsSection>(*registry_, *host_);
    ASSERT_NE(registry_->find_loaded("7shifts"), nullptr);
  }
  void stop_host() {
    section_.reset();
    registry_.reset();
    host_.reset();
  }

  DemoHistory seed(DemoHistoryOptions options) {
    auto history =
        make_demo_history(options, std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    EXPECT_TRUE((*host_->pos())->add("r1", history.stores, history.orders).ok());
    return history;
  }

  sdk::Result<sdk::ActionOutcome> run(const std::string& action, const std::map<std::string, std::string>& fields = {},
                                      const std::string& token = {}) {
    sdk::FormValues values;
    for (auto& [name, value] : fields) values.fields.emplace(name, value);
    if (!token.empty()) values.secrets.emplace("access_token", sdk::Secret(std::string(token)));
    return section_->run("r1", admin, "7shifts", action, std::move(values));
  }
  void install() { ASSERT_TRUE(run("install", {}, tokens.acme).ok()); }
  void map(const std::string& store, const std::string& location) {
    auto mapped = run("map-location", {{"store", store}, {"location", location}});
    ASSERT_TRUE(mapped.ok()) << mapped.status().message();
  }
  sdk::Result<sdk::ActionOutcome> sync(int max_seconds = 120) {
    return run("sync-now", {{"max_seconds", std::to_string(max_seconds)}});
  }

  json::object sales() {
    auto view = section_->show("r1", admin, "7shifts");
    EXPECT_TRUE(view.ok());
    return json::parse(view->status.details_json).at("sales").as_object();
  }
  sdk::InstallationState state() { return section_->show("r1", admin, "7shifts")->status.state; }

  /// Every order of the mapped stores, as the POS has it now.
  std::vector<sdk::Order> orders_of(const std::string& store) {
    auto orders = (*host_->pos())->latest_orders("r1", store, 0);
    EXPECT_TRUE(orders.ok());
    return *orders;
  }

  /// The fake holds exactly one receipt per order of `store` (voided orders: none, or one voided with zero totals),
  /// with the order's cents, UTC opening instant and status, and no receipt for anything else.
  void expect_exactly_once(const std::string& store, std::int64_t location) {
    const auto receipts = fake_.receipts();
    std::size_t expected = 0;
    for (const auto& order : orders_of(store)) {
      const auto it = receipts.find(std::to_string(location) + ":" + order.id);
      if (order.status == sdk::OrderStatus::voided) {
        if (it == receipts.end()) continue;
        const auto body = json::parse(it->second).as_object();
        EXPECT_EQ(body.at("status"), "voided") << order.id;
        EXPECT_EQ(body.at("net_total"), 0) << order.id;
        ++expected;
        continue;
      }
      ++expected;
      ASSERT_NE(it, receipts.end()) << "missing receipt for " << order.id;
      const auto body = json::parse(it->second).as_object();
      EXPECT_EQ(body.at("net_total"), order.net) << order.id;
      EXPECT_EQ(body.at("gross_total"), order.gross) << order.id;
      EXPECT_EQ(body.at("tips"), order.tips.card + order.tips.gratuity) << order.id;
      EXPECT_EQ(body.at("status"), std::string(sdk::to_string(order.status)).c_str()) << order.id;
      EXPECT_EQ(body.at("receipt_date"), format_utc(order.opened_at).c_str()) << order.id;
      EXPECT_EQ(body.at("location_id"), location);
    }
    std::size_t here = 0;
    for (const auto& [key, body] : receipts) here += key.rfind(std::to_string(location) + ":", 0) == 0 ? 1 : 0;
    EXPECT_EQ(here, expected) << "receipts for orders that do not exist, or duplicates";
    // A receipt is created once: every later write to it was a PUT.
    std::map<std::string, int> created;
    for (const auto& request : fake_.requests()) {
      if (request.method == "POST" && request.status == 201) {
        const auto body = json::parse(request.body).as_object();
        ++created[std::to_string(body.at("location_id").as_int64()) + ":" +
                  std::string(body.at("receipt_id").as_string())];
      }
    }
    for (const auto& [key, count] : created) EXPECT_EQ(count, 1) << key << " created twice";
  }

  const FakeSevenShifts::DemoTokens tokens = FakeSevenShifts::demo_tokens();
  const std::string second_token = "demo-acme-token-second-9d2e41c07b6a";
  const sdk::Actor admin{"test-admin", sdk::Role::admin};
  FakeSevenShifts fake_;
  testing::PluginSandbox sandbox_;
  std::unique_ptr<HostContext> host_;
  std::unique_ptr<Registry> registry_;
  std::unique_ptr<IntegrationsSection> section_;
};

TEST_F(SalesSyncTest, EveryOrderArrivesOnceWithItsCentsInstantsAndStatus) {
  seed({4, 40, 2, 3});
  install();
  map("downtown", "101");
  map("lakeside", "");  // suggested by name: 'Acme Lakeside'
  EXPECT_EQ(sales().at("mappings").as_array().size(), 2U);
  EXPECT_EQ(sales().at("mappings").as_array()[1].at("location_id"), 103);

  fake_.clear_requests();
  auto synced = sync();
  ASSERT_TRUE(synced.ok()) << synced.status().message();
  EXPECT_THAT(synced->message, HasSubstr("Everything is up to date"));
  EXPECT_EQ(fake_.connections(), 1U) << "one kept-alive connection for the whole sync";
  expect_exactly_once("downtown", 101);
  expect_exactly_once("lakeside", 103);
  const auto status = sales();
  EXPECT_EQ(status.at("queued"), 0);
  EXPECT_EQ(status.at("backfill").at("done"), status.at("backfill").at("total"));
  EXPECT_NE(status.at("last_success_at"), nullptr);
  for (const auto& request : fake_.requests()) {
    if (request.path.rfind(receipts_path, 0) == 0) {
      EXPECT_EQ(request.content_type, "application/json");
    }
  }
}

TEST_F(SalesSyncTest, WithOneRequestInFiveFailingNothingIsLostOrCountedTwice) {
  seed({3, 30, 1, 5});
  install();
  map("downtown", "101");
  // 503s, 502s after the receipt was stored, slow answers, and connections dropped before and after storing.
  fake_.set_random_faults(0.2, 42, receipts_path);
  auto synced = sync();
  ASSERT_TRUE(synced.ok()) << synced.status().message();
  expect_exactly_once("downtown", 101);
  int failed = 0;
  int duplicates = 0;
  for (const auto& request : fake_.requests()) {
    failed += request.status == 0 || request.status >= 500 ? 1 : 0;
    duplicates += request.status == 409 ? 1 : 0;
  }
  EXPECT_GT(failed, 5) << "the faults happened";
  EXPECT_GT(duplicates, 0) << "some creates had been applied before their answer was lost";
}

TEST_F(SalesSyncTest, EditsAndVoidsAfterTheFirstSyncGoAsPuts) {
  const auto history = seed({2, 40, 1, 7});
  install();
  map("downtown", "101");
  ASSERT_TRUE(sync().ok());
  fake_.clear_requests();

  // Live changes at the store: new orders, closes, tip adjustments, voids.
  auto& pos = **host_->pos();
  LiveSales live(9, history.orders.size());
  int voids = 0;
  for (int i = 0; i < 60; ++i) {
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    auto recent = pos.recently_changed("r1", now - std::chrono::days(2), 50);
    ASSERT_TRUE(recent.ok());
    const auto change = live.next(now, *pos.stores("r1"), *recent);
    voids += change.kind == LiveSales::Kind::voided ? 1 : 0;
    ASSERT_TRUE(pos.save("r1", change.order).ok());
  }
  ASSERT_GT(voids, 0);
  auto synced = sync();
  ASSERT_TRUE(synced.ok()) << synced.status().message();
  expect_exactly_once("downtown", 101);

  int puts = 0;
  int voided_puts = 0;
  for (const auto& request : fake_.requests()) {
    if (request.method != "PUT") continue;
    ++puts;
    EXPECT_THAT(request.path, HasSubstr("/receipts/ext:101:downtown-"));
    const auto body = json::parse(request.body).as_object();
    EXPECT_FALSE(body.contains("receipt_id")) << "a PUT carries the changed fields only";
    if (body.at("status") == "voided") {
      ++voided_puts;
      EXPECT_EQ(body.at("net_total"), 0);
      EXPECT_EQ(body.at("gross_total"), 0);
    }
    // A void of an order 7shifts never had finds nothing (404), and that is the end of it.
    EXPECT_TRUE(request.status == 200 || (request.status == 404 && body.at("status") == "voided")) << request.body;
  }
  EXPECT_GT(puts, 0);
  EXPECT_GT(voided_puts, 0);
}

TEST_F(SalesSyncTest, AnInvalidReceiptIsSetAsideWithTheMessageAndTheRestArrive) {
  const auto history = seed({2, 30, 1, 11});
  install();
  map("downtown", "101");
  std::string refused;
  for (const auto& order : history.orders) {
    if (order.status == sdk::OrderStatus::closed) refused = order.id;
  }
  fake_.reject_receipt(refused, "receipt_lines total does not match net_total");
  // A live change queues it through the outbox too.
  auto order = (*host_->pos())->order("r1", refused).value()->order;
  order.tips.card += 100;
  ASSERT_TRUE((*host_->pos())->save("r1", order).ok());

  auto synced = sync();
  ASSERT_TRUE(synced.ok()) << synced.status().message();
  EXPECT_THAT(synced->message, HasSubstr("set aside"));
  const auto status = sales();
  EXPECT_EQ(status.at("dead_letters").at("count"), 1);
  const auto& first = status.at("dead_letters").at("first").as_array().at(0);
  EXPECT_EQ(first.at("order"), refused.c_str());
  EXPECT_THAT(std::string(first.at("message").as_string()), HasSubstr("does not match net_total"));
  EXPECT_EQ(fake_.receipts().count("101:" + refused), 0U);
  std::size_t others = 0;
  for (const auto& o : orders_of("downtown")) others += o.status != sdk::OrderStatus::voided && o.id != refused;
  EXPECT_EQ(fake_.receipts().size(), others) << "everything else arrived";

  fake_.clear_rejections();
  ASSERT_TRUE(run("retry-dead-letters").ok());
  ASSERT_TRUE(sync().ok());
  EXPECT_EQ(sales().at("dead_letters").at("count"), 0);
  expect_exactly_once("downtown", 101);
}

TEST_F(SalesSyncTest, A401DuringASyncPausesItUntilTheTokenIsUpdatedAndLosesNothing) {
  seed({2, 40, 1, 13});
  install();
  map("downtown", "101");
  fake_.revoke_after(tokens.acme, 15);
  auto synced = sync();
  ASSERT_FALSE(synced.ok());
  EXPECT_EQ(synced.status().code(), sdk::Code::invalid_auth);
  EXPECT_THAT(synced.status().message(), HasSubstr("nothing is lost"));
  EXPECT_EQ(state(), sdk::InstallationState::needs_reauth);
  const auto after_401 = fake_.receipts().size();
  EXPECT_GT(after_401, 0U);

  // Nothing is sent while the token is refused.
  EXPECT_EQ(section_->prepare("r1", admin, "7shifts", "sync-now").status().code(), sdk::Code::conflict);

  fake_.add_token(second_token, 1234);
  ASSERT_TRUE(run("update-token", {}, second_token).ok());
  EXPECT_EQ(state(), sdk::InstallationState::connected);
  ASSERT_TRUE(sync().ok());
  expect_exactly_once("downtown", 101);
}

TEST_F(SalesSyncTest, A429StormLosesNothingAndTheTokenNeverExceedsTenRequestsInAnySecond) {
  ::unsetenv("SEVENSHIFTS_RATE_LIMIT");  // the plugin paces itself under 7shifts' 10 a second
  seed({2, 20, 1, 17});
  install();
  map("downtown", "101");
  fake_.set_rate_limit(6, 1s, true);  // but this 7shifts is stricter: 429s with Retry-After
  auto synced = sync();
  ASSERT_TRUE(synced.ok()) << synced.status().message();
  expect_exactly_once("downtown", 101);

  int limited = 0;
  std::deque<std::chrono::steady_clock::time_point> window;
  std::size_t most = 0;
  for (const auto& request : fake_.requests()) {
    limited += request.status == 429 ? 1 : 0;
    window.push_back(request.at);
    while (request.at - window.front() >= 1s) window.pop_front();
    most = std::max(most, window.size());
  }
  EXPECT_GT(limited, 0) << "the storm happened";
  EXPECT_LE(most, 10U) << "never more than 10 requests in one second";
}

TEST_F(SalesSyncTest, TheBackfillResumesWhereItStoppedAfterARestart) {
  ::unsetenv("SEVENSHIFTS_RATE_LIMIT");  // paced from the start: the fake limits this token to 10 a second
  seed({5, 40, 1, 19});
  install();
  map("downtown", "101");
  fake_.set_rate_limit(10, 60s, false);
  auto partial = sync(1);
  ASSERT_TRUE(partial.ok()) << partial.status().message();
  EXPECT_THAT(partial->message, HasSubstr("time limit"));
  const auto done = sales().at("backfill").at("done").as_int64();
  const auto total = sales().at("backfill").at("total").as_int64();
  EXPECT_GT(done, 0);
  EXPECT_LT(done, total);
  const auto before_restart = fake_.receipts().size();

  stop_host();
  start_host();
  ::setenv("SEVENSHIFTS_RATE_LIMIT", "0", 1);
  fake_.set_rate_limit(0, 60s, false);
  fake_.clear_requests();
  ASSERT_TRUE(sync().ok());
  expect_exactly_once("downtown", 101);
  int repeated = 0;
  for (const auto& request : fake_.requests()) repeated += request.status == 409 ? 1 : 0;
  EXPECT_LE(repeated, 1) << "it resumed from its stored position, not from the start";
  EXPECT_GT(fake_.receipts().size(), before_restart);
}

TEST_F(SalesSyncTest, AnAggregatedBackfillSendsFiveMinuteTotals) {
  const auto history = seed({3, 40, 1, 23});
  install();
  ASSERT_TRUE(run("sync-settings", {{"aggregate_backfill", "yes"}}).ok());
  map("downtown", "101");
  ASSERT_TRUE(sync().ok());
  sdk::Cents sent = 0;
  sdk::Cents expected = 0;
  const auto mapped_at = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  for (const auto& [key, body] : fake_.receipts()) {
    const auto receipt = json::parse(body).as_object();
    if (key.find(":bucket-") == std::string::npos) {
      // Orders of the 5 minutes still running at the mapping go singly: their bucket is not complete.
      EXPECT_EQ(std::string(receipt.at("receipt_date").as_string()).substr(0, 13), format_utc(mapped_at).substr(0, 13))
          << key;
    }
    sent += receipt.at("net_total").as_int64();
  }
  for (const auto& order : orders_of("downtown")) {
    if (order.status != sdk::OrderStatus::voided) expected += order.net;
  }
  EXPECT_EQ(sent, expected);
  EXPECT_LT(fake_.receipts().size(), history.orders.size());
}

TEST_F(SalesSyncTest, WithTheBackfillWindowOnHistoryWaitsForEightToFifteenUtc) {
  seed({2, 20, 1, 37});
  install();
  EXPECT_EQ(sales().at("settings").at("backfill_window"), "auto");
  ASSERT_TRUE(run("sync-settings", {{"backfill_window", "on"}}).ok());
  map("downtown", "101");
  const auto now = std::chrono::system_clock::now();
  const auto hour = std::chrono::duration_cast<std::chrono::hours>(now - std::chrono::floor<std::chrono::days>(now));
  const bool open = hour.count() >= 8 && hour.count() < 15;
  auto synced = sync();
  ASSERT_TRUE(synced.ok()) << synced.status().message();
  if (open) {
    EXPECT_THAT(synced->message, HasSubstr("Everything is up to date"));
    expect_exactly_once("downtown", 101);
  } else {
    EXPECT_THAT(synced->message, HasSubstr("backfill window (08:00-15:00 UTC)"));
    EXPECT_TRUE(fake_.receipts().empty());
    EXPECT_EQ(sales().at("backfill").at("done"), 0);
  }
}

TEST_F(SalesSyncTest, MappingRefusalsAreNamedAndStoreNothing) {
  seed({1, 10, 2, 1});
  install();
  const auto refused = [&](const std::map<std::string, std::string>& fields, sdk::Code code, const std::string& words) {
    auto mapped = run("map-location", fields);
    ASSERT_FALSE(mapped.ok());
    EXPECT_EQ(mapped.status().code(), code);
    EXPECT_THAT(mapped.status().message(), HasSubstr(words));
    EXPECT_TRUE(sales().at("mappings").as_array().empty() || sales().at("mappings").as_array().size() == 1);
  };
  refused({{"store", "atlantis"}}, sdk::Code::not_found, "no eatOS store 'atlantis'");
  refused({{"store", "downtown"}, {"location", "abc"}}, sdk::Code::invalid_argument, "must be a 7shifts location id");
  refused({{"store", "downtown"}, {"location", "999"}}, sdk::Code::not_found, "not one this token can see");
  refused({{"store", "downtown"}, {"location", "104"}}, sdk::Code::not_found, "deleted");
  refused({{"store", "downtown"}, {"location", "501"}}, sdk::Code::not_found, "not one this token can see");
  EXPECT_TRUE(sales().at("mappings").as_array().empty());
  EXPECT_EQ(sales().at("unmapped_stores").as_array()[0].at("suggested_location").at("id"), 101);

  map("downtown", "101");
  refused({{"store", "lakeside"}, {"location", "101"}}, sdk::Code::conflict, "one POS per location");
  refused({{"store", "downtown"}, {"location", "102"}}, sdk::Code::conflict, "unmap it first");
  EXPECT_EQ(sales().at("mappings").as_array().size(), 1U);

  // A change queued for the store (7shifts is down, so it stays queued) is dropped with the mapping.
  auto order = orders_of("downtown").front();
  order.tips.card += 100;
  ASSERT_TRUE((*host_->pos())->save("r1", order).ok());
  fake_.inject({testing::Fault::Kind::status, 503, {}, receipts_path, false}, 1000);
  EXPECT_EQ(run("sync-now", {{"max_seconds", "1"}}).status().code(), sdk::Code::unavailable);
  EXPECT_GE(sales().at("queued").as_int64(), 1);
  auto unmapped = run("unmap-location", {{"store", "downtown"}});
  ASSERT_TRUE(unmapped.ok()) << unmapped.status().message();
  EXPECT_THAT(unmapped->message, HasSubstr("queued sale"));
  EXPECT_EQ(sales().at("queued"), 0);
  EXPECT_TRUE(sales().at("mappings").as_array().empty());
  EXPECT_EQ(run("unmap-location", {{"store", "downtown"}}).status().code(), sdk::Code::not_found);
}

TEST_F(SalesSyncTest, RemoveStopsSendingAndErasesTheQueue) {
  const auto history = seed({2, 30, 1, 29});
  install();
  map("downtown", "101");
  auto order = history.orders.back();
  order.tips.card += 300;
  ASSERT_TRUE((*host_->pos())->save("r1", order).ok());
  ASSERT_TRUE(run("remove").ok());
  auto storage = (*host_->store())->installation("7shifts", "r1");
  EXPECT_THAT((*storage)->list("").value(), IsEmpty());
  EXPECT_TRUE(fake_.receipts().empty());
}

TEST_F(SalesSyncTest, TheBackgroundSyncSendsANewOrderSoonAfterItIsRung) {
  const auto history = seed({1, 20, 1, 31});
  install();
  map("downtown", "101");
  ASSERT_TRUE(sync().ok());
  EXPECT_THAT(registry_->start_background_work(), IsEmpty());

  LiveSales live(3, history.orders.size() + 1000);
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  sdk::Order fresh;
  do {
    fresh = live.next(now, *(*host_->pos())->stores("r1"), {}).order;
  } while (fresh.status == sdk::OrderStatus::voided);
  ASSERT_TRUE((*host_->pos())->save("r1", fresh).ok());
  const auto key = "101:" + fresh.id;
  for (int i = 0; i < 100 && fake_.receipts().count(key) == 0; ++i) std::this_thread::sleep_for(50ms);
  EXPECT_EQ(fake_.receipts().count(key), 1U) << "sent by the background sync";
}

}  // namespace
}  // namespace eatos::host
