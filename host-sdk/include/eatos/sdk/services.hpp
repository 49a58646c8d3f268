// The services the host hands a plugin: storage, logging, time and scheduling, and (since 1.1) POS data.
//
// Ownership: the host owns every service object and keeps it alive for as long as the plugin's Integration
// exists. Threading: every service may be called from any thread, concurrently. Failure: calls that can fail return
// Status/Result; none throws.
#pragma once

#include <boost/config.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "eatos/sdk/secret.hpp"
#include "eatos/sdk/status.hpp"
#include "eatos/sdk/version.hpp"

EATOS_SDK_BEGIN_NAMESPACE

// ---- Storage -----------------------------------------------------------------------------------------------------

/// A set of changes to one installation's data and secrets, applied all or nothing by InstallationStorage::apply.
/// Operations apply in the order they were added.
class WriteBatch {
 public:
  enum class Kind : std::uint8_t {
    put,
    erase,
    erase_prefix,
    put_secret,
    erase_secret,
    erase_everything,
    erase_range,  // since 1.1
  };
  struct Operation {
    Kind kind;
    std::string name;   // the key, prefix, secret name, or first key of a range
    std::string value;  // for put; the last key of a range
    Secret secret;      // for put_secret
  };

  WriteBatch& put(std::string key, std::string value) {
    ops_.push_back({Kind::put, std::move(key), std::move(value), {}});
    return *this;
  }
  WriteBatch& erase(std::string key) {
    ops_.push_back({Kind::erase, std::move(key), {}, {}});
    return *this;
  }
  /// Erases every key that starts with `prefix`.
  WriteBatch& erase_prefix(std::string prefix) {
    ops_.push_back({Kind::erase_prefix, std::move(prefix), {}, {}});
    return *this;
  }
  /// Since SDK 1.1: erases every key from `first` to `last`, both included (a page of a queue, in one step).
  WriteBatch& erase_range(std::string first, std::string last) {
    ops_.push_back({Kind::erase_range, std::move(first), std::move(last), {}});
    return *this;
  }
  WriteBatch& put_secret(std::string name, Secret value) {
    ops_.push_back({Kind::put_secret, std::move(name), {}, std::move(value)});
    return *this;
  }
  WriteBatch& erase_secret(std::string name) {
    ops_.push_back({Kind::erase_secret, std::move(name), {}, {}});
    return *this;
  }
  /// Erases every key and every secret of the installation (what "remove" needs).
  WriteBatch& erase_everything() {
    ops_.push_back({Kind::erase_everything, {}, {}, {}});
    return *this;
  }

  [[nodiscard]] const std::vector<Operation>& operations() const noexcept { return ops_; }
  [[nodiscard]] bool empty() const noexcept { return ops_.empty(); }

 private:
  std::vector<Operation> ops_;
};

struct KeyValue {
  std::string key;
  std::string value;
};

/// One installation's data (key-value) and secrets, scoped to (plugin, installation) by the host: nothing reachable
/// through it belongs to another plugin or another restaurant.
///
/// Keys and secret names are 1..256 printable ASCII characters; values are at most 1 MiB. Secrets are encrypted at
/// rest by the host; plain values are not, so never put a secret in a value.
class BOOST_SYMBOL_VISIBLE InstallationStorage {
 public:
  virtual ~InstallationStorage() = default;

  [[nodiscard]] virtual const std::string& installation_id() const noexcept = 0;

  /// The value of `key`, or nullopt when absent.
  virtual Result<std::optional<std::string>> get(std::string_view key) = 0;
  /// Every key starting with `prefix` (empty: all), in key order.
  virtual Result<std::vector<KeyValue>> list(std::string_view prefix) = 0;
  /// The decrypted secret, or nullopt when absent. Fails with Code::internal when it cannot be decrypted (for
  /// example the host's secret key changed); never returns garbage.
  virtual Result<std::optional<Secret>> secret(std::string_view name) = 0;
  /// Applies the whole batch in one transaction: on failure nothing of it is stored.
  virtual Status apply(const WriteBatch& batch) = 0;

  // Since SDK 1.1 (appended, so plugins built against 1.0 still find the methods above where they were).

  /// At most `limit` keys starting with `prefix` and sorting after `after` (from the first when empty), in key
  /// order: pages through long lists (an outbox) without loading them whole.
  virtual Result<std::vector<KeyValue>> list_after(std::string_view prefix, std::string_view after,
                                                   std::size_t limit) = 0;
  /// How many keys start with `prefix`.
  virtual Result<std::uint64_t> count(std::string_view prefix) = 0;
  /// The values of `keys` (nullopt for an absent one), in the order asked, read together: one round trip for a
  /// page of lookups.
  virtual Result<std::vector<std::optional<std::string>>> get_many(const std::vector<std::string>& keys) = 0;

