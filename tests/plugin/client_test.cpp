// The 7shifts client against a scripted transport: headers, pagination, retries, 429s, malformed answers.
#include "api/sevenshifts_client.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>

#include "services/system_clock.hpp"

namespace eatos::sevenshifts {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Pair;

constexpr const char* token = "tok_client_test_0123456789";

/// Answers each request with the next scripted exchange and remembers what was asked.
class ScriptedTransport final : public HttpTransport {
 public:
  void then(long status, std::string body, std::map<std::string, std::string> headers = {}) {
    script_.emplace_back(HttpResponse{status, std::move(headers), std::move(body)});
  }
  void then_fail(NetworkFailure kind) { script_.emplace_back(TransportError{kind, "scripted failure"}); }
  Exchange send(const HttpRequest& request) override {
    sent.push_back(request);
    if (script_.empty()) return TransportError{NetworkFailure::other, "script exhausted"};
    Exchange next = script_.front();
    script_.pop_front();
    return next;
  }
  std::vector<HttpRequest> sent;

 private:
  std::deque<Exchange> script_;
};

class ClientTest : public ::testing::Test {
 protected:
  SevenShiftsClient client(ClientPolicy policy = ClientPolicy::for_person()) {
    return {transport_,
            *ApiUrl::parse("https://api.test"),
            sdk::Secret(std::string(token)),
            pacer_,
            policy,
            [this](std::chrono::milliseconds d) { slept_.push_back(d); }};
  }
  ScriptedTransport transport_;
  host::SystemClock clock_;
  RequestPacer pacer_{clock_};  // no test here sends more than 10 requests: no pacing delays
  std::vector<std::chrono::milliseconds> slept_;
};

TEST_F(ClientTest, EveryRequestCarriesTheTokenAndTheApiVersion) {
  transport_.then(200, R"({"data":{"identity_id":1,"users":[{"id":5,"company_id":1234}]},"object":"whoami"})");
  auto whoami = client().whoami();
  ASSERT_TRUE(whoami.ok()) << whoami.status().detail();
  EXPECT_EQ(whoami->users.at(0).company_id, 1234);
  const auto& sent = transport_.sent.at(0);
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.url, "https://api.test/v2/whoami");
  EXPECT_THAT(sent.headers, ::testing::Contains(Pair("Authorization", std::string("Bearer ") + token)));
  EXPECT_THAT(sent.headers, ::testing::Contains(Pair("x-api-version", "2026-01-01")));
}

TEST_F(ClientTest, PaginationFollowsNextUntilItIsNullAndToleratesANullCurrent) {
  transport_.then(200, R"({"data":[{"id":1,"name":"A","timezone":"America/Regina"}],
                          "meta":{"cursor":{"current":null,"prev":null,"next":"c/2 +","count":1}}})");
  transport_.then(200, R"({"data":[{"id":2,"name":"B","timezone":null,"deleted":true}],
                          "meta":{"cursor":{"current":"c/2 +","prev":null,"next":null,"count":1}}})");
  auto locations = client().locations(1234);
  ASSERT_TRUE(locations.ok()) << locations.status().detail();
  ASSERT_EQ(locations->size(), 2U);
  EXPECT_EQ((*locations)[1].timezone, "");
  EXPECT_TRUE((*locations)[1].deleted);
  EXPECT_EQ(transport_.sent.at(0).url, "https://api.test/v2/company/1234/locations?limit=100");
  EXPECT_EQ(transport_.sent.at(1).url, "https://api.test/v2/company/1234/locations?limit=100&cursor=c%2F2%20%2B");
}

TEST_F(ClientTest, AResponseWithoutMetaIsOnePage) {
  transport_.then(200, R"({"data":[{"id":1234,"name":"Acme","uuid":"u"}],"object":"companies"})");
  auto companies = client().companies();
  ASSERT_TRUE(companies.ok());
  EXPECT_EQ(companies->at(0).name, "Acme");
  EXPECT_EQ(transport_.sent.size(), 1U);
}

