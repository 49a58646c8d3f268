// What an admin pastes is cleaned up, or refused with a reason that never repeats the token.
#include "account/access_token.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace eatos::sevenshifts {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* token = "7sh_live_a1b2c3d4e5f6a7b8";

sdk::Result<sdk::Secret> normalize(const std::string& pasted) { return normalize_access_token(sdk::Secret(pasted)); }

void expect_clean(const std::string& pasted) {
  auto result = normalize(pasted);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ(result->expose(), token);
}

void expect_refused(const std::string& pasted, const std::string& reason) {
  auto result = normalize(pasted);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), sdk::Code::invalid_argument);
  EXPECT_THAT(result.status().message(), HasSubstr(reason));
  EXPECT_THAT(result.status().message(), Not(HasSubstr(token)));
  EXPECT_THAT(result.status().detail(), Not(HasSubstr(token)));
}

TEST(AccessToken, TrailingNewlineAndSurroundingSpacesAreTrimmed) {
  expect_clean(std::string(token) + "\n");
  expect_clean(std::string(token) + "\r\n");
  expect_clean(std::string("  \t") + token + "  ");
}

TEST(AccessToken, APastedBearerPrefixIsDropped) {
  expect_clean(std::string("Bearer ") + token);
  expect_clean(std::string("bearer  ") + token + "\n");
  expect_clean(std::string(" BEARER ") + token);
}

TEST(AccessToken, EmptyIsRefused) {
  expect_refused("", "is empty");
  expect_refused(" \n\t ", "is empty");
  expect_refused("Bearer ", "is empty");
}

TEST(AccessToken, OverFourKilobytesIsRefused) {
  expect_refused(std::string(std::size_t{5} * 1024, 'a'), "longer than 4096 characters");
  EXPECT_TRUE(normalize(std::string(4096, 'a')).ok());
}

TEST(AccessToken, AnEmbeddedControlCharacterIsRefusedWithItsPosition) {
  expect_refused(std::string("7sh_live\x01") + "abc", "contains a control character (character 9)");
  expect_refused(std::string(token) + "\nsecond line", "contains a control character");
  expect_refused(std::string("7sh") + '\x7f' + "live", "contains a control character");
}

TEST(AccessToken, NonAsciiIsRefused) { expect_refused("7sh_liv\xc3\xa9_token", "not plain ASCII (character 8)"); }

TEST(AccessToken, AnInnerSpaceIsRefused) { expect_refused("7sh_live abcdef", "contains a space (character 9)"); }

TEST(AccessToken, LastFourIsShownOnlyForTokensLongEnough) {
  EXPECT_EQ(token_last4(sdk::Secret(std::string(token))), "a7b8");
  EXPECT_EQ(token_last4(sdk::Secret(std::string("short-token"))), std::nullopt);
}

}  // namespace
}  // namespace eatos::sevenshifts
