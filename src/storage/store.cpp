#include "storage/store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cerrno>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

namespace eatos::host {
namespace {

using sdk::Code;
using sdk::Status;

constexpr std::size_t max_key_length = 256;
constexpr std::size_t max_value_bytes = std::size_t{1} << 20U;
constexpr std::size_t max_secret_bytes = std::size_t{64} << 10U;

constexpr std::string_view schema = R"sql(
CREATE TABLE IF NOT EXISTS meta (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kv (
  plugin       TEXT NOT NULL,
  installation TEXT NOT NULL,
  key          TEXT NOT NULL,
  value        BLOB NOT NULL,
  PRIMARY KEY (plugin, installation, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS secrets (
  plugin       TEXT NOT NULL,
  installation TEXT NOT NULL,
  name         TEXT NOT NULL,
  nonce        BLOB NOT NULL,
  ciphertext   BLOB NOT NULL,
  PRIMARY KEY (plugin, installation, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS users (
  name          TEXT PRIMARY KEY,
  role          TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at    TEXT NOT NULL
) WITHOUT ROWID;
PRAGMA user_version = 1;
)sql";

bool is_valid_key(std::string_view key) noexcept {
  if (key.empty() || key.size() > max_key_length) return false;
  for (const char c : key) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

Status storage_failure(const std::exception& e) {
  return {Code::internal, "The host could not access its storage.", e.what()};
}

/// Binds a ciphertext to its row: moving it to another plugin, installation or name makes it fail to decrypt.
std::string associated_data(std::string_view plugin, std::string_view installation, std::string_view name) {
  std::string data = "eatos-secret-v1";
  for (const auto part : {plugin, installation, name}) {
    data.push_back('\0');
    data.append(part);
  }
  return data;
}

/// Checks every operation before anything is written, so a bad batch fails whole and with a clear message.
Status validate(const sdk::WriteBatch& batch) {
  using Kind = sdk::WriteBatch::Kind;
  for (const auto& op : batch.operations()) {
    switch (op.kind) {
      case Kind::erase_everything: break;
      case Kind::erase_range:
        if (!is_valid_key(op.name) || !is_valid_key(op.value)) {
          return {Code::invalid_argument,
                  "A storage key range is invalid: keys are 1 to 256 printable ASCII characters.",
                  "invalid range in batch"};
        }
        break;
      case Kind::erase_prefix:
        if (op.name.size() > max_key_length) {
          return {Code::invalid_argument, "A storage key prefix is too long.", "prefix over 256 characters"};
        }
        break;
      case Kind::put:
        if (op.value.size() > max_value_bytes) {
          return {Code::invalid_argument, "A stored value is too large (over 1 MiB).", "key " + op.name};
        }
        [[fallthrough]];
      case Kind::erase:
        if (!is_valid_key(op.name)) {
          return {Code::invalid_argument, "A storage key is invalid: keys are 1 to 256 printable ASCII characters.",
                  "invalid key in batch"};
        }
        break;
      case Kind::put_secret:
        if (op.secret.size() > max_secret_bytes) {
          return {Code::invalid_argument, "A secret is too large (over 64 KiB).", "secret " + op.name};
        }
        [[fallthrough]];
      case Kind::erase_secret:
        if (!is_valid_key(op.name)) {
          return {Code::invalid_argument, "A secret name is invalid: names are 1 to 256 printable ASCII characters.",
                  "invalid secret name in batch"};
        }
        break;
    }
  }
  return {};
}

bool has_secret_puts(const sdk::WriteBatch& batch) {
  for (const auto& op : batch.operations()) {
    if (op.kind == sdk::WriteBatch::Kind::put_secret) return true;
  }
  return false;
}

/// The upper bound of a prefix range: every key starting with `prefix` sorts in [prefix, upper).
/// Empty when there is no bound (the prefix is empty or all 0x7e).
std::string prefix_upper_bound(std::string prefix) {
  while (!prefix.empty()) {
    if (prefix.back() < 0x7e) {
      ++prefix.back();
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;
}

}  // namespace

bool is_valid_scope_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 64 || id.front() == '.' || id.front() == '-') return false;
  for (const char c : id) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

void prepare_data_dir(const std::filesystem::path& data_dir) {
  std::error_code error;
  std::filesystem::create_directories(data_dir, error);
  if (error) throw std::runtime_error("cannot create data dir " + data_dir.string() + ": " + error.message());
  struct stat info {};
  if (::stat(data_dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    throw std::runtime_error("data dir " + data_dir.string() + " is not a directory");
  }
  if ((info.st_mode & 07777U) != 0700U && ::chmod(data_dir.c_str(), 0700) != 0) {
    throw std::runtime_error("cannot restrict data dir " + data_dir.string() +
                             " to its owner: " + std::system_category().message(errno));
  }
}

class Store::Scoped final : public sdk::InstallationStorage {
 public:
  Scoped(Store& store, std::string plugin, std::string installation)
      : store_(store), plugin_(std::move(plugin)), installation_(std::move(installation)) {}

  [[nodiscard]] const std::string& installation_id() const noexcept override { return installation_; }

  sdk::Result<std::optional<std::string>> get(std::string_view key) override {
    if (!is_valid_key(key)) return Status(Code::invalid_argument, "A storage key is invalid.", "get");
    try {
      const std::lock_guard lock(store_.mutex_);
      auto query = store_.db_.cached("SELECT value FROM kv WHERE plugin = ?1 AND installation = ?2 AND key = ?3");
      query->bind(1, plugin_).bind(2, installation_).bind(3, key);
      if (!query->step()) return std::optional<std::string>();
      return std::optional<std::string>(query->column_blob(0));
    } catch (const std::exception& e) {
      return storage_failure(e);
    }
  }

  sdk::Result<std::vector<sdk::KeyValue>> list(std::string_view prefix) override {
    return list_after(prefix, {}, std::numeric_limits<std::size_t>::max());
  }

  sdk::Result<std::vector<sdk::KeyValue>> list_after(std::string_view prefix, std::string_view after,
                                                     std::size_t limit) override {
    try {
      const std::lock_guard lock(store_.mutex_);
      const std::string upper = prefix_upper_bound(std::string(prefix));
      auto query = store_.db_.cached(
          "SELECT key, value FROM kv WHERE plugin = ?1 AND installation = ?2 AND key >= ?3 AND key > ?5 "
          "AND (?4 = '' OR key < ?4) ORDER BY key LIMIT ?6");
      query->bind(1, plugin_).bind(2, installation_).bind(3, prefix).bind(4, upper).bind(5, after);
      query->bind_int(6, static_cast<std::int64_t>(std::min<std::size_t>(limit, INT64_MAX)));
      std::vector<sdk::KeyValue> rows;
      while (query->step()) rows.push_back({query->column_text(0), query->column_blob(1)});
      return rows;
    } catch (const std::exception& e) {
      return storage_failure(e);
    }
  }

  sdk::Result<std::vector<std::optional<std::string>>> get_many(const std::vector<std::string>& keys) override {
    for (const auto& key : keys) {
      if (!is_valid_key(key)) return Status(Code::invalid_argument, "A storage key is invalid.", "get_many");
    }
    try {
      boost::json::array wanted;
      wanted.reserve(keys.size());
      for (const auto& key : keys) wanted.emplace_back(key);
      std::unordered_map<std::string, std::string> found;
      {
        const std::lock_guard lock(store_.mutex_);
        auto query = store_.db_.cached(
            "SELECT key, value FROM kv WHERE plugin = ?1 AND installation = ?2 AND key IN "
            "(SELECT value FROM json_each(?3))");
        query->bind(1, plugin_).bind(2, installation_).bind(3, boost::json::serialize(wanted));
        while (query->step()) found.emplace(query->column_text(0), query->column_blob(1));
      }
      std::vector<std::optional<std::string>> values;
      values.reserve(keys.size());
      for (const auto& key : keys) {
        const auto it = found.find(key);
        values.push_back(it == found.end() ? std::nullopt : std::optional<std::string>(it->second));
      }
      return values;
    } catch (const std::exception& e) {
      return storage_failure(e);
    }
  }

  sdk::Result<std::uint64_t> count(std::string_view prefix) override {
    try {
      const std::lock_guard lock(store_.mutex_);
      auto query = store_.db_.cached(
          "SELECT count(*) FROM kv WHERE plugin = ?1 AND installation = ?2 AND key >= ?3 AND (?4 = '' OR key < ?4)");
      query->bind(1, plugin_).bind(2, installation_).bind(3, prefix).bind(4, prefix_upper_bound(std::string(prefix)));
      query->step();
      return static_cast<std::uint64_t>(query->column_int(0));
    } catch (const std::exception& e) {
      return storage_failure(e);
    }
  }

  sdk::Result<std::optional<sdk::Secret>> secret(std::string_view name) override {
    if (!is_valid_key(name)) return Status(Code::invalid_argument, "A secret name is invalid.", "secret");
    try {
      const std::lock_guard lock(store_.mutex_);
      auto query = store_.db_.prepare(
          "SELECT nonce, ciphertext FROM secrets WHERE plugin = ?1 AND installation = ?2 AND name = ?3");
      query.bind(1, plugin_).bind(2, installation_).bind(3, name);
      if (!query.step()) return std::optional<sdk::Secret>();
      const Sealed sealed{query.column_blob(0), query.column_blob(1)};
      auto key = store_.key_locked();
      if (!key) return key.status();
      auto plain = (*key)->open(sealed, associated_data(plugin_, installation_, name));
      if (!plain) {
        return Status(
            Code::internal, "A stored secret could not be decrypted: it is damaged or was moved.",
            "authentication failed for secret '" + std::string(name) + "' of " + plugin_ + "/" + installation_);
      }
      store_.redactor_.remember(*plain);
      return std::optional<sdk::Secret>(sdk::Secret(std::move(*plain)));
    } catch (const std::exception& e) {
      return storage_failure(e);
    }
  }

  Status apply(const sdk::WriteBatch& batch) override {
    if (auto valid = validate(batch); !valid.ok()) return valid;
    try {
      const std::lock_guard lock(store_.mutex_);
      const SecretKey* key = nullptr;
      if (has_secret_puts(batch)) {
        auto loaded = store_.key_locked();
        if (!loaded) return loaded.status();
        key = *loaded;
      }
      Transaction transaction(store_.db_);
      for (const auto& op : batch.operations()) write(op, key);
      transaction.commit();
      return {};
    } catch (const std::exception& e) {
      return storage_failure(e);
    }
  }

 private:
  void write(const sdk::WriteBatch::Operation& op, const SecretKey* key) {
    using Kind = sdk::WriteBatch::Kind;
    auto& db = store_.db_;
    switch (op.kind) {
      case Kind::put:
        db.cached(
              "INSERT INTO kv (plugin, installation, key, value) VALUES (?1, ?2, ?3, ?4) "
              "ON CONFLICT (plugin, installation, key) DO UPDATE SET value = excluded.value")
            ->bind(1, plugin_)
            .bind(2, installation_)
            .bind(3, op.name)
            .bind_blob(4, op.value)
            .run();
        break;
      case Kind::erase:
        db.cached("DELETE FROM kv WHERE plugin = ?1 AND installation = ?2 AND key = ?3")
            ->bind(1, plugin_)
            .bind(2, installation_)
            .bind(3, op.name)
            .run();
        break;
      case Kind::erase_range:
        db.cached("DELETE FROM kv WHERE plugin = ?1 AND installation = ?2 AND key >= ?3 AND key <= ?4")
            ->bind(1, plugin_)
            .bind(2, installation_)
            .bind(3, op.name)
            .bind(4, op.value)
            .run();
        break;
      case Kind::erase_prefix:
        db.prepare("DELETE FROM kv WHERE plugin = ?1 AND installation = ?2 AND key >= ?3 AND (?4 = '' OR key < ?4)")
            .bind(1, plugin_)
            .bind(2, installation_)
            .bind(3, op.name)
            .bind(4, prefix_upper_bound(op.name))
            .run();
        break;
      case Kind::put_secret: {
        store_.redactor_.remember(op.secret.expose());
        const Sealed sealed = key->seal(op.secret.expose(), associated_data(plugin_, installation_, op.name));
        db.prepare(
              "INSERT INTO secrets (plugin, installation, name, nonce, ciphertext) VALUES (?1, ?2, ?3, ?4, ?5) "
              "ON CONFLICT (plugin, installation, name) DO UPDATE SET nonce = excluded.nonce, "
              "ciphertext = excluded.ciphertext")
            .bind(1, plugin_)
            .bind(2, installation_)
            .bind(3, op.name)
            .bind_blob(4, sealed.nonce)
            .bind_blob(5, sealed.ciphertext)
            .run();
        break;
      }
      case Kind::erase_secret:
        db.prepare("DELETE FROM secrets WHERE plugin = ?1 AND installation = ?2 AND name = ?3")
            .bind(1, plugin_)
            .bind(2, installation_)
            .bind(3, op.name)
            .run();
        break;
      case Kind::erase_everything:
        for (const char* table : {"kv", "secrets"}) {
          db.prepare(std::string("DELETE FROM ") + table + " WHERE plugin = ?1 AND installation = ?2")
              .bind(1, plugin_)
              .bind(2, installation_)
              .run();
        }
        break;
    }
  }

  Store& store_;
  std::string plugin_;
  std::string installation_;
};

namespace {

/// Creates the database file for its owner only before SQLite opens it: SQLite gives the -wal and -shm files the
/// database file's permissions, so this holds for all three whatever the process umask.
std::filesystem::path owner_only_database(const std::filesystem::path& data_dir) {
  auto file = data_dir / Store::database_file_name;
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    throw DatabaseError("cannot create " + file.string() + ": " + std::system_category().message(errno));
  }
  ::close(fd);
  return file;
}

}  // namespace

Store::Store(std::filesystem::path data_dir, Redactor& redactor)
    : data_dir_(std::move(data_dir)), redactor_(redactor), db_(owner_only_database(data_dir_)) {
  db_.execute(schema);
}

Store::~Store() = default;

sdk::Result<std::unique_ptr<sdk::InstallationStorage>> Store::installation(std::string plugin_id,
                                                                           std::string installation_id) {
  if (!is_valid_scope_id(plugin_id) || !is_valid_scope_id(installation_id)) {
    return Status(Code::invalid_argument,
                  "Invalid restaurant id: use 1 to 64 letters, digits, '.', '_' or '-', not starting with '.' or '-'.",
                  "storage scope rejected");
  }
  return std::unique_ptr<sdk::InstallationStorage>(
      std::make_unique<Scoped>(*this, std::move(plugin_id), std::move(installation_id)));
}

sdk::Result<std::vector<std::string>> Store::installations_of(std::string_view plugin_id) {
  try {
    const std::lock_guard lock(mutex_);
    auto query = db_.prepare(
        "SELECT installation FROM kv WHERE plugin = ?1 UNION SELECT installation FROM secrets WHERE plugin = ?1 "
        "ORDER BY 1");
    query.bind(1, plugin_id);
    std::vector<std::string> ids;
    while (query.step()) ids.push_back(query.column_text(0));
    return ids;
  } catch (const std::exception& e) {
    return storage_failure(e);
  }
}

sdk::Result<const SecretKey*> Store::key_locked() {
  auto query = db_.prepare("SELECT value FROM meta WHERE name = 'secret_key_fingerprint'");
  const std::optional<std::string> stored = query.step() ? std::optional(query.column_text(0)) : std::nullopt;
  if (!key_) {
    try {
      key_.emplace(SecretKey::load(data_dir_, /*create_if_missing=*/!stored));
    } catch (const SecretKeyError& e) {
      return Status(Code::internal, std::string("The host's secret key is not usable: ") + e.what() + ".", e.what());
    }
  }
  const std::string fingerprint = key_->fingerprint();
  if (!stored) {
    db_.prepare("INSERT INTO meta (name, value) VALUES ('secret_key_fingerprint', ?1)").bind(1, fingerprint).run();
  } else if (*stored != fingerprint) {
    return Status(Code::internal,
                  "The host's secret key does not match the key this data dir's secrets were encrypted with "
                  "(data dir " +
                      data_dir_.string() + "). Restore the original " + SecretKey::file_name + " or " +
                      SecretKey::environment_variable + ".",
                  "secret key fingerprint mismatch");
  }
  return static_cast<const SecretKey*>(&*key_);
}

}  // namespace eatos::host
