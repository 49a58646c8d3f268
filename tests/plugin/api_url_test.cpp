// SEVENSHIFTS_API_URL: https anywhere, plain http only to loopback, nothing else.
#include "api/api_url.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace eatos::sevenshifts {
namespace {

using ::testing::HasSubstr;

TEST(ApiUrl, HttpsIsAcceptedAndTheTrailingSlashDropped) {
  auto url = ApiUrl::parse("https://api.7shifts.com/");
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->base(), "https://api.7shifts.com");
  EXPECT_EQ(url->join("/v2/whoami"), "https://api.7shifts.com/v2/whoami");
}

TEST(ApiUrl, PlainHttpIsAcceptedOnlyForLoopback) {
  EXPECT_EQ(ApiUrl::parse("http://127.0.0.1:8123")->base(), "http://127.0.0.1:8123");
  EXPECT_EQ(ApiUrl::parse("http://localhost:9000/prefix")->base(), "http://localhost:9000/prefix");
  EXPECT_TRUE(ApiUrl::parse("http://[::1]:9000").ok());
  for (const char* remote : {"http://api.7shifts.com", "http://10.0.0.5:80", "http://127.evil.example"}) {
    auto url = ApiUrl::parse(remote);
    ASSERT_FALSE(url.ok()) << remote;
    EXPECT_EQ(url.status().code(), sdk::Code::invalid_argument);
    EXPECT_THAT(url.status().message(), HasSubstr("SEVENSHIFTS_API_URL"));
  }
}

TEST(ApiUrl, OtherSchemesUserinfoQueriesAndGarbageAreRefused) {
  for (const char* bad :
       {"ftp://api.7shifts.com", "https://user:pw@api.7shifts.com", "https://api.7shifts.com/?x=1", "not a url", ""}) {
    EXPECT_FALSE(ApiUrl::parse(bad).ok()) << bad;
  }
}

TEST(ApiUrl, TheDefaultIsThe7shiftsApi) {
  ::unsetenv("SEVENSHIFTS_API_URL");
  EXPECT_EQ(ApiUrl::from_environment()->base(), "https://api.7shifts.com");
}

}  // namespace
}  // namespace eatos::sevenshifts
