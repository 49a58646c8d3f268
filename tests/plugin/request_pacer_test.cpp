// The pacer keeps one token under 10 requests in any second, counted until each request is answered, and honours
// 7shifts' blocks.
#include "api/request_pacer.hpp"

#include <gtest/gtest.h>

#include <deque>

namespace eatos::sevenshifts {
namespace {

using namespace std::chrono_literals;

class FakeClock final : public sdk::Clock {
 public:
  [[nodiscard]] std::chrono::system_clock::time_point now() const noexcept override { return {}; }
  [[nodiscard]] std::chrono::steady_clock::time_point monotonic() const noexcept override { return at; }
  std::chrono::steady_clock::time_point at{std::chrono::hours(1)};
};

TEST(RequestPacer, TenGoAtOnceThenTheEleventhWaitsForTheFirstToLeaveTheWindow) {
  FakeClock clock;
  RequestPacer pacer(clock);
  const sdk::Secret token(std::string("token-a"));
  for (int i = 0; i < 10; ++i) {
    const auto slot = pacer.reserve(token);
    EXPECT_EQ(slot.wait, 0ms) << i;
    pacer.finished(token, slot);
  }
  EXPECT_EQ(pacer.reserve(token).wait, RequestPacer::window);
}

TEST(RequestPacer, ARequestCountsUntilItIsAnswered) {
  // A slow answer keeps its place: 7shifts may have counted the request late.
  FakeClock clock;
  RequestPacer pacer(clock);
  const sdk::Secret token(std::string("token-a"));
  const auto slow = pacer.reserve(token);
  for (int i = 0; i < 9; ++i) pacer.finished(token, pacer.reserve(token));
  clock.at += 400ms;
  pacer.finished(token, slow);  // answered 400 ms after it was sent
  clock.at += RequestPacer::window - 400ms;
  // The nine quick ones have left the window; the slow one stays until 400 ms + window.
  for (int i = 0; i < 9; ++i) EXPECT_EQ(pacer.reserve(token).wait, 0ms) << i;
  EXPECT_EQ(pacer.reserve(token).wait, 400ms);
}

TEST(RequestPacer, NoWindowEverHoldsMoreThanTheLimitOverALongRun) {
  FakeClock clock;
  RequestPacer pacer(clock);
  const sdk::Secret token(std::string("token-a"));
  std::deque<std::chrono::steady_clock::time_point> sent;
  for (int i = 0; i < 500; ++i) {
    const auto slot = pacer.reserve(token);
    clock.at += slot.wait;
    sent.push_back(clock.at);
    clock.at += 3ms;  // the exchange
    pacer.finished(token, slot);
    while (sent.front() + 1s <= sent.back()) sent.pop_front();
    ASSERT_LE(sent.size(), 10U) << "request " << i;
  }
  const auto total = std::chrono::duration<double>(clock.at - std::chrono::steady_clock::time_point(1h)).count();
  EXPECT_GT(500 / total, 9.5) << "and it settles just under the limit";
}

TEST(RequestPacer, ALowerLimitIsHonoured) {
  FakeClock clock;
  RequestPacer pacer(clock);
  const sdk::Secret token(std::string("token-a"));
  for (int i = 0; i < 4; ++i) pacer.finished(token, pacer.reserve(token, 4));
  EXPECT_EQ(pacer.reserve(token, 4).wait, RequestPacer::window);
}

TEST(RequestPacer, TokensArePacedSeparately) {
  FakeClock clock;
  RequestPacer pacer(clock);
  for (int i = 0; i < 10; ++i)
    pacer.finished(sdk::Secret(std::string("a")), pacer.reserve(sdk::Secret(std::string("a"))));
  EXPECT_EQ(pacer.reserve(sdk::Secret(std::string("b"))).wait, 0ms);
  EXPECT_GT(pacer.reserve(sdk::Secret(std::string("a"))).wait, 0ms);
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
