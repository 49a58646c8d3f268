// The pacer keeps one token under 10 requests a second and honours 7shifts' blocks.
#include "api/request_pacer.hpp"

#include <gtest/gtest.h>

namespace eatos::sevenshifts {
namespace {

using namespace std::chrono_literals;

class FakeClock final : public sdk::Clock {
 public:
  [[nodiscard]] std::chrono::system_clock::time_point now() const noexcept override { return {}; }
  [[nodiscard]] std::chrono::steady_clock::time_point monotonic() const noexcept override { return at; }
  std::chrono::steady_clock::time_point at{std::chrono::hours(1)};
};

TEST(RequestPacer, ABurstGoesAtOnceThenRequestsAreSpacedBelowTenPerSecond) {
  FakeClock clock;
  RequestPacer pacer(clock, 8.0, 4.0);
  const sdk::Secret token(std::string("token-a"));
  for (int i = 0; i < 4; ++i) EXPECT_EQ(pacer.reserve(token), 0ms) << i;
  // The 5th..: each waits for its slot at 8/s, i.e. 125 ms apart.
  EXPECT_EQ(pacer.reserve(token), 126ms);
  EXPECT_EQ(pacer.reserve(token), 251ms);
  // Over any second, at most burst + rate requests go: below 7shifts' 10/s once the burst is spent.
  clock.at += 1s;
  int immediate = 0;
  for (int i = 0; i < 20; ++i) immediate += pacer.reserve(token) == 0ms ? 1 : 0;
  EXPECT_LE(immediate, 8);
}

TEST(RequestPacer, TokensArePacedSeparately) {
  FakeClock clock;
  RequestPacer pacer(clock, 8.0, 1.0);
  EXPECT_EQ(pacer.reserve(sdk::Secret(std::string("a"))), 0ms);
  EXPECT_EQ(pacer.reserve(sdk::Secret(std::string("b"))), 0ms);
  EXPECT_GT(pacer.reserve(sdk::Secret(std::string("a"))), 0ms);
}

TEST(RequestPacer, ABlockLastsItsDuration) {
  FakeClock clock;
  RequestPacer pacer(clock);
  const sdk::Secret token(std::string("token-a"));
  EXPECT_EQ(pacer.blocked_for(token), 0ms);
  pacer.block(token, 60s);
  EXPECT_EQ(pacer.blocked_for(token), 60000ms);
  clock.at += 59s;
  EXPECT_EQ(pacer.blocked_for(token), 1000ms);
  clock.at += 1s;
  EXPECT_EQ(pacer.blocked_for(token), 0ms);
}

}  // namespace
}  // namespace eatos::sevenshifts
