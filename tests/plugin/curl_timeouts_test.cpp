// SEVENSHIFTS_TIMEOUT_MS: a whole number of milliseconds, or a clear error naming the variable.
#include "api/curl_timeouts.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace eatos::sevenshifts {
namespace {

using namespace std::chrono_literals;

TEST(CurlTimeouts, UnsetMeansTheDefaults) {
  auto timeouts = parse_timeouts("");
  ASSERT_TRUE(timeouts.ok());
  EXPECT_EQ(timeouts->total, 20000ms);
  EXPECT_EQ(timeouts->connect, 5000ms);
}

TEST(CurlTimeouts, ATotalShorterThanTheConnectTimeoutShortensBoth) {
  auto timeouts = parse_timeouts("300");
  ASSERT_TRUE(timeouts.ok());
  EXPECT_EQ(timeouts->total, 300ms);
  EXPECT_EQ(timeouts->connect, 300ms);
  EXPECT_EQ(parse_timeouts("60000")->connect, 5000ms);
}

TEST(CurlTimeouts, AnythingButAWholeNumberInRangeIsRefusedByName) {
  for (const char* bad : {"abc", "0", "-5", "1.5", "20s", "600001", " 300"}) {
    auto timeouts = parse_timeouts(bad);
    ASSERT_FALSE(timeouts.ok()) << bad;
    EXPECT_EQ(timeouts.status().code(), sdk::Code::invalid_argument);
    EXPECT_THAT(timeouts.status().message(), ::testing::HasSubstr("SEVENSHIFTS_TIMEOUT_MS"));
  }
}

}  // namespace
}  // namespace eatos::sevenshifts
