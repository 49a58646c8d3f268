// Sales to 7shifts from the command line, end to end: the eatos-host binary killed with SIGKILL in the middle of a
// sync loses and duplicates nothing; sync-now shows progress; the request rate can be lowered; bad settings are
// refused. Against the fake 7shifts server on 127.0.0.1.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <deque>

#include "fake_sevenshifts.hpp"
#include "files.hpp"
#include "plugin_sandbox.hpp"
#include "process.hpp"

namespace eatos::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class SalesCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox_.add_sevenshifts();
    fake_.load_demo_data();
    fake_.set_rate_limit(0, 60s, false);
    fake_.start();
  }
  void TearDown() override {
    EXPECT_THAT(outputs_, Not(HasSubstr(token())));
    EXPECT_THAT(files_containing(sandbox_.data(), token()), IsEmpty());
  }

  static std::string token() { return FakeSevenShifts::demo_tokens().acme; }

  ProcessResult host(const std::vector<std::string>& arguments, ProcessOptions options = {}) {
    options.environment.insert({{"EATOS_MANIFESTS_DIR", sandbox_.manifests().string()},
                                {"EATOS_PLUGINS_DIR", sandbox_.plugins().string()},
                                {"EATOS_DATA_DIR", sandbox_.data().string()},
                                {"SEVENSHIFTS_API_URL", fake_.url()},
                                {"SEVENSHIFTS_RATE_LIMIT", "0"}});
    options.unset = {"EATOS_SECRET_KEY"};
    auto result = run_process(EATOS_HOST_BINARY, arguments, options);
    outputs_ += result.out + result.err;
    return result;
  }

  void connect_and_map(int days, int orders_per_day) {
    ASSERT_EQ(host({"pos", "seed", "--days", std::to_string(days), "--orders-per-day", std::to_string(orders_per_day),
                    "--stores", "1", "--seed", "5"})
                  .exit_code,
              0);
    ProcessOptions input;
    input.input = token() + "\n";
    ASSERT_EQ(host({"integrations", "install", "7shifts", "--token-stdin"}, input).exit_code, 0);
    auto mapped = host({"integrations", "action", "7shifts", "map-location", "--field", "store=downtown"});
    ASSERT_EQ(mapped.exit_code, 0) << mapped.err;
    fake_.clear_requests();
  }

  /// Every order of the store is in the fake exactly once (voided ones at most once, voided), created once.
  void expect_exactly_once() {
    auto listed = host({"pos", "orders", "--store", "downtown", "--limit", "0", "--json"});
    ASSERT_EQ(listed.exit_code, 0);
    const auto receipts = fake_.receipts();
    std::size_t expected = 0;
    const json::value document = json::parse(listed.out);
    for (const auto& item : document.at("orders").as_array()) {
      const auto& order = item.as_object();
      const auto it = receipts.find("101:" + std::string(order.at("id").as_string()));
      if (order.at("status") == "voided") {
        expected += it == receipts.end() ? 0 : 1;
        continue;
      }
      ++expected;
      ASSERT_NE(it, receipts.end()) << order.at("id");
      EXPECT_EQ(json::parse(it->second).at("net_total"), order.at("net"));
    }
    EXPECT_EQ(receipts.size(), expected);
    std::map<std::string, int> created;
    for (const auto& request : fake_.requests()) {
      if (request.method == "POST" && request.status == 201)
        ++created[std::string(json::parse(request.body).at("receipt_id").as_string())];
    }
    for (const auto& [id, count] : created) EXPECT_EQ(count, 1) << id;
  }

  PluginSandbox sandbox_;
  FakeSevenShifts fake_;
  std::string outputs_;
};

