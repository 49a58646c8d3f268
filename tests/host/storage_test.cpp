// The host's storage: atomic batches, restaurants kept apart, secrets encrypted at rest, owner-only files, and a
// wrong key that gives a clear error instead of garbage.
#include "storage/store.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "files.hpp"
#include "temp_dir.hpp"

namespace eatos::host {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr const char* token = "tok_live_5f2c9a7e1b3d4e6f8a0b";

unsigned mode_of(const std::filesystem::path& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777U;
}

/// Runs SQL on the database behind the Store's back (to poison it or tamper with it, as a crash or an attacker).
void raw_sql(const std::filesystem::path& data_dir, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((data_dir / Store::database_file_name).c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error != nullptr ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

class StorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("EATOS_SECRET_KEY");
    data_dir_ = dir_.path() / "data";
    prepare_data_dir(data_dir_);
    store_.emplace(data_dir_, redactor_);
  }
  void TearDown() override { ::unsetenv("EATOS_SECRET_KEY"); }

  std::unique_ptr<sdk::InstallationStorage> open(const std::string& plugin, const std::string& restaurant) {
    auto storage = store_->installation(plugin, restaurant);
    EXPECT_TRUE(storage.ok()) << storage.status().message();
    return std::move(*storage);
  }
  void reopen() {
    store_.reset();
    store_.emplace(data_dir_, redactor_);
  }

  testing::TempDir dir_;
  std::filesystem::path data_dir_;
  Redactor redactor_;
  std::optional<Store> store_;
};

TEST_F(StorageTest, ValuesRoundTripAndListByPrefixInKeyOrder) {
  auto storage = open("7shifts", "a");
  ASSERT_TRUE(storage->apply(sdk::WriteBatch().put("loc/2", "two").put("loc/1", "one").put("other", "x")).ok());
  EXPECT_EQ(storage->get("loc/1")->value(), "one");
  EXPECT_FALSE(storage->get("missing")->has_value());
  auto listed = storage->list("loc/");
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2U);
  EXPECT_EQ((*listed)[0].key, "loc/1");
  EXPECT_EQ((*listed)[1].value, "two");
  ASSERT_TRUE(storage->apply(sdk::WriteBatch().erase_prefix("loc/")).ok());
  EXPECT_THAT(storage->list("loc/").value(), IsEmpty());
  EXPECT_EQ(storage->get("other")->value(), "x");
}

TEST_F(StorageTest, LongListsArePagedInKeyOrderAndCounted) {
  auto storage = open("7shifts", "a");
  sdk::WriteBatch batch;
  for (int i = 0; i < 25; ++i) batch.put("out/" + std::to_string(1000 + i), std::to_string(i));
  batch.put("outer", "not in the prefix").put("ou", "neither");
  ASSERT_TRUE(storage->apply(batch).ok());
  EXPECT_EQ(storage->count("out/").value(), 25U);
  EXPECT_EQ(storage->count("").value(), 27U);

  std::vector<std::string> seen;
  std::string after;
  for (;;) {
    auto page = storage->list_after("out/", after, 10);
    ASSERT_TRUE(page.ok());
    if (page->empty()) break;
    EXPECT_LE(page->size(), 10U);
    for (const auto& entry : *page) seen.push_back(entry.key);
    after = page->back().key;
  }
  ASSERT_EQ(seen.size(), 25U);
  EXPECT_EQ(seen.front(), "out/1000");
  EXPECT_EQ(seen.back(), "out/1024");
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(open("7shifts", "b")->count("out/").value(), 0U) << "another restaurant sees none of it";

  ASSERT_TRUE(storage->apply(sdk::WriteBatch().erase_range("out/1000", "out/1009")).ok());
  EXPECT_EQ(storage->count("out/").value(), 15U);
  EXPECT_EQ(storage->list_after("out/", "", 1).value().front().key, "out/1010");
  EXPECT_EQ(storage->get("outer")->value(), "not in the prefix");
  const auto refused =
      storage->apply(sdk::WriteBatch().erase("out/1010").erase_range("out/1011", std::string(300, 'x')));
  EXPECT_EQ(refused.code(), sdk::Code::invalid_argument);
  EXPECT_EQ(storage->count("out/").value(), 15U) << "a batch with a bad range changes nothing";
}

