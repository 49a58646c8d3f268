// The mock host's POS data as a plugin sees it (sdk::PosData through HostServices::pos): demo history with a
// restaurant's shape, paging by opening time, a change feed that gives every change once, watches on the plugin's
// scheduler, refusals that write nothing, and restaurants kept apart.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "loader/host_context.hpp"
#include "loader/plugin_services.hpp"
#include "pos/demo_sales.hpp"
#include "pos/pos_store.hpp"
#include "temp_dir.hpp"

namespace eatos::host {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

// A fixed "now" (a Friday, 2026-12-04 18:00:00 UTC) so the history is the same on every run.
constexpr sdk::Instant now{std::chrono::seconds(1796407200)};

class PosDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    pos_ = *host_.pos();
    services_ = std::make_unique<PluginServices>(host_, "demo");
  }
  void TearDown() override { services_->stop_tasks(); }

  DemoHistory seed(const std::string& restaurant, DemoHistoryOptions options = {}) {
    auto history = make_demo_history(options, now);
    EXPECT_TRUE(pos_->add(restaurant, history.stores, history.orders).ok());
    return history;
  }
  std::unique_ptr<sdk::PosData> data(const std::string& restaurant) {
    auto pos = services_->pos(restaurant);
    EXPECT_TRUE(pos.ok());
    return std::move(*pos);
  }

  testing::TempDir dir_;
  HostContext host_{dir_.path() / "data", false};
  PosStore* pos_ = nullptr;
  std::unique_ptr<PluginServices> services_;
};

TEST(DemoHistory, IsDeterministicForASeedAndDiffersAcrossSeeds) {
  const DemoHistoryOptions options{7, 50, 2, 42};
  const auto a = make_demo_history(options, now);
  const auto b = make_demo_history(options, now);
  ASSERT_EQ(a.orders.size(), b.orders.size());
  for (std::size_t i = 0; i < a.orders.size(); ++i) {
    EXPECT_EQ(a.orders[i].id, b.orders[i].id);
    EXPECT_EQ(a.orders[i].net, b.orders[i].net);
    EXPECT_EQ(a.orders[i].opened_at, b.orders[i].opened_at);
  }
  auto other = options;
  other.seed = 43;
  const auto c = make_demo_history(other, now);
  EXPECT_NE(c.orders.front().net + c.orders.back().net, a.orders.front().net + a.orders.back().net);
}

TEST(DemoHistory, HasLunchAndDinnerPeaksTipsVoidsAndConsistentTotals) {
  const auto history = make_demo_history({28, 300, 1, 7}, now);
  EXPECT_NEAR(static_cast<double>(history.orders.size()), 28 * 300, 28 * 300 * 0.1);
  std::map<int, int> by_local_hour;  // the store is in America/Regina: UTC-6 all year
  int voided = 0;
  int tipped = 0;
  int gratuity = 0;
  int open = 0;
  for (const auto& order : history.orders) {
    EXPECT_GE(order.net, 0);
    EXPECT_EQ(order.net, order.gross - order.item_discounts - order.receipt_discounts) << order.id;
    EXPECT_FALSE(order.lines.empty());
    EXPECT_LE(order.opened_at, now);
    EXPECT_GE(order.opened_at, now - std::chrono::days(28));
    const auto local = order.opened_at - 6h;
    ++by_local_hour[static_cast<int>((local.time_since_epoch() % std::chrono::days(1)) / 1h)];
    voided += order.status == sdk::OrderStatus::voided ? 1 : 0;
    open += order.status == sdk::OrderStatus::open ? 1 : 0;
    tipped += order.tips.card > 0 ? 1 : 0;
    gratuity += order.tips.gratuity > 0 ? 1 : 0;
    if (order.status == sdk::OrderStatus::closed) {
      ASSERT_TRUE(order.closed_at.has_value());
      EXPECT_GT(*order.closed_at, order.opened_at);
    }
  }
  const auto n = static_cast<double>(history.orders.size());
  EXPECT_GT(by_local_hour[12], 2 * by_local_hour[15]) << "lunch peak";
  EXPECT_GT(by_local_hour[19], 2 * by_local_hour[15]) << "dinner peak";
  EXPECT_EQ(by_local_hour[3], 0) << "closed at night";
  EXPECT_NEAR(voided / n, 0.02, 0.01);
  EXPECT_GT(tipped / n, 0.5);
  EXPECT_GT(gratuity, 0);
  EXPECT_GT(open, 0) << "orders still running at 'now' are open";
  EXPECT_TRUE(std::is_sorted(history.orders.begin(), history.orders.end(),
                             [](const auto& a, const auto& b) { return a.updated_at < b.updated_at; }));
}