TEST_F(SalesCliTest, KilledInTheMiddleOfASyncTheNextRunLosesAndDuplicatesNothing) {
  connect_and_map(3, 30);
  ProcessOptions paced;
  paced.environment = {{"SEVENSHIFTS_RATE_LIMIT", "10"}};  // about 10 receipts a second: slow enough to kill midway
  paced.kill_when = [this] { return fake_.receipts().size() >= 12; };
  auto killed = host({"integrations", "action", "7shifts", "sync-now"}, paced);
  ASSERT_TRUE(killed.killed) << "the sync finished before it could be killed: " << killed.err;
  const auto at_kill = fake_.receipts().size();
  EXPECT_GE(at_kill, 12U);

  auto again = host({"integrations", "action", "7shifts", "sync-now"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("Everything is up to date"));
  EXPECT_GT(fake_.receipts().size(), at_kill);
  expect_exactly_once();
}

TEST_F(SalesCliTest, SyncNowReportsProgressAndShowGivesTheSyncStatus) {
  connect_and_map(2, 40);
  auto synced = host({"integrations", "action", "7shifts", "sync-now", "--json"});
  ASSERT_EQ(synced.exit_code, 0) << synced.err;
  EXPECT_THAT(synced.err, HasSubstr("progress: "));
  EXPECT_THAT(synced.err, HasSubstr(" orders"));
  EXPECT_EQ(json::parse(synced.out).at("state"), "connected");

  auto shown = host({"integrations", "show", "7shifts", "--json"});
  ASSERT_EQ(shown.exit_code, 0);
  const auto sales = json::parse(shown.out).at("sales").as_object();
  EXPECT_EQ(sales.at("queued"), 0);
  EXPECT_GT(sales.at("sent").as_int64(), 0);
  EXPECT_EQ(sales.at("backfill").at("done"), sales.at("backfill").at("total"));
  EXPECT_EQ(sales.at("mappings").as_array()[0].at("location_name"), "Acme Downtown");
  auto text = host({"integrations", "show", "7shifts"});
  EXPECT_THAT(text.out, HasSubstr("Store mappings:"));
  EXPECT_THAT(text.out, HasSubstr("Acme Downtown → Acme Downtown"));
  expect_exactly_once();
}

TEST_F(SalesCliTest, ALowerRequestRateIsKeptAndAnImpossibleOneRefused) {
  connect_and_map(2, 30);
  auto refused = host({"integrations", "action", "7shifts", "sync-settings", "--field", "max_requests_per_second=11"});
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_THAT(refused.err, HasSubstr("from 1 to 10"));
  auto bad_choice = host({"integrations", "action", "7shifts", "sync-settings", "--field", "backfill_window=maybe"});
  EXPECT_EQ(bad_choice.exit_code, 3);
  const auto settings = json::parse(host({"integrations", "show", "7shifts", "--json"}).out).at("sales").at("settings");
  EXPECT_EQ(settings.at("max_requests_per_second"), 10) << "a refused setting is not stored";
  EXPECT_EQ(settings.at("backfill_window"), "auto");
  ASSERT_EQ(
      host({"integrations", "action", "7shifts", "sync-settings", "--field", "max_requests_per_second=3"}).exit_code,
      0);

  ProcessOptions paced;
  paced.environment = {{"SEVENSHIFTS_RATE_LIMIT", "10"}};
  auto partial = host({"integrations", "action", "7shifts", "sync-now", "--field", "max_seconds=3"}, paced);
  ASSERT_EQ(partial.exit_code, 0) << partial.err;
  std::deque<std::chrono::steady_clock::time_point> window;
  std::size_t most = 0;
  for (const auto& request : fake_.requests()) {
    window.push_back(request.at);
    while (request.at - window.front() >= 1s) window.pop_front();
    most = std::max(most, window.size());
  }
  EXPECT_GT(fake_.requests().size(), 3U);
  EXPECT_LE(most, 3U);
}

TEST_F(SalesCliTest, ARateLimitAboveSevenShiftsOwnIsRefusedForTheRealApi) {
  ProcessOptions options;
  options.environment = {{"SEVENSHIFTS_API_URL", "https://eatos-test.invalid"}, {"SEVENSHIFTS_RATE_LIMIT", "0"}};
  options.input = token() + "\n";
  auto refused = host({"integrations", "install", "7shifts", "--token-stdin"}, options);
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_THAT(refused.err, HasSubstr("SEVENSHIFTS_RATE_LIMIT must be a whole number from 1 to 10"));
}

}  // namespace
}  // namespace eatos::testing