TEST_F(StorageTest, InstallationsAreThoseWithDataOrSecretsOfThatPlugin) {
  ASSERT_TRUE(open("7shifts", "r2")->put("k", "v").ok());
  ASSERT_TRUE(open("7shifts", "r1")->put_secret("s", sdk::Secret(std::string("x"))).ok());
  ASSERT_TRUE(open("other", "r3")->put("k", "v").ok());
  EXPECT_EQ(store_->installations_of("7shifts").value(), (std::vector<std::string>{"r1", "r2"}));
  ASSERT_TRUE(open("7shifts", "r2")->apply(sdk::WriteBatch().erase_everything()).ok());
  EXPECT_EQ(store_->installations_of("7shifts").value(), (std::vector<std::string>{"r1"}));
}

TEST_F(StorageTest, ValuesSurviveReopening) {
  ASSERT_TRUE(open("7shifts", "a")->put("company", "Acme").ok());
  reopen();
  EXPECT_EQ(open("7shifts", "a")->get("company")->value(), "Acme");
}

TEST_F(StorageTest, AFailedMultiKeyWriteLeavesTheOldValues) {
  auto storage = open("7shifts", "a");
  ASSERT_TRUE(storage->apply(sdk::WriteBatch().put("company", "old").put("state", "connected")).ok());
  // The database refuses the third write mid-transaction, as a full disk or a crash would.
  raw_sql(data_dir_,
          "CREATE TRIGGER poison BEFORE INSERT ON kv WHEN NEW.key = 'poison' "
          "BEGIN SELECT RAISE(ABORT, 'poisoned'); END;");
  const auto status = storage->apply(sdk::WriteBatch()
                                         .put("company", "new")
                                         .erase("state")
                                         .put_secret("token", sdk::Secret(std::string(token)))
                                         .put("poison", "x"));
  EXPECT_EQ(status.code(), sdk::Code::internal);
  EXPECT_EQ(storage->get("company")->value(), "old");
  EXPECT_EQ(storage->get("state")->value(), "connected");
  EXPECT_FALSE(storage->secret("token")->has_value());
}

TEST_F(StorageTest, AnInvalidBatchIsRefusedWholeBeforeAnythingIsWritten) {
  auto storage = open("7shifts", "a");
  const auto status = storage->apply(sdk::WriteBatch().put("fine", "1").put(std::string("bad\nkey"), "2"));
  EXPECT_EQ(status.code(), sdk::Code::invalid_argument);
  EXPECT_FALSE(storage->get("fine")->has_value());
  EXPECT_EQ(storage->apply(sdk::WriteBatch().put("", "x")).code(), sdk::Code::invalid_argument);
  EXPECT_EQ(storage->apply(sdk::WriteBatch().put(std::string(257, 'k'), "x")).code(), sdk::Code::invalid_argument);
  EXPECT_EQ(storage->apply(sdk::WriteBatch().put("big", std::string((1U << 20U) + 1, 'x'))).code(),
            sdk::Code::invalid_argument);
}

TEST_F(StorageTest, RestaurantsCannotReadOrEraseEachOthersData) {
  auto a = open("7shifts", "restaurant-a");
  auto b = open("7shifts", "restaurant-b");
  ASSERT_TRUE(
      a->apply(sdk::WriteBatch().put("company", "A").put_secret("token", sdk::Secret(std::string(token)))).ok());

  EXPECT_FALSE(b->get("company")->has_value());
  EXPECT_THAT(b->list("").value(), IsEmpty());
  EXPECT_FALSE(b->secret("token")->has_value());
  ASSERT_TRUE(b->apply(sdk::WriteBatch().erase("company").erase_secret("token").erase_everything()).ok());

  EXPECT_EQ(a->get("company")->value(), "A");
  auto secret = a->secret("token");
  ASSERT_TRUE(secret.ok() && secret->has_value());
  EXPECT_EQ((*secret)->expose(), token);
}

