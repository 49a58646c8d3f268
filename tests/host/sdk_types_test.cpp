// The SDK's value types behave as the contract says.
#include <gtest/gtest.h>

#include <eatos/sdk/sdk.hpp>
#include <type_traits>

namespace eatos::sdk {
namespace {

TEST(Status, DefaultIsOkAndAnErrorKeepsCodeMessageAndDetail) {
  EXPECT_TRUE(Status().ok());
  const Status error(Code::conflict, "for the user", "for the log");
  EXPECT_FALSE(error.ok());
  EXPECT_EQ(error.code(), Code::conflict);
  EXPECT_EQ(error.message(), "for the user");
  EXPECT_EQ(error.detail(), "for the log");
}

TEST(Status, AnErrorBuiltWithCodeOkBecomesInternal) { EXPECT_EQ(Status(Code::ok, "message").code(), Code::internal); }

TEST(Result, HoldsAValueOrAFailure) {
  Result<int> value = 7;
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, 7);
  EXPECT_TRUE(value.status().ok());

  Result<int> failure = Status(Code::not_found, "missing");
  ASSERT_FALSE(failure.ok());
  EXPECT_EQ(failure.status().code(), Code::not_found);
}

TEST(Result, BuiltFromAnOkStatusIsAnInternalError) {
  Result<int> odd = Status();
  ASSERT_FALSE(odd.ok());
  EXPECT_EQ(odd.status().code(), Code::internal);
}

TEST(Code, NamesAreStableSnakeCase) {
  EXPECT_EQ(to_string(Code::invalid_auth), "invalid_auth");
  EXPECT_EQ(to_string(Code::rate_limited), "rate_limited");
  EXPECT_EQ(to_string(InstallationState::needs_reauth), "needs_reauth");
  EXPECT_EQ(parse_role("manager"), Role::manager);
  EXPECT_EQ(parse_role("chef"), std::nullopt);
}

TEST(Secret, IsMoveOnlyAndMovingEmptiesTheSource) {
  static_assert(!std::is_copy_constructible_v<Secret>);
  static_assert(!std::is_copy_assignable_v<Secret>);
  Secret original(std::string("s3cr3t-value-long-enough-to-allocate"));
  Secret moved(std::move(original));
  EXPECT_EQ(moved.expose(), "s3cr3t-value-long-enough-to-allocate");
  EXPECT_TRUE(original.empty());  // NOLINT(bugprone-use-after-move): checking the moved-from state is the point
  const Secret copy = moved.clone();
  EXPECT_EQ(copy.expose(), moved.expose());
}

TEST(WriteBatch, KeepsOperationsInOrder) {
  WriteBatch batch;
  batch.put("a", "1").erase("b").put_secret("token", Secret(std::string("x"))).erase_everything();
  ASSERT_EQ(batch.operations().size(), 4U);
  EXPECT_EQ(batch.operations()[0].kind, WriteBatch::Kind::put);
  EXPECT_EQ(batch.operations()[1].kind, WriteBatch::Kind::erase);
  EXPECT_EQ(batch.operations()[2].kind, WriteBatch::Kind::put_secret);
  EXPECT_EQ(batch.operations()[3].kind, WriteBatch::Kind::erase_everything);
}

TEST(Descriptor, FindsFormsAndActionsById) {
  Descriptor descriptor;
  descriptor.forms = {{"connect", "Connect", {}, "Connect"}};
  descriptor.actions = {{"install", "Install App", "", "connect", {InstallationState::not_installed}, false}};
  ASSERT_NE(descriptor.find_form("connect"), nullptr);
  EXPECT_EQ(descriptor.find_form("nope"), nullptr);
  ASSERT_NE(descriptor.find_action("install"), nullptr);
  EXPECT_EQ(descriptor.find_action("install")->form, "connect");
}

}  // namespace
}  // namespace eatos::sdk
