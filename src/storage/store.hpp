// The mock host's storage: one SQLite database (WAL) in the data dir holding every plugin's key-value data and
// encrypted secrets, handed to plugins as sdk::InstallationStorage scoped to (plugin, installation).
//
// Every InstallationStorage::apply is one transaction. The secret key is loaded on first use only, so commands
// that touch no secret (listing) never need it. Thread-safe: calls are serialised on one connection.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "eatos/sdk/services.hpp"
#include "eatos/sdk/status.hpp"
#include "services/redactor.hpp"
#include "storage/database.hpp"
#include "storage/secret_key.hpp"

namespace eatos::host {

/// Installation (restaurant) and plugin ids: 1..64 of [A-Za-z0-9._-], not starting with '.' or '-'.
[[nodiscard]] bool is_valid_scope_id(std::string_view id) noexcept;

class Store {
 public:
  static constexpr const char* database_file_name = "eatos.db";

  /// Opens the database in `data_dir`, which must exist (see prepare_data_dir). Throws DatabaseError.
  Store(std::filesystem::path data_dir, Redactor& redactor);
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  ~Store();

  /// Storage for one installation of one plugin; the Store must outlive it.
  sdk::Result<std::unique_ptr<sdk::InstallationStorage>> installation(std::string plugin_id,
                                                                      std::string installation_id);

  /// The installations for which `plugin_id` has stored data or secrets, in id order.
  sdk::Result<std::vector<std::string>> installations_of(std::string_view plugin_id);

  /// Runs `work(Database&)` with the connection to itself: for the host's own tables (users, POS data). `work` may
  /// throw DatabaseError; it must not call back into the Store.
  template <class Work>
  decltype(auto) with_database(Work&& work) {
    const std::lock_guard lock(mutex_);
    return std::forward<Work>(work)(db_);
  }

  [[nodiscard]] const std::filesystem::path& data_dir() const noexcept { return data_dir_; }

 private:
  class Scoped;
  friend class Scoped;
  friend class UserAccounts;

  /// The key, loaded and checked against the stored fingerprint on first use. Requires mutex_ held.
  sdk::Result<const SecretKey*> key_locked();

  std::filesystem::path data_dir_;
  Redactor& redactor_;
  std::mutex mutex_;
  Database db_;
  std::optional<SecretKey> key_;
};

/// Creates the data dir (mode 0700) or tightens an existing one to 0700. Throws std::runtime_error naming the dir.
void prepare_data_dir(const std::filesystem::path& data_dir);

}  // namespace eatos::host
