// The fake 7shifts API behaves as 7SHIFTS_API.md says the real one does, so tests against it mean something.
#include "fake_sevenshifts.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <boost/json.hpp>

namespace eatos::testing {
namespace {

using ::testing::HasSubstr;

class FakeSevenShiftsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fake_.load_demo_data();
    fake_.start();
  }
  httplib::Result get(const std::string& path, const std::string& token) {
    httplib::Client client("127.0.0.1", port());
    return client.Get(path, {{"Authorization", "Bearer " + token}});
  }
  httplib::Result send(const std::string& method, const std::string& path, const std::string& body,
                       const std::string& content_type = "application/json") {
    httplib::Client client("127.0.0.1", port());
    const httplib::Headers headers{{"Authorization", "Bearer " + FakeSevenShifts::demo_tokens().acme}};
    return method == "POST" ? client.Post(path, headers, body, content_type)
                            : client.Put(path, headers, body, content_type);
  }
  int port() const { return std::stoi(fake_.url().substr(fake_.url().rfind(':') + 1)); }

  FakeSevenShifts fake_;
  const std::string acme_ = FakeSevenShifts::demo_tokens().acme;
};

TEST_F(FakeSevenShiftsTest, MoreThanTenRequestsASecondAreRefusedAndTheTokenIsBlocked) {
  fake_.set_rate_limit(10, std::chrono::milliseconds(60000), true);
  int refused = 0;
  for (int i = 0; i < 11; ++i) refused += get("/v2/whoami", acme_)->status == 429 ? 1 : 0;
  EXPECT_EQ(refused, 1);
  auto blocked = get("/v2/companies", acme_);
  EXPECT_EQ(blocked->status, 429);
  EXPECT_FALSE(blocked->get_header_value("Retry-After").empty());
  EXPECT_EQ(get("/v2/whoami", FakeSevenShifts::demo_tokens().bistro)->status, 200);  // per token
}

TEST_F(FakeSevenShiftsTest, ListsArePagedWithNullCursorsAtTheEnds) {
  for (const std::string resource : {"locations", "departments", "roles", "users"}) {
    auto first = get("/v2/company/1234/" + resource + "?limit=3", acme_);
    ASSERT_EQ(first->status, 200) << resource;
    const auto page = boost::json::parse(first->body).as_object();
    EXPECT_EQ(page.at("data").as_array().size(), 3U);
    EXPECT_TRUE(page.at("meta").at("cursor").at("current").is_null());
    const std::string next(page.at("meta").at("cursor").at("next").as_string());
    auto last = get(std::string("/v2/company/1234/").append(resource).append("?limit=3&cursor=").append(next), acme_);
    const auto tail = boost::json::parse(last->body).as_object();
    EXPECT_EQ(tail.at("data").as_array().size(), 1U);
    EXPECT_TRUE(tail.at("meta").at("cursor").at("next").is_null());
  }
  EXPECT_FALSE(boost::json::parse(get("/v2/companies", acme_)->body).as_object().contains("meta"));
  EXPECT_EQ(get("/v2/company/1234/locations?limit=501", acme_)->status, 400);
}

TEST_F(FakeSevenShiftsTest, AnotherCompanysDataIsForbidden) {
  EXPECT_EQ(get("/v2/company/5678/locations", acme_)->status, 403);
}

TEST_F(FakeSevenShiftsTest, ReceiptsArePostedOnceThenChangedByPut) {
  const std::string receipt =
      R"({"receipt_id":"R1","location_id":101,"receipt_date":"2026-11-30T18:04:05Z","net_total":1250,"status":"closed"})";
  EXPECT_EQ(send("POST", "/v2/company/1234/receipts", receipt)->status, 201);
  auto duplicate = send("POST", "/v2/company/1234/receipts", receipt);
  EXPECT_EQ(duplicate->status, 409);
  EXPECT_EQ(send("PUT", "/v2/company/1234/receipts/ext:101:R1", R"({"net_total":0,"status":"voided"})")->status, 200);
  EXPECT_THAT(fake_.receipts().at("101:R1"), HasSubstr(R"("status":"voided")"));
  EXPECT_EQ(send("PUT", "/v2/company/1234/receipts/ext:101:NOPE", "{}")->status, 404);
}

TEST_F(FakeSevenShiftsTest, WritesWithoutJsonContentTypeOrWithBadFieldsAreRefused) {
  const std::string receipt =
      R"({"receipt_id":"R2","location_id":101,"receipt_date":"2026-11-30T18:04:05Z","net_total":100})";
  EXPECT_EQ(send("POST", "/v2/company/1234/receipts", receipt, "text/plain")->status, 400);
  EXPECT_EQ(send("POST", "/v2/company/1234/receipts", R"({"receipt_id":"R3"})")->status, 400);
  EXPECT_EQ(send("POST", "/v2/company/1234/receipts",
                 R"({"receipt_id":"R4","location_id":101,"receipt_date":"x","net_total":-5})")
                ->status,
            400);
}

TEST_F(FakeSevenShiftsTest, ErrorsComeInEitherShape) {
  auto problem = get("/v2/whoami", "nope");
  EXPECT_EQ(problem->status, 401);
  EXPECT_EQ(problem->get_header_value("Content-Type"), "application/problem+json");
  EXPECT_THAT(problem->body, HasSubstr(R"("detail":)"));
  fake_.set_error_shape(ErrorShape::classic);
  auto classic = get("/v2/whoami", "nope");
  EXPECT_THAT(classic->body, HasSubstr(R"("status":"error")"));
  EXPECT_THAT(classic->body, HasSubstr(R"("message":)"));
}

}  // namespace
}  // namespace eatos::testing