TEST_F(PosDataTest, StoresAndOrdersPagedByOpeningTimeCoverTheRangeOnce) {
  const auto history = seed("r1", {10, 80, 2, 3});
  auto pos = data("r1");
  auto stores = pos->stores();
  ASSERT_TRUE(stores.ok());
  ASSERT_EQ(stores->size(), 2U);
  EXPECT_EQ((*stores)[0].id, "downtown");
  EXPECT_EQ((*stores)[0].timezone, "America/Regina");

  const auto from = now - std::chrono::days(5);
  std::set<std::string> seen;
  std::optional<sdk::OrderPosition> after;
  sdk::Instant previous{};
  for (;;) {
    auto page = pos->orders_opened("downtown", from, now, after, 37);
    ASSERT_TRUE(page.ok()) << page.status().message();
    if (page->empty()) break;
    for (const auto& [cursor, order] : *page) {
      EXPECT_GT(cursor, 0U);
      EXPECT_TRUE(seen.insert(order.id).second) << "repeated " << order.id;
      EXPECT_GE(order.opened_at, previous);
      EXPECT_EQ(order.store_id, "downtown");
      previous = order.opened_at;
    }
    after = sdk::OrderPosition{page->back().order.opened_at, page->back().order.id};
  }
  std::size_t expected = 0;
  for (const auto& order : history.orders) {
    expected += order.store_id == "downtown" && order.opened_at >= from && order.opened_at < now ? 1 : 0;
  }
  EXPECT_EQ(seen.size(), expected);
  EXPECT_EQ(pos->count_orders_opened("downtown", from, now).value(), expected);
}

TEST_F(PosDataTest, TheChangeFeedGivesEveryOrderOnceAndAnEditAgainAtTheEnd) {
  const auto history = seed("r1", {3, 40, 2, 5});
  auto pos = data("r1");
  const auto latest = pos->latest_change().value();
  EXPECT_EQ(latest, history.orders.size());

  std::vector<sdk::OrderChange> all;
  sdk::ChangeCursor cursor = 0;
  for (;;) {
    auto page = pos->changes_after(cursor, 50);
    ASSERT_TRUE(page.ok());
    if (page->empty()) break;
    for (auto& change : *page) {
      EXPECT_GT(change.cursor, cursor);
      cursor = change.cursor;
      all.push_back(std::move(change));
    }
  }
  ASSERT_EQ(all.size(), history.orders.size());
  EXPECT_EQ(cursor, latest);

  sdk::Order edited = all.front().order;
  edited.status = sdk::OrderStatus::voided;
  edited.updated_at = now;
  auto saved = pos_->save("r1", edited);
  ASSERT_TRUE(saved.ok());
  EXPECT_EQ(*saved, latest + 1);
  auto after = pos->changes_after(cursor, 50);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 1U);
  EXPECT_EQ((*after)[0].order.id, edited.id);
  EXPECT_EQ((*after)[0].order.status, sdk::OrderStatus::voided);
  EXPECT_EQ((*after)[0].order.lines.size(), edited.lines.size());
  auto read = pos->order(edited.id);
  ASSERT_TRUE(read.ok() && read->has_value());
  EXPECT_EQ((*read)->cursor, latest + 1);
  EXPECT_EQ((*read)->order.status, sdk::OrderStatus::voided);
  EXPECT_FALSE(pos->order("no-such-order")->has_value());
  EXPECT_EQ(pos->changes_after(0, 100000)->size(), history.orders.size()) << "an order appears once, at its last";
}

TEST_F(PosDataTest, SeedingTwiceIsRefusedAndWritesNothing) {
  seed("r1", {2, 10, 1, 1});
  const auto before = pos_->latest_change("r1").value();
  const auto again = make_demo_history({2, 10, 2, 9}, now);
  const auto refused = pos_->add("r1", again.stores, again.orders);
  EXPECT_EQ(refused.code(), sdk::Code::conflict);
  EXPECT_THAT(refused.message(), HasSubstr("already has POS data"));
  EXPECT_EQ(pos_->latest_change("r1").value(), before);
  EXPECT_EQ(pos_->stores("r1")->size(), 1U);
}