  // Single-operation conveniences.
  Status put(std::string key, std::string value) { return apply(WriteBatch().put(std::move(key), std::move(value))); }
  Status erase(std::string key) { return apply(WriteBatch().erase(std::move(key))); }
  Status put_secret(std::string name, Secret value) {
    return apply(WriteBatch().put_secret(std::move(name), std::move(value)));
  }
  Status erase_secret(std::string name) { return apply(WriteBatch().erase_secret(std::move(name))); }
};

// ---- Logging -----------------------------------------------------------------------------------------------------

enum class LogLevel : std::uint8_t { debug, info, warning, error };

/// Where a plugin writes operator-facing diagnostics. Never pass a secret: a `Secret` has no string conversion for
/// that reason. (The host also masks any secret value it has handled, as a second line of defence.)
class BOOST_SYMBOL_VISIBLE Logger {
 public:
  virtual ~Logger() = default;
  virtual void log(LogLevel level, std::string_view message) noexcept = 0;

  void debug(std::string_view message) noexcept { log(LogLevel::debug, message); }
  void info(std::string_view message) noexcept { log(LogLevel::info, message); }
  void warning(std::string_view message) noexcept { log(LogLevel::warning, message); }
  void error(std::string_view message) noexcept { log(LogLevel::error, message); }
};

// ---- Time and scheduling -----------------------------------------------------------------------------------------

/// The host's clock; tests substitute a fake one.
class BOOST_SYMBOL_VISIBLE Clock {
 public:
  virtual ~Clock() = default;
  /// Wall-clock time (UTC instants), for timestamps that are stored or sent.
  [[nodiscard]] virtual std::chrono::system_clock::time_point now() const noexcept = 0;
  /// A monotonic time, for measuring intervals (timeouts, pacing).
  [[nodiscard]] virtual std::chrono::steady_clock::time_point monotonic() const noexcept = 0;
};

using TaskId = std::uint64_t;

/// Runs plugin work on host-owned threads; plugins start no threads of their own, so the host can always stop
/// their work before it unloads them.
///
/// Tasks may run on any host thread, possibly concurrently with the plugin's other calls. A task must not throw
/// (the host logs and swallows it if it does). Before the plugin's Integration is destroyed the host cancels every
/// task the plugin scheduled and waits for running ones to finish.
class BOOST_SYMBOL_VISIBLE Scheduler {
 public:
  virtual ~Scheduler() = default;
  /// Runs `task` once, after `delay`.
  virtual TaskId run_after(std::chrono::milliseconds delay, std::function<void()> task) = 0;
  /// Runs `task` every `interval`, the first time after one interval. A run that overlaps the next due time delays it.
  virtual TaskId run_every(std::chrono::milliseconds interval, std::function<void()> task) = 0;
  /// Cancels a task; waits for it to finish if it is running on another thread. Unknown ids are ignored.
  virtual void cancel(TaskId id) noexcept = 0;
};

class PosData;  // pos.hpp

// ---- All of them -------------------------------------------------------------------------------------------------

/// Handed to the plugin's factory. Valid until the plugin's Integration has been destroyed.
class BOOST_SYMBOL_VISIBLE HostServices {
 public:
  virtual ~HostServices() = default;

  virtual Logger& logger() noexcept = 0;
  virtual const Clock& clock() noexcept = 0;
  virtual Scheduler& scheduler() noexcept = 0;
  /// Storage of one installation (a restaurant) of this plugin. The caller owns the returned object; it must not
  /// outlive the HostServices. Fails with invalid_argument for an id that is not a valid installation id.
  virtual Result<std::unique_ptr<InstallationStorage>> storage(std::string_view installation_id) = 0;

  // Since SDK 1.1 (appended, so plugins built against 1.0 still find the methods above where they were).

  /// The POS data (stores, orders, change feed) of one restaurant. The caller owns the returned object; it must not
  /// outlive the HostServices. Fails with invalid_argument for an invalid id.
  virtual Result<std::unique_ptr<PosData>> pos(std::string_view installation_id) = 0;
  /// The restaurants for which this plugin has stored data, in id order: where a plugin resumes background work.
  virtual Result<std::vector<std::string>> installations() = 0;
};

EATOS_SDK_END_NAMESPACE
