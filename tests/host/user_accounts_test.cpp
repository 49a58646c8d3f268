// Back-office users: passwords kept only as Argon2id hashes; sign-in refusals that do not tell names apart.
#include "storage/user_accounts.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "files.hpp"
#include "storage/store.hpp"
#include "temp_dir.hpp"

namespace eatos::host {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr const char* password = "correct-horse-battery";

sdk::Secret secret(const std::string& text) { return sdk::Secret(std::string(text)); }

class UserAccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    prepare_data_dir(dir_.path());
    store_.emplace(dir_.path(), redactor_);
    users_.emplace(*store_);
  }
  testing::TempDir dir_;
  Redactor redactor_;
  std::optional<Store> store_;
  std::optional<UserAccounts> users_;
};

TEST_F(UserAccountsTest, AUserAddedCanSignInWithTheirPasswordOnly) {
  ASSERT_TRUE(users_->add("alice", sdk::Role::admin, secret(password)).ok());
  auto signed_in = users_->verify("alice", secret(password));
  ASSERT_TRUE(signed_in.ok());
  EXPECT_EQ(signed_in->role, sdk::Role::admin);
  auto wrong = users_->verify("alice", secret("correct-horse-battery!"));
  EXPECT_EQ(wrong.status().code(), sdk::Code::invalid_auth);
}

TEST_F(UserAccountsTest, AnUnknownNameGetsTheSameAnswerAsAWrongPassword) {
  ASSERT_TRUE(users_->add("alice", sdk::Role::admin, secret(password)).ok());
  const auto unknown = users_->verify("mallory", secret(password)).status();
  const auto wrong = users_->verify("alice", secret("not-the-password")).status();
  EXPECT_EQ(unknown.code(), wrong.code());
  EXPECT_EQ(unknown.message(), wrong.message());
  EXPECT_EQ(unknown.message(), "Wrong user name or password.");
}

TEST_F(UserAccountsTest, OnlyAnArgon2idHashIsStored) {
  ASSERT_TRUE(users_->add("alice", sdk::Role::admin, secret(password)).ok());
  store_.reset();  // checkpoint the WAL into the database file
  EXPECT_THAT(testing::files_containing(dir_.path(), password), IsEmpty());
  EXPECT_THAT(testing::files_containing(dir_.path(), "$argon2id$"), ::testing::Not(IsEmpty()));
}

TEST_F(UserAccountsTest, BadNamesAndPasswordsAreRefusedAndNothingIsStored) {
  EXPECT_EQ(users_->add("Alice", sdk::Role::admin, secret(password)).code(), sdk::Code::invalid_argument);
  EXPECT_EQ(users_->add("-x", sdk::Role::admin, secret(password)).code(), sdk::Code::invalid_argument);
  EXPECT_EQ(users_->add(std::string(65, 'a'), sdk::Role::admin, secret(password)).code(), sdk::Code::invalid_argument);
  const auto short_password = users_->add("bob", sdk::Role::staff, secret("1234567"));
  EXPECT_EQ(short_password.code(), sdk::Code::invalid_argument);
  EXPECT_THAT(short_password.message(), HasSubstr("at least 8 characters"));
  EXPECT_EQ(users_->add("bob", sdk::Role::staff, secret(std::string(1025, 'p'))).code(), sdk::Code::invalid_argument);
  EXPECT_EQ(users_->add("bob", sdk::Role::staff, secret("pass\tword")).code(), sdk::Code::invalid_argument);
  EXPECT_THAT(users_->list().value(), IsEmpty());
}

TEST_F(UserAccountsTest, NamesAreUniqueAndRemovingIsFinal) {
  ASSERT_TRUE(users_->add("alice", sdk::Role::admin, secret(password)).ok());
  EXPECT_EQ(users_->add("alice", sdk::Role::staff, secret(password)).code(), sdk::Code::conflict);
  ASSERT_EQ(users_->list()->size(), 1U);
  EXPECT_EQ(users_->list()->at(0).role, sdk::Role::admin);
  ASSERT_TRUE(users_->remove("alice").ok());
  EXPECT_EQ(users_->remove("alice").code(), sdk::Code::not_found);
  EXPECT_EQ(users_->verify("alice", secret(password)).status().code(), sdk::Code::invalid_auth);
}

}  // namespace
}  // namespace eatos::host