TEST_F(StorageTest, PluginsCannotReadEachOthersData) {
  ASSERT_TRUE(open("7shifts", "a")->put("company", "A").ok());
  EXPECT_FALSE(open("other", "a")->get("company")->has_value());
}

TEST_F(StorageTest, InstallationIdsThatCouldEscapeTheirScopeAreRefused) {
  const std::vector<std::string> ids{
      "", "../b", "a/b", ".hidden", "-x", "a b", std::string(65, 'a'), std::string("a\0b", 3)};
  for (const auto& id : ids) {
    auto storage = store_->installation("7shifts", id);
    ASSERT_FALSE(storage.ok()) << id;
    EXPECT_EQ(storage.status().code(), sdk::Code::invalid_argument);
  }
  EXPECT_TRUE(store_->installation("7shifts", "Bistro_42.east-side").ok());
}

TEST_F(StorageTest, EraseEverythingRemovesValuesAndSecretsOfThatInstallationOnly) {
  auto a = open("7shifts", "a");
  auto b = open("7shifts", "b");
  ASSERT_TRUE(a->apply(sdk::WriteBatch().put("k", "v").put_secret("token", sdk::Secret(std::string(token)))).ok());
  ASSERT_TRUE(b->put("k", "v").ok());
  ASSERT_TRUE(a->apply(sdk::WriteBatch().erase_everything()).ok());
  EXPECT_THAT(a->list("").value(), IsEmpty());
  EXPECT_FALSE(a->secret("token")->has_value());
  EXPECT_EQ(b->get("k")->value(), "v");
}

TEST_F(StorageTest, TheSecretNeverAppearsInPlaintextInTheDataDir) {
  ASSERT_TRUE(open("7shifts", "a")->put_secret("token", sdk::Secret(std::string(token))).ok());
  EXPECT_THAT(testing::files_containing(data_dir_, token), IsEmpty());  // db, -wal, -shm, key
  reopen();                                                             // checkpoints the WAL into the main file
  EXPECT_THAT(testing::files_containing(data_dir_, token), IsEmpty());
  auto secret = open("7shifts", "a")->secret("token");
  ASSERT_TRUE(secret.ok() && secret->has_value());
  EXPECT_EQ((*secret)->expose(), token);
}

TEST_F(StorageTest, DataDirAndEveryFileInItAreForTheOwnerOnly) {
  ASSERT_TRUE(open("7shifts", "a")->put_secret("token", sdk::Secret(std::string(token))).ok());
  EXPECT_EQ(mode_of(data_dir_), 0700U);
  for (const auto& file : testing::all_files(data_dir_)) EXPECT_EQ(mode_of(file), 0600U) << file;
  EXPECT_TRUE(std::filesystem::exists(data_dir_ / SecretKey::file_name));
}

TEST_F(StorageTest, AnExistingDataDirOpenToOthersIsTightened) {
  const auto loose = dir_.path() / "loose";
  std::filesystem::create_directory(loose);
  ::chmod(loose.c_str(), 0755);
  prepare_data_dir(loose);
  EXPECT_EQ(mode_of(loose), 0700U);
}

TEST_F(StorageTest, AWrongKeyGivesAClearErrorNotGarbage) {
  ASSERT_TRUE(open("7shifts", "a")->put_secret("token", sdk::Secret(std::string(token))).ok());
  ::setenv("EATOS_SECRET_KEY", std::string(64, 'a').c_str(), 1);
  reopen();
  auto secret = open("7shifts", "a")->secret("token");
  ASSERT_FALSE(secret.ok());
  EXPECT_EQ(secret.status().code(), sdk::Code::internal);
  EXPECT_THAT(secret.status().message(), HasSubstr("does not match the key this data dir's secrets were encrypted"));
  // Writing a secret with the wrong key is refused too, so the data dir never mixes keys.
  EXPECT_EQ(open("7shifts", "b")->put_secret("token", sdk::Secret(std::string("x"))).code(), sdk::Code::internal);
}

