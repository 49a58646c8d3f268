// `eatos-host pos ...` end to end: seeding, looking at stores and orders, simulating live changes, and every bad
// input refused with its exit code and nothing written.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "process.hpp"
#include "temp_dir.hpp"

namespace eatos::testing {
namespace {

using ::testing::HasSubstr;

class PosCliTest : public ::testing::Test {
 protected:
  ProcessResult host(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), {"--data-dir", (dir_.path() / "data").string()});
    ProcessOptions options;
    options.unset = {"EATOS_SECRET_KEY", "EATOS_DATA_DIR"};
    return run_process(EATOS_HOST_BINARY, arguments, options);
  }
  static boost::json::object json_of(const ProcessResult& result) {
    boost::system::error_code error;
    auto value = boost::json::parse(result.out, error);
    EXPECT_FALSE(error) << "stdout is not one JSON document: " << result.out;
    return value.is_object() ? value.get_object() : boost::json::object{};
  }
  std::int64_t orders_in(const std::string& store_id) {
    auto stores = json_of(host({"pos", "stores", "--json"}));
    for (const auto& store : stores["stores"].as_array()) {
      if (store.at("id") == store_id.c_str()) return store.at("orders").as_int64();
    }
    return -1;
  }

  TempDir dir_;
};

TEST_F(PosCliTest, SeedThenStoresAndOrdersShowTheHistory) {
  auto seeded = host({"pos", "seed", "--days", "14", "--orders-per-day", "40", "--stores", "2", "--seed", "7"});
  ASSERT_EQ(seeded.exit_code, 0) << seeded.err;
  EXPECT_THAT(seeded.out, HasSubstr("2 stores"));

  auto stores = json_of(host({"pos", "stores", "--json"}));
  ASSERT_EQ(stores["stores"].as_array().size(), 2U);
  EXPECT_EQ(stores["stores"].as_array()[0].at("name"), "Acme Downtown");
  EXPECT_GT(orders_in("downtown"), 14 * 30);

  auto orders = host({"pos", "orders", "--store", "lakeside", "--limit", "5", "--json"});
  ASSERT_EQ(orders.exit_code, 0) << orders.err;
  auto list = json_of(orders)["orders"].as_array();
  ASSERT_EQ(list.size(), 5U);
  const auto& newest = list[0].as_object();
  for (const char* field : {"id", "status", "opened_at", "closed_at", "updated_at", "net", "gross", "tips"}) {
    EXPECT_TRUE(newest.contains(field)) << field;
  }
  EXPECT_THAT(std::string(newest.at("opened_at").as_string()), ::testing::EndsWith("Z"));
  EXPECT_TRUE(newest.at("tips").as_object().contains("gratuity"));

  auto text = host({"pos", "orders", "--store", "lakeside", "--limit", "3"});
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_THAT(text.out, HasSubstr("OPENED (UTC)"));
  EXPECT_THAT(text.err, HasSubstr("--limit 0 shows all"));
}

TEST_F(PosCliTest, SimulateAddsLiveOrdersAndChanges) {
  ASSERT_EQ(host({"pos", "seed", "--days", "2", "--orders-per-day", "30", "--stores", "1"}).exit_code, 0);
  const auto before = orders_in("downtown");
  auto simulated = host({"pos", "simulate", "--orders", "60", "--seed", "3", "--json"});
  ASSERT_EQ(simulated.exit_code, 0) << simulated.err;
  auto summary = json_of(simulated);
  EXPECT_EQ(summary["changes"], 60);
  const auto opened = summary["opened"].as_int64();
  EXPECT_GT(opened, 0);
  EXPECT_EQ(opened + summary["closed"].as_int64() + summary["edited"].as_int64() + summary["voided"].as_int64(), 60);
  EXPECT_EQ(orders_in("downtown"), before + opened);
}

TEST_F(PosCliTest, BadInputIsRefusedWithItsExitCodeAndWritesNothing) {
  auto stores = host({"pos", "seed", "--stores", "9"});
  EXPECT_EQ(stores.exit_code, 3);
  EXPECT_THAT(stores.err, HasSubstr("--stores must be from 1 to 8"));
  EXPECT_EQ(host({"pos", "seed", "--days", "0"}).exit_code, 3);
  EXPECT_EQ(host({"pos", "seed", "--orders-per-day", "abc"}).exit_code, 2);
  EXPECT_TRUE(json_of(host({"pos", "stores", "--json"}))["stores"].as_array().empty());

  auto nothing = host({"pos", "simulate", "--orders", "5"});
  EXPECT_EQ(nothing.exit_code, 7);
  EXPECT_THAT(nothing.err, HasSubstr("pos seed"));

  ASSERT_EQ(host({"pos", "seed", "--days", "2", "--orders-per-day", "10", "--stores", "1"}).exit_code, 0);
  const auto before = orders_in("downtown");
  auto again = host({"pos", "seed", "--days", "5"});
  EXPECT_EQ(again.exit_code, 8);
  EXPECT_THAT(again.err, HasSubstr("already has POS data"));
  EXPECT_EQ(orders_in("downtown"), before);

  auto unknown = host({"pos", "orders", "--store", "atlantis"});
  EXPECT_EQ(unknown.exit_code, 7);
  EXPECT_THAT(unknown.err, HasSubstr("stores: downtown"));
  EXPECT_EQ(host({"pos", "simulate", "--orders", "0"}).exit_code, 3);
  EXPECT_EQ(host({"--restaurant", "../etc", "pos", "stores"}).exit_code, 3);
}

}  // namespace
}  // namespace eatos::testing
