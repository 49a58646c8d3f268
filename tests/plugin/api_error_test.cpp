// Both 7shifts error shapes are read, and every failure becomes a Status an admin understands.
#include "api/api_error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace eatos::sevenshifts {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

HttpResponse response(long status, std::string body, std::map<std::string, std::string> headers = {}) {
  return {status, std::move(headers), std::move(body)};
}

TEST(ApiError, TheClassicShapeIsRead) {
  const auto body =
      parse_error_body(R"({"status":"error","message":"location_id is required","error":"missing_parameter"})");
  EXPECT_EQ(body.message, "location_id is required");
  EXPECT_EQ(body.code, "missing_parameter");
  EXPECT_EQ(parse_error_body(R"({"status":"error","message":"x","type":"bad"})").code, "bad");
}

TEST(ApiError, TheProblemJsonShapeIsRead) {
  const auto body = parse_error_body(
      R"({"type":"t","title":"Unauthorized","status":401,"detail":"token revoked","code":"invalid_token"})");
  EXPECT_EQ(body.message, "token revoked");
  EXPECT_EQ(body.code, "invalid_token");
  EXPECT_EQ(parse_error_body(R"({"title":"Unauthorized","status":401})").message, "Unauthorized");
}

TEST(ApiError, HtmlOrEmptyBodiesAreTolerated) {
  EXPECT_EQ(parse_error_body("<html><body>502 Bad Gateway</body></html>").message, "");
  EXPECT_EQ(parse_error_body("").message, "");
  const auto status = status_for_response(response(502, "<html>oops</html>"), "tok");
  EXPECT_EQ(status.code(), sdk::Code::unavailable);
  EXPECT_THAT(status.message(), HasSubstr("Could not reach 7shifts"));
  EXPECT_THAT(status.message(), HasSubstr("HTTP 502"));
}

TEST(ApiError, RejectedTokensExplainTheLikelyCauses) {
  for (long code : {401L, 403L}) {
    const auto status = status_for_response(response(code, R"({"status":"error","message":"Unauthorized"})"), "tok");
    EXPECT_EQ(status.code(), sdk::Code::invalid_auth);
    EXPECT_THAT(status.message(), HasSubstr("rejected the access token"));
    EXPECT_THAT(status.message(), HasSubstr("revoked"));
    EXPECT_THAT(status.message(), HasSubstr("technical contact"));
  }
}

TEST(ApiError, RateLimitingSaysWhenToRetry) {
  EXPECT_THAT(status_for_response(response(429, ""), "tok").message(), HasSubstr("try again in a minute"));
  const auto with_header = status_for_response(response(429, "", {{"retry-after", "42"}}), "tok");
  EXPECT_EQ(with_header.code(), sdk::Code::rate_limited);
  EXPECT_THAT(with_header.message(), HasSubstr("try again in 42 seconds"));
}

TEST(ApiError, AServerThatEchoesTheTokenDoesNotLeakIt) {
  const auto status =
      status_for_response(response(400, R"({"message":"bad token tok_secret_123 given"})"), "tok_secret_123");
  EXPECT_THAT(status.message(), Not(HasSubstr("tok_secret_123")));
  EXPECT_THAT(status.detail(), Not(HasSubstr("tok_secret_123")));
  EXPECT_THAT(status.message(), HasSubstr("[redacted]"));
}

TEST(ApiError, NetworkFailuresSayCouldNotReachWithTheReason) {
  const auto status = status_for_network_failure({NetworkFailure::timeout, "Operation timed out after 500 ms"});
  EXPECT_EQ(status.code(), sdk::Code::unavailable);
  EXPECT_THAT(status.message(), HasSubstr("Could not reach 7shifts: it did not answer in time"));
  EXPECT_THAT(status.message(), HasSubstr("timed out after 500 ms"));
}

}  // namespace
}  // namespace eatos::sevenshifts