TEST_F(PosDataTest, AnOrderOfAnUnknownStoreIsRefusedAndWritesNothing) {
  seed("r1", {1, 5, 1, 1});
  sdk::Order stray;
  stray.id = "nowhere-1";
  stray.store_id = "nowhere";
  EXPECT_EQ(pos_->save("r1", stray).status().code(), sdk::Code::not_found);
  auto history = make_demo_history({2, 20, 1, 1}, now);
  ASSERT_FALSE(history.orders.empty());
  history.orders.front().store_id = "nowhere";
  EXPECT_EQ(pos_->add("r2", history.stores, history.orders).code(), sdk::Code::invalid_argument);
  EXPECT_TRUE(pos_->stores("r2")->empty());
}

TEST_F(PosDataTest, RestaurantsSeeOnlyTheirOwnData) {
  seed("r1", {2, 10, 2, 1});
  auto other = data("r2");
  EXPECT_TRUE(other->stores()->empty());
  EXPECT_TRUE(other->changes_after(0, 10)->empty());
  EXPECT_EQ(other->latest_change().value(), 0U);
  EXPECT_TRUE(other->orders_opened("downtown", now - std::chrono::days(3), now, std::nullopt, 10)->empty());
  EXPECT_EQ(services_->pos("../r1").status().code(), sdk::Code::invalid_argument);
}

TEST_F(PosDataTest, AWatchIsCalledAfterAChangeAndStopsWithThePluginsTasks) {
  const auto history = seed("r1", {2, 20, 1, 1});
  ASSERT_FALSE(history.orders.empty());
  std::atomic<int> calls{0};
  auto pos = data("r1");
  pos->watch_changes([&] { ++calls; });
  pos.reset();  // the watch does not depend on the PosData object
  std::this_thread::sleep_for(RestaurantPos::watch_interval * 2);
  EXPECT_EQ(calls.load(), 0) << "nothing changed yet";

  sdk::Order changed = history.orders.back();
  changed.tips.card += 100;
  ASSERT_TRUE(pos_->save("r1", changed).ok());
  for (int i = 0; i < 100 && calls.load() == 0; ++i) std::this_thread::sleep_for(50ms);
  EXPECT_EQ(calls.load(), 1);

  services_->stop_tasks();
  ASSERT_TRUE(pos_->save("r1", changed).ok());
  std::this_thread::sleep_for(RestaurantPos::watch_interval * 2);
  EXPECT_EQ(calls.load(), 1) << "stopped with the plugin's tasks";
}

TEST(DemoOptions, OutOfRangeOptionsAreNamed) {
  EXPECT_THAT(check({0, 300, 2, 1}).message(), HasSubstr("--days"));
  EXPECT_THAT(check({90, 0, 2, 1}).message(), HasSubstr("--orders-per-day"));
  EXPECT_THAT(check({90, 300, 9, 1}).message(), HasSubstr("--stores"));
  EXPECT_TRUE(check({90, 300, 2, 1}).ok());
}

TEST(LiveSales, ContinuesNumberingAndChangesRecentOrders) {
  const auto history = make_demo_history({2, 30, 1, 1}, now);
  ASSERT_GE(history.orders.size(), 20U);
  LiveSales sales(11, history.orders.size());
  std::map<LiveSales::Kind, int> kinds;
  std::vector<sdk::Order> recent(history.orders.rbegin(), history.orders.rbegin() + 20);
  for (int i = 0; i < 400; ++i) {
    const auto change = sales.next(now, history.stores, recent);
    ++kinds[change.kind];
    EXPECT_EQ(change.order.updated_at, now);
    if (change.kind == LiveSales::Kind::opened) {
      EXPECT_EQ(change.order.id, demo_order_id("downtown", history.orders.size() + kinds[change.kind]));
    }
  }
  EXPECT_GT(kinds[LiveSales::Kind::opened], 100);
  EXPECT_GT(kinds[LiveSales::Kind::closed], 10);
  EXPECT_GT(kinds[LiveSales::Kind::edited], 10);
  EXPECT_GT(kinds[LiveSales::Kind::voided], 5);
}

}  // namespace
}  // namespace eatos::host