TEST_F(StorageTest, ALostKeyFileIsReportedAndNotSilentlyReplaced) {
  ASSERT_TRUE(open("7shifts", "a")->put_secret("token", sdk::Secret(std::string(token))).ok());
  store_.reset();
  std::filesystem::remove(data_dir_ / SecretKey::file_name);
  store_.emplace(data_dir_, redactor_);
  auto secret = open("7shifts", "a")->secret("token");
  ASSERT_FALSE(secret.ok());
  EXPECT_THAT(secret.status().message(), HasSubstr("is missing"));
  EXPECT_FALSE(std::filesystem::exists(data_dir_ / SecretKey::file_name));
}

TEST_F(StorageTest, AKeyFileReadableByOthersIsRefused) {
  ASSERT_TRUE(open("7shifts", "a")->put_secret("token", sdk::Secret(std::string(token))).ok());
  ::chmod((data_dir_ / SecretKey::file_name).c_str(), 0644);
  reopen();
  auto secret = open("7shifts", "a")->secret("token");
  ASSERT_FALSE(secret.ok());
  EXPECT_THAT(secret.status().message(), HasSubstr("has mode 0644"));
  EXPECT_THAT(secret.status().message(), HasSubstr("chmod 600"));
}

TEST_F(StorageTest, AMalformedKeyInTheEnvironmentIsNamedButNotEchoed) {
  ::setenv("EATOS_SECRET_KEY", "not-hex-SENSITIVE", 1);
  auto status = open("7shifts", "a")->put_secret("token", sdk::Secret(std::string(token)));
  EXPECT_EQ(status.code(), sdk::Code::internal);
  EXPECT_THAT(status.message(), HasSubstr("EATOS_SECRET_KEY must be 64 hexadecimal digits"));
  EXPECT_THAT(status.message(), Not(HasSubstr("SENSITIVE")));
}

TEST_F(StorageTest, AKeyFromTheEnvironmentIsUsedAndNoKeyFileIsWritten) {
  ::setenv("EATOS_SECRET_KEY", std::string(64, 'b').c_str(), 1);
  ASSERT_TRUE(open("7shifts", "a")->put_secret("token", sdk::Secret(std::string(token))).ok());
  EXPECT_FALSE(std::filesystem::exists(data_dir_ / SecretKey::file_name));
  reopen();
  EXPECT_EQ(open("7shifts", "a")->secret("token").value()->expose(), token);
}

TEST_F(StorageTest, ACiphertextMovedToAnotherRestaurantDoesNotDecrypt) {
  ASSERT_TRUE(open("7shifts", "a")->put_secret("token", sdk::Secret(std::string(token))).ok());
  store_.reset();
  raw_sql(data_dir_,
          "INSERT INTO secrets (plugin, installation, name, nonce, ciphertext) "
          "SELECT plugin, 'b', name, nonce, ciphertext FROM secrets WHERE installation = 'a'");
  store_.emplace(data_dir_, redactor_);
  auto stolen = open("7shifts", "b")->secret("token");
  ASSERT_FALSE(stolen.ok());
  EXPECT_THAT(stolen.status().message(), HasSubstr("could not be decrypted"));
}

TEST_F(StorageTest, SecretsTheHostHandlesAreRememberedForLogMasking) {
  ASSERT_TRUE(open("7shifts", "a")->put_secret("token", sdk::Secret(std::string(token))).ok());
  EXPECT_EQ(redactor_.scrub(std::string("sent ") + token), "sent [redacted]");
}

}  // namespace
}  // namespace eatos::host