TEST_F(ClientTest, ARepeatingCursorIsAnErrorNotALoop) {
  const char* page = R"({"data":[],"meta":{"cursor":{"next":"same"}}})";
  transport_.then(200, page);
  transport_.then(200, page);
  auto locations = client().locations(1);
  ASSERT_FALSE(locations.ok());
  EXPECT_THAT(locations.status().detail(), HasSubstr("repeats"));
}

TEST_F(ClientTest, AServerErrorThenSuccessIsRetriedWithBackoff) {
  transport_.then(503, "<html>busy</html>");
  transport_.then(200, R"({"data":{"users":[{"id":5,"company_id":7}]}})");
  auto whoami = client().whoami();
  ASSERT_TRUE(whoami.ok()) << whoami.status().message();
  EXPECT_EQ(transport_.sent.size(), 2U);
  ASSERT_EQ(slept_.size(), 1U);
  EXPECT_GE(slept_[0], 125ms);
  EXPECT_LE(slept_[0], 250ms);
}

TEST_F(ClientTest, RetriesAreBounded) {
  for (int i = 0; i < 10; ++i) transport_.then_fail(NetworkFailure::dropped);
  auto result = client(ClientPolicy::for_background()).whoami();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), sdk::Code::unavailable);
  EXPECT_EQ(transport_.sent.size(), 5U);
}

TEST_F(ClientTest, ARejectedTokenIsNotRetried) {
  transport_.then(401, R"({"type":"t","title":"Unauthorized","status":401,"detail":"revoked","code":"invalid_token"})");
  auto result = client().whoami();
  EXPECT_EQ(result.status().code(), sdk::Code::invalid_auth);
  EXPECT_EQ(transport_.sent.size(), 1U);
}

TEST_F(ClientTest, A429FailsFastForAPersonAndBlocksTheTokenForFollowingCalls) {
  transport_.then(429, R"({"status":"error","message":"Too many requests"})");
  auto c = client();
  auto first = c.whoami();
  EXPECT_EQ(first.status().code(), sdk::Code::rate_limited);
  EXPECT_THAT(first.status().message(), HasSubstr("try again in a minute"));
  auto second = c.whoami();  // blocked locally: nothing is sent during 7shifts' one-minute block
  EXPECT_EQ(second.status().code(), sdk::Code::rate_limited);
  EXPECT_EQ(transport_.sent.size(), 1U);
  EXPECT_TRUE(slept_.empty());
}

TEST_F(ClientTest, InTheBackgroundA429WaitsForRetryAfterAndTriesAgain) {
  transport_.then(429, "", {{"retry-after", "2"}});
  transport_.then(200, R"({"data":{"users":[{"id":5,"company_id":7}]}})");
  auto result = client(ClientPolicy::for_background()).whoami();
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_FALSE(slept_.empty());
  EXPECT_GT(slept_[0], 1900ms);
  EXPECT_LE(slept_[0], 2000ms);
}

TEST_F(ClientTest, MalformedJsonIsAnErrorWithAMessage) {
  transport_.then(200, "{not json");
  EXPECT_EQ(client().whoami().status().code(), sdk::Code::unavailable);
  transport_.then(200, R"({"data":{"users":"nope"}})");
  auto wrong_type = client().whoami();
  EXPECT_EQ(wrong_type.status().code(), sdk::Code::unavailable);
  EXPECT_THAT(wrong_type.status().message(), HasSubstr("does not understand"));
  transport_.then(200, R"([1,2])");
  EXPECT_FALSE(client().companies().ok());
  transport_.then(200, R"({"data":[{"name":"no id"}]})");
  EXPECT_FALSE(client().companies().ok());
}

TEST(UrlEncode, LeavesUnreservedCharactersAndEncodesTheRest) {
  EXPECT_EQ(url_encode("aZ09-._~"), "aZ09-._~");
  EXPECT_EQ(url_encode("a b/c=d&e"), "a%20b%2Fc%3Dd%26e");
}

}  // namespace
}  // namespace eatos::sevenshifts
